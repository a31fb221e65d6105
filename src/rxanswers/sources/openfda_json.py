"""openFDA ``drug/label`` JSON: bulk files, single records, JSON Lines.

Format (https://open.fda.gov/apis/drug/label/, schema in ``data/reference/druglabel_schema.json``):

* Bulk download ``drug-label-00NN-of-00NN.json.zip``: one ``.json`` of ``{"meta": {...}, "results": [record, ...]}``,
  100+ MB each. Read here record by record with flat memory: a brace/string-aware byte scanner finds the
  ``"results"`` array and cuts out one top-level object at a time, which ``orjson`` then parses. A bare array of
  records, a single record object, and several concatenated objects are accepted too; ``.jsonl``/``.ndjson``
  files are read line by line.
* A record: ``set_id``, ``id`` (the SPL document id of this version), ``version`` (a *string*), ``effective_time``
  (``YYYYMMDD``), the ``openfda`` block (arrays: ``brand_name``, ``generic_name``, ``substance_name``,
  ``manufacturer_name``, ``product_type``, ``route``, ``dosage_form``, ``application_number``, ``rxcui``, ``unii``,
  ``package_ndc``, ``pharm_class_epc|moa|pe|cs``), and one field per label section, each an *array of strings*
  (``indications_and_usage``, ``boxed_warning``, ...; ``*_table`` fields hold table markup as HTML strings).

Quirks and choices:

* Section fields are those of openFDA's mapping (``spl_mapping.json``); other unknown fields are listed in
  ``notes``. Array elements are joined with a blank line; empty sections are dropped. Section ``order`` is the
  position among the record's section fields (0-based, record order). The text keeps openFDA's wording, including
  the leading heading ("1 INDICATIONS AND USAGE ...").
* Pharmacologic classes lose their "[EPC]"-style suffix: ``{"epc": ["Macrolide Antimicrobial"], ...}``.
* A bad record -- invalid or truncated JSON, not an object, no ``set_id``, wrong types, a field larger than
  ``max_field_bytes`` (2 MB) or a record larger than ``max_record_bytes`` -- becomes a ``RecordError`` at
  ``"record N (byte B)"`` (``B`` = offset of the record in the decompressed stream). Reading goes on after a bad
  record; a truncated file ends with one error at the break.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO

import orjson

from .io import iter_json_lines, iter_members, strip_compression_suffix
from .records import LabelRecord, RecordError, SectionRecord
from .section_keys import OPENFDA_METADATA_FIELDS, SectionCatalog, section_catalog

SOURCE = "openfda_json"
DEFAULT_MAX_FIELD_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024
CHUNK_SIZE = 1024 * 1024

_OUTSIDE_STRING = re.compile(rb'[{}\[\]"]')
_INSIDE_STRING = re.compile(rb'["\\]')
_SCALAR_END = re.compile(rb"[,\]}\s]")
_FIRST_KEY = re.compile(rb'\{\s*"((?:[^"\\]|\\.)*)"', re.DOTALL)
_WHITESPACE = frozenset(b" \t\r\n")
_BOM = b"\xef\xbb\xbf"
_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
_LINE_SUFFIXES = (".jsonl", ".ndjson")
_PHARM_CLASS_KINDS = ("epc", "moa", "pe", "cs")


class _Truncated(Exception):
    """The stream ended inside a JSON value."""


class _JsonScanner:
    """Cuts complete JSON values out of a byte stream, holding at most one value plus one chunk in memory."""

    def __init__(self, stream: IO[bytes], chunk_size: int = CHUNK_SIZE) -> None:
        self.stream = stream
        self.chunk_size = chunk_size
        self.buf = bytearray()
        self.pos = 0  # index into buf
        self.offset = 0  # absolute stream offset of buf[0]
        self.eof = False

    @property
    def byte_offset(self) -> int:
        return self.offset + self.pos

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(self.chunk_size)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def _compact(self) -> None:
        if self.pos:
            del self.buf[: self.pos]
            self.offset += self.pos
            self.pos = 0

    def skip_bom(self) -> None:
        while len(self.buf) < len(_BOM) and self._fill():
            pass
        if self.buf.startswith(_BOM):
            self.pos = len(_BOM)

    def peek(self) -> int | None:
        """The next non-whitespace byte (pos is moved onto it), or None at end of stream."""
        while True:
            buf, pos, end = self.buf, self.pos, len(self.buf)
            while pos < end and buf[pos] in _WHITESPACE:
                pos += 1
            self.pos = pos
            if pos < end:
                return buf[pos]
            self._compact()
            if not self._fill():
                return None

    def advance(self) -> None:
        self.pos += 1

    def first_key(self, limit: int = 1 << 16) -> str | None:
        """The first key of the object starting at pos, without consuming anything (None if not found)."""
        while True:
            match = _FIRST_KEY.match(self.buf, self.pos)
            if match:
                try:
                    return orjson.loads(b'"' + match.group(1) + b'"')
                except orjson.JSONDecodeError:
                    return None
            if len(self.buf) - self.pos > limit or not self._fill():
                return None

    def take_value(self, limit: int) -> tuple[int, bytes | None, int]:
        """Cut out the value starting at pos: ``(start offset, bytes or None if over limit, size)``.

        Raises ``_Truncated`` if the stream ends inside the value.
        """
        self._compact()
        start_offset = self.offset
        first = self.buf[0]
        if first in b"{[":
            return self._take_container(start_offset, limit)
        if first == ord('"'):
            return self._take_string(start_offset, limit)
        return self._take_scalar(start_offset)

    def _take_container(self, start_offset: int, limit: int) -> tuple[int, bytes | None, int]:
        depth, in_string, scan = 0, False, 0
        too_large = False
        while True:
            if in_string:
                match = _INSIDE_STRING.search(self.buf, scan)
                if match is not None:
                    if match.group() == b'"':
                        in_string, scan = False, match.end()
                    else:
                        scan = match.start() + 2  # skip the escaped byte (may lie past the buffer end)
                    continue
            else:
                match = _OUTSIDE_STRING.search(self.buf, scan)
                if match is not None:
                    char = match.group()
                    scan = match.end()
                    if char in (b"{", b"["):
                        depth += 1
                    elif char in (b"}", b"]"):
                        depth -= 1
                        if depth == 0:
                            size = self.offset + scan - start_offset
                            value = None if too_large else bytes(self.buf[:scan])
                            self.pos = scan
                            return start_offset, value, size
                    else:
                        in_string = True
                    continue
            # Nothing more of interest in what we hold: never scan it again (a huge value stays linear).
            scan = max(scan, len(self.buf))
            # Need more bytes; drop what we hold if the value is already too large to keep.
            if not too_large and len(self.buf) > limit:
                too_large = True
            if too_large:
                keep_from = min(scan, len(self.buf))
                del self.buf[:keep_from]
                self.offset += keep_from
                scan -= keep_from
            if not self._fill():
                raise _Truncated(start_offset)

    def _take_string(self, start_offset: int, limit: int) -> tuple[int, bytes | None, int]:
        scan = 1
        while True:
            match = _INSIDE_STRING.search(self.buf, scan)
            if match is not None:
                if match.group() == b'"':
                    scan = match.end()
                    self.pos = scan
                    value = bytes(self.buf[:scan]) if scan <= limit else None
                    return start_offset, value, scan
                scan = match.start() + 2
                continue
            scan = max(scan, len(self.buf))  # linear in the string's length, however long
            if not self._fill():
                raise _Truncated(start_offset)

    def _take_scalar(self, start_offset: int) -> tuple[int, bytes | None, int]:
        while True:
            match = _SCALAR_END.search(self.buf, 0)
            if match is not None:
                self.pos = match.start()
                return start_offset, bytes(self.buf[: match.start()]), match.start()
            if not self._fill():
                self.pos = len(self.buf)
                return start_offset, bytes(self.buf), len(self.buf)


# --- record mapping -------------------------------------------------------------------------------------------


class _BadRecord(Exception):
    pass


def _string_list(value: object, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise _BadRecord(f"{name}: expected an array of strings, got {_describe_type(value)}")


def _describe_type(value: object) -> str:
    if isinstance(value, list):
        kinds = sorted({type(item).__name__ for item in value if not isinstance(item, str)})
        return f"an array containing {', '.join(kinds)}" if kinds else "an array"
    return {dict: "an object", str: "a string", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _optional_str(record: dict, name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
        value = value[0]
    if not isinstance(value, str):
        raise _BadRecord(f"{name}: expected a string, got {_describe_type(value)}")
    return value.strip()


def parse_version(value: object) -> int | None:
    """openFDA ``version`` ("23") -> 23; None if absent. Raises ``ValueError`` if not a whole number."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"version {value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ValueError(f"version {value!r} is not a whole number")


def parse_yyyymmdd(value: object) -> date | None:
    """``"20251016"`` -> date; None if absent. Raises ``ValueError`` if malformed."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{8}", value.strip()):
        raise ValueError(f"date {value!r} is not YYYYMMDD")
    try:
        return datetime.strptime(value.strip(), "%Y%m%d").date()
    except ValueError:  # strptime's own words ("unconverted data remains: 45") help nobody
        raise ValueError(f"date {value!r} is not a calendar date (YYYYMMDD)") from None


def strip_pharm_class_suffix(name: str) -> str:
    """``"Kinase Inhibitor [EPC]"`` -> ``"Kinase Inhibitor"``."""
    return re.sub(r"\s*\[[^\]]*\]\s*$", "", name).strip()


def label_from_openfda(
    record: object,
    *,
    file: str,
    position: str,
    source: str = SOURCE,
    catalog: SectionCatalog | None = None,
    max_field_bytes: int = DEFAULT_MAX_FIELD_BYTES,
) -> LabelRecord | RecordError:
    """Map one parsed openFDA label record to a ``LabelRecord`` (or a ``RecordError`` saying why not)."""
    catalog = catalog or section_catalog()
    if not isinstance(record, dict):
        return RecordError(file, position, f"record is not a JSON object (got {_describe_type(record)})")
    try:
        set_id = _optional_str(record, "set_id")
        if not set_id:
            return RecordError(file, position, "missing set_id")
        try:
            version = parse_version(record.get("version"))
            effective = parse_yyyymmdd(record.get("effective_time"))
        except ValueError as exc:
            raise _BadRecord(str(exc)) from None
        openfda = record.get("openfda") or {}
        if not isinstance(openfda, dict):
            raise _BadRecord(f"openfda: expected an object, got {_describe_type(openfda)}")

        def block(name: str) -> list[str]:
            return _string_list(openfda.get(name), f"openfda.{name}")

        label = LabelRecord(
            set_id=set_id,
            source=source,
            source_file=file,
            position=position,
            spl_id=_optional_str(record, "id"),
            version=version,
            effective_date=effective,
            brand_names=block("brand_name"),
            generic_names=block("generic_name"),
            substance_names=block("substance_name"),
            manufacturer=next(iter(block("manufacturer_name")), ""),
            product_type=next(iter(block("product_type")), ""),
            routes=block("route"),
            dosage_forms=block("dosage_form"),
            application_numbers=block("application_number"),
            rxcuis=block("rxcui"),
            uniis=block("unii"),
            package_ndcs=block("package_ndc"),
        )
        for kind in _PHARM_CLASS_KINDS:
            classes = [strip_pharm_class_suffix(c) for c in block(f"pharm_class_{kind}")]
            if classes:
                label.pharm_classes[kind] = classes
        unknown = []
        for key, value in record.items():
            if key in OPENFDA_METADATA_FIELDS:
                continue
            if key not in catalog.openfda_fields:
                unknown.append(key)
                continue
            parts = _string_list(value, key)
            size = sum(len(part) for part in parts)
            if size > max_field_bytes // 4 and sum(len(part.encode()) for part in parts) > max_field_bytes:
                raise _BadRecord(f"{key}: field larger than {max_field_bytes} bytes")
            text = "\n\n".join(part.strip() for part in parts if part.strip())
            if not text:
                continue
            title, loinc = catalog.describe(key)
            label.sections.append(
                SectionRecord(key=key, text=text, title=title, loinc=loinc, order=len(label.sections))
            )
        if unknown:
            label.notes.append(
                f"fields not in the openFDA label mapping, ignored: {', '.join(sorted(unknown))}"
            )
        return label
    except _BadRecord as exc:
        return RecordError(file, position, str(exc))


# --- reading --------------------------------------------------------------------------------------------------


def read_openfda_json(
    path: str | os.PathLike[str],
    *,
    max_field_bytes: int = DEFAULT_MAX_FIELD_BYTES,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    source: str = SOURCE,
) -> Iterator[LabelRecord | RecordError]:
    """Yield a ``LabelRecord`` or ``RecordError`` per openFDA label record in ``path``.

    ``path`` is a ``.json`` / ``.jsonl`` file (optionally ``.gz``/``.xz``), a ``.zip`` of such files, or a
    directory of them. Raises ``UnreadableSourceError`` only if ``path`` cannot be opened at all.
    """
    catalog = section_catalog()
    path = Path(path)
    for name, stream in iter_members(path):
        base = strip_compression_suffix(name).lower()
        if path.is_dir() or path.suffix.lower() == ".zip":
            if not base.endswith(_JSON_SUFFIXES):
                continue  # README.md, images, ...
        if isinstance(stream, RecordError):  # refused by the zip expansion caps
            yield stream
            continue
        if base.endswith(_LINE_SUFFIXES):
            yield from _read_json_lines(stream, name, catalog, max_field_bytes, source)
        else:
            yield from _read_json_stream(stream, name, catalog, max_field_bytes, max_record_bytes, source)


def _read_json_lines(
    stream: IO[bytes], file: str, catalog: SectionCatalog, max_field_bytes: int, source: str
) -> Iterator[LabelRecord | RecordError]:
    for number, (position, value) in enumerate(iter_json_lines(stream, file), start=1):
        where = f"record {number} ({position})"
        if isinstance(value, RecordError):
            yield RecordError(file, where, value.reason)
        else:
            yield label_from_openfda(
                value,
                file=file,
                position=where,
                source=source,
                catalog=catalog,
                max_field_bytes=max_field_bytes,
            )


def _read_json_stream(
    stream: IO[bytes],
    file: str,
    catalog: SectionCatalog,
    max_field_bytes: int,
    max_record_bytes: int,
    source: str,
) -> Iterator[LabelRecord | RecordError]:
    scanner = _JsonScanner(stream)
    scanner.skip_bom()
    count = 0

    def record_at(start: int, raw: bytes | None, size: int) -> LabelRecord | RecordError:
        position = f"record {count} (byte {start})"
        if raw is None:
            return RecordError(file, position, f"record larger than {max_record_bytes} bytes ({size} bytes)")
        try:
            value = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            return RecordError(file, position, f"invalid JSON: {exc}")
        return label_from_openfda(
            value,
            file=file,
            position=position,
            source=source,
            catalog=catalog,
            max_field_bytes=max_field_bytes,
        )

    def truncated(start: int, inside: str) -> RecordError:
        return RecordError(
            file, f"record {count} (byte {start})", f"truncated JSON: file ends inside {inside}"
        )

    first = scanner.peek()
    if first is None:
        yield RecordError(file, "byte 0", "empty file: no JSON value")
        return
    try:
        if first == ord("{") and scanner.first_key() not in ("meta", "results"):
            # One record, or several concatenated records.
            while scanner.peek() is not None:
                count += 1
                start = scanner.byte_offset
                try:
                    yield record_at(*scanner.take_value(max_record_bytes))
                except _Truncated:
                    yield truncated(start, "this record")
                    return
            return
        if first == ord("{"):
            if not _seek_results_array(scanner, max_record_bytes):
                yield RecordError(
                    file, f"byte {scanner.byte_offset}", 'no "results" array in this JSON object'
                )
                return
        elif first != ord("["):
            yield RecordError(file, "byte 0", "not openFDA JSON: expected an object or an array")
            return
        scanner.advance()  # the "[" of the records array
        while True:
            char = scanner.peek()
            if char is None:
                yield RecordError(
                    file, f"byte {scanner.byte_offset}", "truncated JSON: results array not closed"
                )
                return
            if char == ord("]"):
                return
            if char == ord(","):
                scanner.advance()
                continue
            count += 1
            start = scanner.byte_offset
            try:
                yield record_at(*scanner.take_value(max_record_bytes))
            except _Truncated:
                yield truncated(start, "this record")
                return
    except _Truncated as exc:
        yield RecordError(file, f"byte {exc.args[0]}", "truncated JSON: file ends before the results array")


def _seek_results_array(scanner: _JsonScanner, limit: int) -> bool:
    """Move from the wrapper's ``{`` onto the ``[`` of its ``"results"`` value, skipping other members."""
    scanner.advance()
    while True:
        char = scanner.peek()
        if char is None:
            raise _Truncated(scanner.byte_offset)
        if char == ord("}"):
            return False
        if char == ord(","):
            scanner.advance()
            continue
        _, raw_key, _ = scanner.take_value(limit)
        if scanner.peek() != ord(":"):
            return False
        scanner.advance()
        if scanner.peek() is None:
            raise _Truncated(scanner.byte_offset)
        try:
            key = orjson.loads(raw_key) if raw_key else None
        except orjson.JSONDecodeError:
            return False
        if key == "results":
            return scanner.peek() == ord("[")
        scanner.take_value(limit)  # e.g. "meta": skipped
