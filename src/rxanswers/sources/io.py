"""Opening published files whatever their packaging: plain, ``.gz``, ``.xz``, ``.zip``, or a directory.

* ``open_binary(path)`` / ``open_text(path)`` open one file; ``.gz`` and ``.xz`` are decompressed on the fly and
  a ``.zip`` must hold exactly one data file (``__MACOSX/`` and directory entries are ignored).
* ``iter_members(path)`` walks every file of a zip (one level of nested zips too, as in DailyMed's release zips),
  or of a directory, or yields the single file itself.
* ``open_table(source, name)`` finds a named file of a multi-file release (``Products.txt`` in ``drugsatfda.zip``
  or in a directory, possibly as ``Products.txt.xz``), case-insensitively.
* ``decode_line`` decodes one line of an FDA text file: UTF-8 when valid, else cp1252 (FDA files mix them).

A file that cannot be opened at all raises ``UnreadableSourceError`` (an ``OSError``) with the path in the message;
readers never raise for a single bad record.
"""

from __future__ import annotations

import gzip
import io
import lzma
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import orjson

from .records import RecordError

COMPRESSION_SUFFIXES = (".gz", ".xz")
_IGNORED_ZIP_PREFIXES = ("__MACOSX/",)


class UnreadableSourceError(OSError):
    """The file (or directory, or archive) as a whole cannot be read."""


def strip_compression_suffix(name: str) -> str:
    """``"TE.txt.xz"`` -> ``"TE.txt"``; ``"a.json.zip"`` -> ``"a.json"``."""
    lower = name.lower()
    for suffix in (*COMPRESSION_SUFFIXES, ".zip"):
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _wrap_compressed(raw: IO[bytes], name: str) -> IO[bytes]:
    lower = name.lower()
    if lower.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if lower.endswith(".xz"):
        return lzma.LZMAFile(raw, mode="rb")  # type: ignore[return-value]
    return raw


def _zip_data_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [
        info
        for info in archive.infolist()
        if not info.is_dir() and not info.filename.startswith(_IGNORED_ZIP_PREFIXES)
    ]


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableSourceError(f"{path}: not a readable zip archive ({exc})") from exc


def _check_exists(path: Path) -> None:
    if not path.exists():
        raise UnreadableSourceError(f"{path}: no such file or directory")


def open_binary(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open one data file for binary reading, decompressing ``.gz``/``.xz``/single-member ``.zip``."""
    path = Path(path)
    _check_exists(path)
    if path.is_dir():
        raise UnreadableSourceError(f"{path}: is a directory, expected a file")
    if path.suffix.lower() == ".zip":
        archive = _open_zip(path)
        members = _zip_data_members(archive)
        if len(members) != 1:
            archive.close()
            names = ", ".join(m.filename for m in members[:5]) or "none"
            raise UnreadableSourceError(
                f"{path}: expected one file in the zip, found {len(members)} ({names})"
            )
        return _wrap_compressed(archive.open(members[0]), members[0].filename)
    try:
        return _wrap_compressed(open(path, "rb"), path.name)  # noqa: SIM115 - caller closes
    except OSError as exc:
        raise UnreadableSourceError(f"{path}: cannot open ({exc})") from exc


def open_text(path: str | os.PathLike[str], encoding: str = "utf-8", errors: str = "strict") -> IO[str]:
    """Open one data file as text (see ``open_binary``)."""
    return io.TextIOWrapper(open_binary(path), encoding=encoding, errors=errors, newline="")


# Zip expansion caps (a zip bomb's member is refused as a bad record before it is read): a member may expand to
# at most MAX_MEMBER_BYTES, at most MAX_ZIP_RATIO times its compressed size once it is over RATIO_FLOOR_BYTES
# (FDA's XML and JSON deflate 5-30x), and one archive to MAX_ARCHIVE_BYTES in all.
MAX_MEMBER_BYTES = int(os.environ.get("RXANSWERS_MAX_MEMBER_BYTES", 8 * 1024**3))
MAX_ZIP_RATIO = int(os.environ.get("RXANSWERS_MAX_ZIP_RATIO", 200))
MAX_ARCHIVE_BYTES = int(os.environ.get("RXANSWERS_MAX_ARCHIVE_BYTES", 64 * 1024**3))
RATIO_FLOOR_BYTES = 10 * 1024**2
_SPOOL_BYTES = 64 * 1024**2  # a nested zip is held in memory up to this size, on disk beyond it

Member = tuple[str, "IO[bytes] | RecordError"]


def _gigabytes(size: int) -> str:
    return f"{size / 1024**3:.1f} GB" if size >= 1024**3 else f"{size / 1024**2:.0f} MB"


class _ExpansionBudget:
    """Checks each zip member's declared size against the caps; ``ZipExtFile`` never gives more than that."""

    def __init__(self) -> None:
        self.total = 0

    def refuse(self, info: zipfile.ZipInfo) -> str | None:
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > MAX_MEMBER_BYTES:
            return (
                f"expands to {_gigabytes(size)}, over the {_gigabytes(MAX_MEMBER_BYTES)} member cap: not read"
            )
        if size > RATIO_FLOOR_BYTES and size / packed > MAX_ZIP_RATIO:
            return f"expands {size // packed}x (over {MAX_ZIP_RATIO}x, a zip bomb?): not read"
        if self.total + size > MAX_ARCHIVE_BYTES:
            return f"the archive expands past {_gigabytes(MAX_ARCHIVE_BYTES)} in all: not read"
        self.total += size
        return None


def _spooled_copy(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
    import shutil
    import tempfile

    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 - caller closes
    with archive.open(info) as member:
        shutil.copyfileobj(member, spool, 1024 * 1024)
    spool.seek(0)
    return spool  # type: ignore[return-value]


def iter_members(path: str | os.PathLike[str]) -> Iterator[Member]:
    """Yield ``(name, binary stream)`` for every file in a zip (nested zips opened one level), directory or file.

    Names are ``"outer.zip/inner.zip/doc.xml"`` style so a record can be traced to its member. Each stream is
    closed when the caller asks for the next member. Compressed members (``.gz``/``.xz``) are decompressed. A zip
    member over the expansion caps is yielded as ``(name, RecordError)`` instead of a stream.
    """
    path = Path(path)
    _check_exists(path)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            yield from iter_members(child)
        return
    if path.suffix.lower() != ".zip":
        with open_binary(path) as stream:
            yield str(path), stream
        return
    budget = _ExpansionBudget()
    with _open_zip(path) as archive:
        for info in _zip_data_members(archive):
            name = f"{path}/{info.filename}"
            refused = budget.refuse(info)
            if refused:
                yield name, RecordError(name, "archive member", refused)
                continue
            if info.filename.lower().endswith(".zip"):
                with _spooled_copy(archive, info) as copy:
                    try:
                        inner = zipfile.ZipFile(copy)
                    except zipfile.BadZipFile as exc:
                        raise UnreadableSourceError(f"{name}: not a readable zip archive ({exc})") from exc
                    with inner:
                        for inner_info in _zip_data_members(inner):
                            inner_name = f"{name}/{inner_info.filename}"
                            refused = budget.refuse(inner_info)
                            if refused:
                                yield inner_name, RecordError(inner_name, "archive member", refused)
                                continue
                            with _wrap_compressed(inner.open(inner_info), inner_info.filename) as stream:
                                yield inner_name, stream
                continue
            with _wrap_compressed(archive.open(info), info.filename) as stream:
                yield name, stream


def open_table(source: str | os.PathLike[str], name: str) -> tuple[str, IO[bytes]]:
    """Find file ``name`` (e.g. ``"Products.txt"``) in a directory or zip, or accept ``source`` if it is that file.

    Matching ignores case and compression suffixes, and looks into sub-folders of a zip. Returns the display
    path and an open binary stream. Raises ``UnreadableSourceError`` if the file is not there.
    """
    source = Path(source)
    _check_exists(source)
    wanted = name.lower()
    if source.is_dir():
        for child in sorted(source.iterdir()):
            if child.is_file() and strip_compression_suffix(child.name).lower() == wanted:
                return str(child), open_binary(child)
        raise UnreadableSourceError(f"{source}: no {name} in this directory")
    if source.suffix.lower() == ".zip":
        archive = _open_zip(source)
        for info in _zip_data_members(archive):
            base = info.filename.rsplit("/", 1)[-1]
            if strip_compression_suffix(base).lower() == wanted:
                return f"{source}/{info.filename}", _wrap_compressed(archive.open(info), base)
        archive.close()
        raise UnreadableSourceError(f"{source}: no {name} in this zip")
    if strip_compression_suffix(source.name).lower() == wanted:
        return str(source), open_binary(source)
    raise UnreadableSourceError(f"{source}: expected {name}, a directory or a zip holding it")


def has_table(source: str | os.PathLike[str], name: str) -> bool:
    """Whether ``open_table(source, name)`` would find the file (without opening it)."""
    try:
        display, stream = open_table(source, name)
    except UnreadableSourceError:
        return False
    stream.close()
    return True


def decode_line(raw: bytes) -> str:
    """Decode one line: UTF-8 if valid, else cp1252, else latin-1 (never fails)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# One row of a tabular file (Drugs@FDA, NDC, Orange Book, NADAC, Purple Book, UNII names, interaction lists) is at
# most a few KB; a longer line is a bad record, read past in chunks and never held (RXANSWERS_MAX_ROW_BYTES), and
# one field of a row is at most RXANSWERS_MAX_FIELD_CHARS characters.
MAX_ROW_BYTES = int(os.environ.get("RXANSWERS_MAX_ROW_BYTES", 1024**2))
MAX_FIELD_CHARS = int(os.environ.get("RXANSWERS_MAX_FIELD_CHARS", 64 * 1024))
# What a text-line generator yields in place of a line over the cap (csv readers see it as a one-field row).
OVERLONG_LINE = "\0line longer than the row size cap (RXANSWERS_MAX_ROW_BYTES): not read"


def overlong_reason(limit: int | None = None) -> str:
    limit = limit or MAX_ROW_BYTES
    size = f"{limit // 1024**2} MB" if limit >= 1024**2 else f"{limit} bytes"
    return f"line longer than {size}: not read"


def iter_lines(stream: IO[bytes], limit: int | None = None) -> Iterator[tuple[int, str | None]]:
    """Yield ``(line number from 1, decoded line without line ending)`` from a binary stream; the line is
    ``None`` when it is longer than ``limit`` bytes (default ``MAX_ROW_BYTES``): it was skipped, never held."""
    for number, raw in enumerate(bounded_lines(stream, limit or MAX_ROW_BYTES), start=1):
        yield number, None if raw is None else decode_line(raw.rstrip(b"\r\n"))


def text_lines(stream: IO[bytes], limit: int | None = None) -> Iterator[str]:
    """Decoded lines ending in ``\\n`` for ``csv.reader``; a line over the cap becomes ``OVERLONG_LINE``."""
    for _, line in iter_lines(stream, limit):
        yield OVERLONG_LINE + "\n" if line is None else line + "\n"


def is_overlong(fields: list[str]) -> bool:
    """Whether a csv row is the stand-in for a skipped overlong line."""
    return len(fields) >= 1 and fields[0] == OVERLONG_LINE


def field_too_long(fields: list[str] | tuple[str, ...]) -> str | None:
    """The bad-record reason when a field is longer than ``MAX_FIELD_CHARS``, else None."""
    for field in fields:
        if field is not None and len(field) > MAX_FIELD_CHARS:
            return f"a field longer than {MAX_FIELD_CHARS:,} characters: not read"
    return None


def iter_json_lines(
    source: str | os.PathLike[str] | IO[bytes], file: str | None = None
) -> Iterator[tuple[str, object]]:
    """Yield ``(position, parsed value)`` per non-blank line of a JSON Lines file or binary stream.

    ``position`` is ``"line N"``; a line that does not parse yields ``(position, RecordError)`` instead of a
    value. Raises ``UnreadableSourceError`` only if a path cannot be opened.
    """
    if isinstance(source, str | os.PathLike):
        with open_binary(source) as stream:
            yield from iter_json_lines(stream, file or str(source))
        return
    file = file or "<stream>"
    for number, raw in enumerate(bounded_lines(source, MAX_LINE_BYTES), start=1):
        position = f"line {number}"
        if raw is None:
            yield (
                position,
                RecordError(file, position, f"longer than {MAX_LINE_BYTES // 1024**2} MB: not read"),
            )
            continue
        if not raw.strip():
            continue
        try:
            yield position, orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield position, RecordError(file, position, f"invalid JSON: {exc}")


# One JSON Lines record (one label) is at most a few MB; a longer line is a bad record, read past in chunks and
# never held (RXANSWERS_MAX_LINE_BYTES to change it).
MAX_LINE_BYTES = int(os.environ.get("RXANSWERS_MAX_LINE_BYTES", 64 * 1024**2))


def bounded_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """Lines of a binary stream, or None for a line longer than ``limit`` (its rest skipped chunk by chunk)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while True:  # too long: skip to the end of this line without keeping it
            rest = stream.readline(1024 * 1024)
            if not rest or rest.endswith(b"\n"):
                break
        yield None
