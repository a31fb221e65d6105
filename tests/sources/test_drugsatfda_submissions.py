"""Drugs@FDA Submissions.txt (read when present): original approval dates of applications.

The files are written here in the official layout (the bundled snapshot has no Submissions.txt); the
application numbers are real, the dates are test values."""

from __future__ import annotations

import datetime

import pytest

from rxanswers.drugs.models import Application
from rxanswers.pipeline import ingest_path
from rxanswers.sources.drugsatfda import read_drugsatfda
from rxanswers.sources.records import RecordError, SubmissionRecord

APPLICATIONS = (
    "ApplNo\tApplType\tApplPublicNotes\tSponsorName\n021588\tNDA\t\tNOVARTIS\n078340\tANDA\t\tTEVA\n"
)
PRODUCTS = (
    "ApplNo\tProductNo\tForm\tStrength\tReferenceDrug\tDrugName\tActiveIngredient\tReferenceStandard\n"
    "021588\t001\tTABLET;ORAL\tEQ 100MG BASE\t1\tGLEEVEC\tIMATINIB MESYLATE\t0\n"
)
SUBMISSIONS = (
    "ApplNo\tSubmissionClassCodeID\tSubmissionType\tSubmissionNo\tSubmissionStatus\tSubmissionStatusDate\t"
    "SubmissionsPublicNotes\tReviewPriority\n"
    "021588\t7\tORIG\t1\tAP\t2003-04-18 00:00:00\t\tPRIORITY\n"
    "021588\t3\tSUPPL\t12\tAP\t2008-09-26 00:00:00\t\tSTANDARD\n"
    "078340\t\tORIG\t1\tTA\t2010-01-02 00:00:00\t\t\n"
    "078340\t\tORIG\t1\tAP\t01/05/2012\t\t\n"
    "0X\t\tORIG\t1\tAP\t2012-01-05 00:00:00\t\t\n"
    "021588\t\tORIG\t2\tAP\t2003-13-40 00:00:00\t\t\n"
)


@pytest.fixture
def drugsatfda_dir(tmp_path):
    (tmp_path / "Applications.txt").write_text(APPLICATIONS)
    (tmp_path / "Products.txt").write_text(PRODUCTS)
    (tmp_path / "Submissions.txt").write_text(SUBMISSIONS)
    return tmp_path


def test_submissions_are_read_when_present_and_bad_rows_reported(drugsatfda_dir):
    out = list(read_drugsatfda(drugsatfda_dir))
    subs = [r for r in out if isinstance(r, SubmissionRecord)]
    errors = [r for r in out if isinstance(r, RecordError)]
    assert [(s.appl_no, s.submission_type, s.status, s.status_date) for s in subs] == [
        ("021588", "ORIG", "AP", datetime.date(2003, 4, 18)),
        ("021588", "SUPPL", "AP", datetime.date(2008, 9, 26)),
        ("078340", "ORIG", "TA", datetime.date(2010, 1, 2)),
        ("078340", "ORIG", "AP", datetime.date(2012, 1, 5)),
    ]
    assert [(e.position, e.reason.split(":")[0]) for e in errors] == [
        ("line 6", "ApplNo"),
        ("line 7", "SubmissionStatusDate '2003-13-40 00"),
    ]
    assert all(e.file.endswith("Submissions.txt") for e in errors)


@pytest.mark.django_db
def test_ingest_sets_original_approval_dates(drugsatfda_dir):
    (summary,) = ingest_path(drugsatfda_dir, reader="drugsatfda", source="drugsatfda")
    assert summary.error_count == 2  # reported, the rest continues
    dates = dict(
        Application.objects.filter(appl_no__in=["021588", "078340"]).values_list("appl_no", "approval_date")
    )
    assert dates == {"021588": datetime.date(2003, 4, 18), "078340": datetime.date(2012, 1, 5)}


@pytest.mark.django_db
def test_drug_page_shows_the_application_approval_date(drugsatfda_dir, client):
    from rxanswers.drugs.models import Drug

    ingest_path(drugsatfda_dir, reader="drugsatfda", source="drugsatfda")
    drug = Drug.objects.get(key="imatinib")
    page = client.get(f"/drugs/{drug.slug}/").content.decode()
    assert "021588" in page and "2003-04-18" in page
