"""FDA cardiovascular label set reader: the PDDI extraction's layout, bad files, detection, the bundled zip.

The hand-written label below is test data (a made-up medicine, TESTOPRIL); the bundled zip is the real set.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from rxanswers.sources import detect_format, read_cv_labels
from rxanswers.sources.cv_labels import parse

from .conftest import LABELS_DIR, split_results

BUNDLED = LABELS_DIR / "fda_cv_labels_2014" / "cv_labels_2014.zip"
SET_ID = "00000000-0000-4000-8000-000000000001"
TEXT = """TESTOPRIL (testopril maleate) tablet


4 CONTRAINDICATIONS

 <paragraph>
 <main>Testopril is contraindicated in:
 <list>
 <item>
 <item>Patients with a history of angioedema.
 <item>
 <item>Cardiogenic shock.
 </list>
 </paragraph>


WARNINGS

Hyperkalemia may occur.

DRUG INTERACTIONS

Potassium supplements increase serum potassium.
"""


def test_a_label_file_becomes_sections_with_bullets_and_names():
    record = parse(f"{SET_ID}.txt", TEXT)
    assert record.set_id == SET_ID and record.source == "fda_cv_labels_2014"
    assert record.brand_names == ["Testopril"] and record.generic_names == ["testopril maleate"]
    assert [s.key for s in record.sections] == ["contraindications", "warnings", "drug_interactions"]
    contra = record.sections[0].text
    assert "<" not in contra and "• Patients with a history of angioedema." in contra
    assert record.notes and "undated" in record.notes[0]


def test_brand_title_equal_to_the_generic_is_no_brand():
    text = "Drug Label for drug brand Testopril Maleate, containing testopril maleate.\n\nWARNINGS\n\nX may occur.\n"
    record = parse(f"{SET_ID}.txt", text)
    assert record.brand_names == [] and record.generic_names == ["testopril maleate"]


def test_directory_and_zip_read_alike_and_bad_files_are_reported(tmp_path: Path):
    directory = tmp_path / "labels"
    directory.mkdir()
    (directory / f"{SET_ID}.txt").write_text(TEXT)
    (directory / "00000000-0000-4000-8000-000000000002.txt").write_text("just a title\n\nno headings here\n")
    (directory / "00000000-0000-4000-8000-000000000003.txt").write_bytes(b"WARNINGS\n\n\xff\xfe bad bytes\n")
    archive = tmp_path / "labels.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in directory.iterdir():
            zf.write(file, f"DataSet/{file.name}")
    for path in (directory, archive):
        assert detect_format(path) == "cv_labels"
        records, errors = split_results(read_cv_labels(path))
        assert [r.set_id for r in records] == [SET_ID]
        reasons = sorted(e.reason for e in errors)
        assert reasons[0] == "no label section heading found" and reasons[1].startswith("not UTF-8 text")
        assert {e.position for e in errors} == {
            "00000000-0000-4000-8000-000000000002.txt",
            "00000000-0000-4000-8000-000000000003.txt",
        }


def test_a_file_not_named_by_set_id_is_an_error(tmp_path: Path):
    directory = tmp_path / "labels"
    directory.mkdir()
    (directory / "notes.txt").write_text(TEXT)
    records, errors = split_results(read_cv_labels(directory))
    assert not records and "is not a set id" in errors[0].reason


def test_the_bundled_set_reads_with_few_errors_and_no_markup():
    records, errors = split_results(read_cv_labels(BUNDLED))
    assert len(records) + len(errors) == 182 and len(errors) <= 5
    assert all("<item>" not in s.text and "<paragraph>" not in s.text for r in records for s in r.sections)
    assert sum(bool(r.generic_names or r.brand_names) for r in records) >= 170
    plavix = [r for r in records if "clopidogrel" in " ".join(r.generic_names)]
    assert plavix and any(s.key == "drug_interactions" for r in plavix for s in r.sections)
