"""The data-source tables agree: every format the pipeline ingests has a reader and a catalogued source with its
provenance; every bundled dataset is a registered format whose file exists; every downloadable dataset is a
format the pipeline can ingest."""

from __future__ import annotations

from rxanswers import sources
from rxanswers.core.catalog import CATALOG
from rxanswers.pipeline import BUNDLED, READER_SPECS
from rxanswers.sources.download import SOURCES as DOWNLOADS
from tests.conftest import DATA_DIR


def test_every_ingested_format_has_a_reader_and_a_catalogued_source():
    assert set(READER_SPECS) == set(sources.READERS)
    for spec in READER_SPECS.values():
        entry = CATALOG.get(spec.default_source)
        assert entry is not None, f"{spec.key}: source {spec.default_source} is not in core/catalog.py"
        assert entry.get("name") and entry.get("licence") and entry.get("url"), spec.default_source


def test_every_bundled_dataset_is_registered_and_present():
    for dataset in BUNDLED:
        assert dataset.reader in READER_SPECS, dataset
        assert dataset.source in CATALOG, dataset
        assert (DATA_DIR / dataset.path).exists(), dataset.path


def test_every_download_is_an_ingestible_format():
    for key in DOWNLOADS:
        assert key in READER_SPECS or any(s.default_source == key for s in READER_SPECS.values()), key
