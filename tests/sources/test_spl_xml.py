"""DailyMed SPL XML reader: real documents, zips (nested), invalid XML."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import date

from rxanswers.sources.records import LabelRecord, RecordError
from rxanswers.sources.spl_xml import read_spl_xml

from .conftest import SPL_DIR, split_results

LIPITOR = SPL_DIR / "FDA-openfda__lipitor-orig.xml.gz"


def _lipitor() -> LabelRecord:
    [label] = list(read_spl_xml(LIPITOR))
    assert isinstance(label, LabelRecord)
    return label


def test_lipitor_document_metadata():
    label = _lipitor()
    assert label.set_id == "c6e131fe-e7df-4876-83f7-9156fc4e8228"
    assert label.version == 11
    assert label.effective_date == date(2014, 1, 13)
    assert label.spl_id == "20a11732-b9f5-4b59-9d86-c63f11b139d9"
    assert label.source == "spl_xml" and label.position == "document"
    assert label.product_type == "HUMAN PRESCRIPTION DRUG"
    assert label.title.startswith("These highlights do not include") and "\n" not in label.title
    assert label.brand_names == ["Lipitor"]
    assert label.generic_names == ["atorvastatin calcium"]
    assert label.substance_names == ["ATORVASTATIN CALCIUM TRIHYDRATE"]
    assert label.uniis == ["48A5M73Z4Q"]
    assert label.dosage_forms == ["TABLET, FILM COATED"]
    assert label.routes == ["ORAL"]
    assert label.application_numbers == ["NDA020702"]
    assert "0071-0155-23" in label.package_ndcs
    assert label.manufacturer == "Parke-Davis Div of Pfizer Inc"


def test_lipitor_sections_by_loinc():
    sections = {s.key: s for s in _lipitor().sections}
    indications = sections["indications_and_usage"]
    assert indications.loinc == "34067-9" and indications.title == "1 INDICATIONS AND USAGE"
    assert not indications.text.startswith("1 INDICATIONS")  # own heading is the title, not text
    assert "\n\n1.1 Prevention of Cardiovascular Disease\n\n" in indications.text  # sub-section headings kept
    assert "\nReduce the risk of stroke\n" in indications.text  # list items on their own lines
    mechanism = sections["mechanism_of_action"]
    assert mechanism.loinc == "43679-0" and "HMG-CoA reductase" in mechanism.text
    assert mechanism.text in sections["clinical_pharmacology"].text  # coded sub-section also in its parent
    assert "pregnancy" in sections  # 4.3 and 8.1 merged into one section
    assert sections["pregnancy"].text.count("\n\n") >= 1
    orders = [s.order for s in _lipitor().sections]
    assert orders == sorted(orders) == list(range(len(orders)))


def test_tables_flattened_row_by_row():
    adverse = next(s for s in _lipitor().sections if s.key == "adverse_reactions")
    rows = [line for line in adverse.text.splitlines() if " | " in line]
    assert rows, "expected table rows joined with ' | '"
    assert any("Nasopharyngitis" in row for row in rows)


def test_boxed_warning_and_otc_sections():
    records, errors = split_results(read_spl_xml(SPL_DIR))
    assert errors == [] and len(records) == 8
    by_set = {r.set_id: r for r in records}
    adcetris = by_set["3904f8dd-1aef-3490-e48f-bd55f32ed67f"]
    boxed = next(s for s in adcetris.sections if s.key == "boxed_warning")
    assert boxed.loinc == "34066-1" and "JC virus infection resulting in PML" in boxed.text
    cough = by_set["00f66f25-3469-4c16-9baf-fba21e9628bd"]
    assert cough.product_type == "HUMAN OTC DRUG"
    assert {
        "active_ingredient",
        "purpose",
        "do_not_use",
        "ask_doctor_or_pharmacist",
        "keep_out_of_reach_of_children",
    } <= {s.key for s in cough.sections}
    assert by_set["608d4f0d-b19f-46d3-749a-7159aa5f933d"].version == 1560
    no_title = by_set["0027b8a3-73bf-4005-a7e3-b035f451a861"]
    assert no_title.title == "" and no_title.brand_names == ["Haloperidol"]


def test_zip_with_nested_zips(tmp_path):
    lipitor_xml = gzip.decompress(LIPITOR.read_bytes())
    cough_xml = gzip.decompress((SPL_DIR / "FDA-openfda__cough.xml.gz").read_bytes())
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("20140113_c6e131fe.xml", lipitor_xml)
        archive.writestr("lipitor-01.jpg", b"\xff\xd8 not really an image")
    with zipfile.ZipFile(tmp_path / "dm_spl_release.zip", "w") as archive:
        archive.writestr("prescription/20140113_c6e131fe.zip", inner.getvalue())
        archive.writestr("cough.xml", cough_xml)
        archive.writestr("broken.xml", b"<document xmlns='urn:hl7-org:v3'><setId root='x'/>")
    out = list(read_spl_xml(tmp_path / "dm_spl_release.zip"))
    records, errors = split_results(out)
    assert {r.set_id for r in records} == {
        "c6e131fe-e7df-4876-83f7-9156fc4e8228",
        "00f66f25-3469-4c16-9baf-fba21e9628bd",
    }
    lipitor = next(r for r in records if r.set_id.startswith("c6e131fe"))
    assert lipitor.source_file.endswith(
        "dm_spl_release.zip/prescription/20140113_c6e131fe.zip/20140113_c6e131fe.xml"
    )
    [error] = errors
    assert (
        error.file.endswith("broken.xml") and error.position == "document" and "invalid XML" in error.reason
    )


def test_invalid_and_non_spl_xml(tmp_path):
    (tmp_path / "bad.xml").write_bytes(b"<document><unclosed></document>")
    [error] = list(read_spl_xml(tmp_path / "bad.xml"))
    assert isinstance(error, RecordError) and "invalid XML" in error.reason
    (tmp_path / "other.xml").write_bytes(b"<rss><channel/></rss>")
    [error] = list(read_spl_xml(tmp_path / "other.xml"))
    assert "not an SPL document" in error.reason
    (tmp_path / "noset.xml").write_bytes(b"<document xmlns='urn:hl7-org:v3'><id root='a'/></document>")
    [error] = list(read_spl_xml(tmp_path / "noset.xml"))
    assert error.reason == "missing setId"


def test_a_badly_encoded_document_is_a_bad_record_and_the_rest_of_the_zip_loads(tmp_path):
    """libxml2 raises an I/O error (not a syntax error) for bytes invalid in the declared encoding."""
    import gzip
    import zipfile

    from rxanswers.sources import read_spl_xml

    good = gzip.open(SPL_DIR / "FDA-openfda__cough.xml.gz").read()
    bad = b'<?xml version="1.0" encoding="UTF-8"?>\n<document xmlns="urn:hl7-org:v3"><title>\xff\xfe\xc3</title></document>'
    path = tmp_path / "release.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a_bad.xml", bad)
        archive.writestr("b_good.xml", good)
    results = list(read_spl_xml(path))
    assert [type(r).__name__ for r in results] == ["RecordError", "LabelRecord"]
    assert "encoding" in results[0].reason


def test_a_document_past_the_size_cap_is_a_bad_record_never_parsed(tmp_path, monkeypatch):
    """A small zip whose one member expands far past the cap (a zip bomb) costs a bad record, not the memory."""
    from rxanswers.sources import io, spl_xml

    monkeypatch.setattr(spl_xml, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    monkeypatch.setattr(io, "MAX_ZIP_RATIO", 10**6)  # the zip caps would refuse it first (tested in test_io)
    good = gzip.open(SPL_DIR / "FDA-openfda__cough.xml.gz").read()
    huge = (
        b'<?xml version="1.0"?><document xmlns="urn:hl7-org:v3"><text>'
        + b"A" * (40 * 1024 * 1024)
        + b"</text></document>"
    )
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a_huge.xml", huge)
        archive.writestr("b_good.xml", good)
    assert path.stat().st_size < 200 * 1024
    results = list(spl_xml.read_spl_xml(path))
    assert [type(r).__name__ for r in results] == ["RecordError", "LabelRecord"]
    assert "larger than 1 MB" in results[0].reason  # refused after reading 1 MB of it, never parsed whole
