"""Test-wide fixtures.

The bundled real dataset is loaded ONCE per test database (per xdist worker) in ``django_db_setup``; tests
then run inside transactions that roll back, so the data stays. Do not use ``transactional_db`` in tests
that need the bundled data: it truncates tables afterwards. Tests that need a real file database (e.g.
kill -9 of an ingest subprocess) create their own under ``tmp_path``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
BENCH_DIR = Path(os.environ.get("RXANSWERS_BENCH_DIR", REPO_ROOT.parent / "shared" / "bench"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from rxanswers.pipeline import load_bundled

    if os.environ.get("RXANSWERS_TEST_BUNDLED", "1") == "0":  # fast local iteration on ingest-only tests
        return
    with django_db_blocker.unblock():
        load_bundled(data_dir=DATA_DIR)


@pytest.fixture(autouse=True)
def rate_limits_off(settings):
    """Tests make many requests from one address; tests/web/test_limits.py turns the limits on. The cache (rate
    counters, the cached sitemap, the kept drug-page monographs) starts empty in every test."""
    from django.core.cache import cache

    from rxanswers.web import drug_page

    settings.RATE_LIMITS_ON = False
    cache.clear()
    drug_page.forget()  # the drug pages' monographs kept per process


@pytest.fixture
def bench_dir() -> Path:
    if not BENCH_DIR.exists():
        pytest.skip(f"evaluation corpora not found at {BENCH_DIR}")
    return BENCH_DIR
