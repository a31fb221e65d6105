"""Made-up test data for the price and Purple Book parts of drug pages and the API, loaded through the real
ingest pipeline (NDC directory reader -> NADAC reader), so the tests work with or without the bundled dataset.

EVERYTHING HERE IS MADE UP: labeler code 99999 does not exist, "testoprazole" is not a drug, and the prices are
test values, not real NADAC prices.
"""

from __future__ import annotations

from pathlib import Path

from rxanswers.drugs.models import Drug
from rxanswers.pipeline import ingest_path

PURPLEBOOK_FIXTURE = (
    Path(__file__).resolve().parents[1] / "sources" / "data" / "purplebook-search-february-data-download.csv"
)
PRODUCT_TXT = (
    "PRODUCTID\tPRODUCTNDC\tPRODUCTTYPENAME\tPROPRIETARYNAME\tNONPROPRIETARYNAME\tSUBSTANCENAME\n"
    "99999-0001_test\t99999-0001\tHUMAN PRESCRIPTION DRUG\tTestoprazole Brand\ttestoprazole\tTESTOPRAZOLE\n"
)
PACKAGE_TXT = (
    "PRODUCTID\tPRODUCTNDC\tNDCPACKAGECODE\tPACKAGEDESCRIPTION\n"
    "99999-0001_test\t99999-0001\t99999-0001-01\t30 TABLET in 1 BOTTLE (99999-0001-01)\n"
    "99999-0001_test\t99999-0001\t99999-0001-02\t90 TABLET in 1 BOTTLE (99999-0001-02)\n"
)
NADAC_CSV = (
    "NDC Description,NDC,NADAC Per Unit,Effective Date,Pricing Unit,Pharmacy Type Indicator,OTC,Explanation Code,"
    "Classification for Rate Setting,Corresponding Generic Drug NADAC Per Unit,"
    "Corresponding Generic Drug Effective Date,As of Date\n"
    "TEST ROW TESTOPRAZOLE 10 MG TAB,99999000101,0.50000,12/03/2025,EA,C/I,N,1,G,,,01/14/2026\n"
    "TEST ROW TESTOPRAZOLE 10 MG TAB,99999000101,0.41234,01/07/2026,EA,C/I,N,1,G,,,01/14/2026\n"
    "TEST ROW TESTOPRAZOLE 10 MG TAB 90,99999000102,0.39876,01/07/2026,EA,C/I,N,1,B,,,01/14/2026\n"
)


def load_test_prices(tmp_path: Path) -> Drug:
    """Ingest a made-up NDC product with two packages and their made-up NADAC prices; return its drug."""
    ndc = tmp_path / "ndc"
    ndc.mkdir()
    (ndc / "product.txt").write_text(PRODUCT_TXT)
    (ndc / "package.txt").write_text(PACKAGE_TXT)
    (summary,) = ingest_path(ndc, reader="ndc")
    assert summary.error_count == 0
    nadac = tmp_path / "nadac.csv"
    nadac.write_text(NADAC_CSV)
    (summary,) = ingest_path(nadac)
    assert (summary.created, summary.error_count, summary.note) == (
        3,
        0,
        "0 unlinked (NDC not in the NDC directory)",
    )
    return Drug.objects.get(key="testoprazole")


def load_test_purplebook() -> None:
    ingest_path(PURPLEBOOK_FIXTURE)
