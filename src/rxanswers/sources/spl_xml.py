"""DailyMed Structured Product Labeling (SPL) XML: HL7 v3 documents, namespace ``urn:hl7-org:v3``.

Accepted: one ``.xml`` (optionally ``.gz``/``.xz``), a directory of them, or a zip of many -- DailyMed's release
zips hold one zip per label (the XML plus images), so nested zips are opened one level deep.

One document = one label version:

* ``setId/@root`` -> set_id, ``id/@root`` -> spl_id, ``versionNumber/@value``, ``effectiveTime/@value``
  (YYYYMMDD), ``title`` (flattened to one line); document ``code/@displayName`` ("HUMAN PRESCRIPTION DRUG
  LABEL") -> product_type without the trailing " LABEL"; ``author//representedOrganization/name`` ->
  manufacturer.
* Products: every ``section/subject/manufacturedProduct/manufacturedProduct`` (the author block also has
  ``manufacturedProduct`` elements; those are establishments and are ignored): ``name`` (+ ``suffix``) -> brand,
  ``asEntityWithGeneric/genericMedicine/name`` -> generic, ``formCode/@displayName`` -> dosage form, active
  ingredients (classCode ``ACTIB``/``ACTIM``/``ACTIR``) -> substance names and UNIIs,
  ``asContent//containerPackagedProduct/code`` -> package NDCs, ``consumedIn//routeCode/@displayName`` -> routes,
  ``subjectOf/approval/id/@extension`` -> application numbers ("NDA020702").
* Sections are identified by LOINC ``code/@code`` and keyed by openFDA field name (``section_keys``). Like openFDA,
  a coded sub-section (12.1 Mechanism of Action inside 12 Clinical Pharmacology) is also emitted on its own;
  uncoded or "SPL Unclassified" sub-sections are only part of their parent. Top-level sections with an unknown
  or missing code become ``spl_unclassified_section``. Several sections with the same key (e.g. a Pregnancy
  subsection under 4 and under 8) are merged into one, blank-line separated, at the first one's ``order``.
* Text: the readable text of the section and its sub-sections, without the section's own heading (that is the
  ``title``; sub-section headings stay, as their own paragraph). Paragraphs are separated by blank lines, list
  items are one per line, tables are flattened row by row with " | " between cells (caption first).
  Highlights ``excerpt`` blocks are skipped (they repeat the full text), as are images.

Invalid XML, a non-SPL root element or a missing setId -> ``RecordError`` at ``"document"``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from lxml import etree

from .io import iter_members, strip_compression_suffix
from .openfda_json import parse_version, parse_yyyymmdd
from .records import LabelRecord, RecordError, SectionRecord
from .section_keys import UNCLASSIFIED_KEY, SectionCatalog, section_catalog

SOURCE = "spl_xml"
HL7 = "urn:hl7-org:v3"
NS = {"v": HL7}
NDC_CODE_SYSTEM = "2.16.840.1.113883.6.69"
UNII_CODE_SYSTEM = "2.16.840.1.113883.4.9"
ACTIVE_INGREDIENT_CLASSES = {"ACTIB", "ACTIM", "ACTIR"}
UNCLASSIFIED_LOINC = "42229-5"
PRODUCT_DATA_LOINC = "48780-1"

_BLOCK_TAGS = {"paragraph", "list", "table"}
_SKIPPED_TAGS = {"renderMultiMedia", "excerpt", "observationMedia"}
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""  # comments, processing instructions
    return tag.rsplit("}", 1)[-1]


def _clean(text: str) -> str:
    """Collapse whitespace on each line; keep line breaks from ``<br/>``."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _one_line(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return _SPACES.sub(" ", " ".join(element.itertext())).strip()


# --- narrative text -------------------------------------------------------------------------------------------


class _TextRenderer:
    """Turns SPL narrative markup into plain-text blocks (paragraphs, list blocks, table blocks)."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self._inline: list[str] = []

    def flush(self) -> None:
        text = _clean("".join(self._inline))
        if text:
            self.blocks.append(text)
        self._inline = []

    def add_block(self, text: str) -> None:
        self.flush()
        if text.strip():
            self.blocks.append(text)

    def mixed(self, element: etree._Element) -> None:
        """Render an element with mixed content (text, inline markup, nested blocks)."""
        if element.text:
            self._inline.append(element.text)
        for child in element:
            tag = _local(child)
            if tag in _SKIPPED_TAGS or not tag:
                pass
            elif tag == "br":
                self._inline.append("\n")
            elif tag == "paragraph":
                self.flush()
                self.mixed(child)
                self.flush()
            elif tag == "list":
                self.add_block(_render_list(child))
            elif tag == "table":
                self.add_block(_render_table(child))
            elif tag == "footnote":
                self._inline.append(" ")
                self.mixed(child)
            else:  # content, sup, sub, linkHtml, caption, ...
                self.mixed(child)
            if child.tail:
                self._inline.append(child.tail)


def _inline_text(element: etree._Element) -> str:
    renderer = _TextRenderer()
    renderer.mixed(element)
    renderer.flush()
    return "\n".join(renderer.blocks)


def _render_list(element: etree._Element) -> str:
    lines = []
    caption = element.find("v:caption", NS)
    if caption is not None:
        lines.append(_one_line(caption))
    for item in element.iterfind("v:item", NS):
        text = _inline_text(item)
        if text:
            lines.append(text)
    return "\n".join(lines)


def _render_table(element: etree._Element) -> str:
    lines = []
    caption = element.find("v:caption", NS)
    if caption is not None and _one_line(caption):
        lines.append(_one_line(caption))
    for part in ("thead", "tbody", "tfoot"):
        for row in element.iterfind(f"v:{part}/v:tr", NS):
            cells = [_inline_text(cell).replace("\n", " ") for cell in row if _local(cell) in ("td", "th")]
            if any(cells):
                lines.append(" | ".join(cells))
    for row in element.iterfind("v:tr", NS):  # rows directly under <table>
        cells = [_inline_text(cell).replace("\n", " ") for cell in row if _local(cell) in ("td", "th")]
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def section_text(section: etree._Element, *, include_title: bool = False) -> str:
    """Readable text of one SPL section and its sub-sections (see module docstring)."""
    renderer = _TextRenderer()
    _render_section(section, renderer, include_title)
    renderer.flush()
    return "\n\n".join(renderer.blocks)


def _render_section(section: etree._Element, renderer: _TextRenderer, include_title: bool) -> None:
    if include_title:
        renderer.add_block(_one_line(section.find("v:title", NS)))
    text = section.find("v:text", NS)
    if text is not None:
        renderer.mixed(text)
        renderer.flush()
    for child in section.iterfind("v:component/v:section", NS):
        _render_section(child, renderer, include_title=True)


# --- document -------------------------------------------------------------------------------------------------


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        value = value.strip()
        if value and value.lower() not in {v.lower() for v in seen}:
            seen[value] = None
    return list(seen)


def _attr(element: etree._Element, path: str, attribute: str) -> str:
    found = element.find(path, NS)
    return (found.get(attribute) or "").strip() if found is not None else ""


def label_from_spl(
    root: etree._Element, *, file: str, position: str = "document", catalog: SectionCatalog | None = None
) -> LabelRecord | RecordError:
    """Map a parsed SPL ``<document>`` element to a ``LabelRecord``."""
    catalog = catalog or section_catalog()
    if root.tag != f"{{{HL7}}}document":
        return RecordError(file, position, f"not an SPL document (root element {root.tag!r})")
    set_id = _attr(root, "v:setId", "root")
    if not set_id:
        return RecordError(file, position, "missing setId")
    try:
        version = parse_version(_attr(root, "v:versionNumber", "value") or None)
        effective = parse_yyyymmdd(_attr(root, "v:effectiveTime", "value")[:8] or None)
    except ValueError as exc:
        return RecordError(file, position, str(exc))
    product_type = _attr(root, "v:code", "displayName").upper()
    product_type = re.sub(r"\s+LABEL$", "", product_type)
    label = LabelRecord(
        set_id=set_id,
        source=SOURCE,
        source_file=file,
        position=position,
        spl_id=_attr(root, "v:id", "root"),
        version=version,
        effective_date=effective,
        title=_one_line(root.find("v:title", NS)),
        manufacturer=_one_line(root.find("v:author/v:assignedEntity/v:representedOrganization/v:name", NS)),
        product_type=product_type,
    )
    _read_products(root, label)
    _read_sections(root, label, catalog)
    return label


def _read_products(root: etree._Element, label: LabelRecord) -> None:
    brands, generics, substances, uniis, forms, routes, ndcs, applications = ([] for _ in range(8))
    for subject in root.iterfind(".//v:section/v:subject", NS):
        product = subject.find("v:manufacturedProduct/v:manufacturedProduct", NS)
        if product is None:
            continue
        brands.append(_one_line(product.find("v:name", NS)))
        generics.append(_one_line(product.find("v:asEntityWithGeneric/v:genericMedicine/v:name", NS)))
        forms.append(_attr(product, "v:formCode", "displayName"))
        for ingredient in product.iterfind(".//v:ingredient", NS):
            if ingredient.get("classCode") in ACTIVE_INGREDIENT_CLASSES:
                substance = ingredient.find("v:ingredientSubstance", NS)
                if substance is not None:
                    substances.append(_one_line(substance.find("v:name", NS)).upper())
                    code = substance.find("v:code", NS)
                    if code is not None and code.get("codeSystem") == UNII_CODE_SYSTEM:
                        uniis.append(code.get("code") or "")
        for code in product.iterfind(".//v:asContent//v:containerPackagedProduct/v:code", NS):
            if code.get("codeSystem") == NDC_CODE_SYSTEM:
                ndcs.append(code.get("code") or "")
        outer = subject.find("v:manufacturedProduct", NS)
        for route in outer.iterfind("v:consumedIn/v:substanceAdministration/v:routeCode", NS):
            routes.append((route.get("displayName") or "").upper())
        for approval in outer.iterfind("v:subjectOf/v:approval/v:id", NS):
            applications.append(approval.get("extension") or "")
    label.brand_names = _unique(brands)
    label.generic_names = _unique(generics)
    label.substance_names = _unique(substances)
    label.uniis = _unique(uniis)
    label.dosage_forms = _unique(forms)
    label.routes = _unique(routes)
    label.package_ndcs = _unique(ndcs)
    label.application_numbers = _unique(applications)


def _read_sections(root: etree._Element, label: LabelRecord, catalog: SectionCatalog) -> None:
    by_key: dict[str, SectionRecord] = {}

    def emit(section: etree._Element, key: str, loinc: str, default_title: str) -> None:
        text = section_text(section)
        if not text:
            return
        existing = by_key.get(key)
        if existing is not None:
            existing.text = f"{existing.text}\n\n{text}"
            return
        title = _one_line(section.find("v:title", NS)) or default_title
        record = SectionRecord(key=key, text=text, title=title, loinc=loinc, order=len(by_key))
        by_key[key] = record
        label.sections.append(record)

    def visit(section: etree._Element, top_level: bool) -> None:
        code = _attr(section, "v:code", "code")
        kind = catalog.by_loinc.get(code)
        if kind is not None and (top_level or code != UNCLASSIFIED_LOINC):
            emit(section, kind.key, kind.loinc, kind.title)
        elif top_level:
            unclassified = catalog.by_loinc.get(UNCLASSIFIED_LOINC)
            emit(section, UNCLASSIFIED_KEY, code, unclassified.title if unclassified else "SPL Unclassified")
        for child in section.iterfind("v:component/v:section", NS):
            visit(child, top_level=False)

    for section in root.iterfind("v:component/v:structuredBody/v:component/v:section", NS):
        visit(section, top_level=True)


# --- reading --------------------------------------------------------------------------------------------------


# The largest SPL documents FDA publishes are a few MB; a document larger than this (a zip bomb's one member, a
# runaway section) is a bad record, never parsed into memory (RXANSWERS_MAX_SPL_BYTES to change it).
MAX_DOCUMENT_BYTES = int(os.environ.get("RXANSWERS_MAX_SPL_BYTES", 64 * 1024**2))


class _TooLarge(Exception):
    pass


class _CappedStream:
    """A read-only view of a stream that refuses to give more than ``limit`` bytes in total."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self.stream, self.left = stream, limit

    def read(self, size: int = -1) -> bytes:
        want = self.left + 1 if size is None or size < 0 else min(size, self.left + 1)
        data = self.stream.read(want)
        self.left -= len(data)
        if self.left < 0:
            raise _TooLarge
        return data


def parse_spl_document(
    stream: IO[bytes], file: str, catalog: SectionCatalog | None = None
) -> LabelRecord | RecordError:
    """Parse one SPL document from a binary stream (at most ``MAX_DOCUMENT_BYTES`` of it)."""
    try:
        root = etree.parse(_CappedStream(stream, MAX_DOCUMENT_BYTES), _parser()).getroot()
    except _TooLarge:
        return RecordError(file, "document", f"larger than {MAX_DOCUMENT_BYTES // 1024**2} MB: not read")
    except etree.XMLSyntaxError as exc:
        return RecordError(file, "document", f"invalid XML: {exc}")
    except (OSError, UnicodeError, LookupError) as exc:
        # libxml2 reports bytes invalid in the declared encoding as an I/O error ("Invalid bytes in character
        # encoding"): one badly encoded document is a bad record, never the end of a whole release
        return RecordError(file, "document", f"unreadable text encoding: {str(exc).split(': ')[-1][:200]}")
    return label_from_spl(root, file=file, catalog=catalog)


def read_spl_xml(path: str | os.PathLike[str]) -> Iterator[LabelRecord | RecordError]:
    """Yield one ``LabelRecord`` (or ``RecordError``) per SPL document in a file, directory or zip.

    Members that are not ``.xml`` (images, README) are skipped. Raises ``UnreadableSourceError`` only if
    ``path`` itself cannot be opened.
    """
    catalog = section_catalog()
    path = Path(path)
    single_file = path.is_file() and path.suffix.lower() != ".zip"
    for name, stream in iter_members(path):
        if not single_file and not strip_compression_suffix(name).lower().endswith(".xml"):
            continue
        if isinstance(stream, RecordError):  # refused by the zip expansion caps
            yield stream
            continue
        yield parse_spl_document(stream, name, catalog)
