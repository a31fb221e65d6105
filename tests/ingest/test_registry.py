"""The source registry (``rxanswers/registry.py``) is complete and consistent: every entry has its provenance, a
reader and an applier that exist, bundled files that are in ``data/`` (read by that reader, documented in the
SOURCES.md files) and a complete download location; every ``DataSource`` key used anywhere resolves to an entry."""

from __future__ import annotations

import re

import pytest

from rxanswers import registry, sources
from rxanswers.core.catalog import Provenance
from rxanswers.core.models import DataSource
from rxanswers.sources.download import KINDS
from tests.conftest import DATA_DIR, REPO_ROOT

ENTRIES = registry.ENTRIES
SRC = REPO_ROOT / "src" / "rxanswers"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.key)
def test_every_entry_has_its_provenance(entry):
    assert re.fullmatch(r"[a-z0-9_]{1,64}", entry.key), "a DataSource key is a slug of at most 64 characters"
    prov = entry.provenance
    assert isinstance(prov, Provenance)
    assert prov.name and prov.publisher and prov.licence, entry.key
    assert prov.url.startswith("https://"), entry.key
    assert len(prov.name) <= 200 and len(prov.publisher) <= 200 and len(prov.licence) <= 200, entry.key


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.reader], ids=lambda e: e.key)
def test_every_ingested_entry_has_a_reader_and_an_applier(entry):
    assert sources.READERS[entry.reader] is entry.read
    assert callable(entry.applier) and entry.applier.__module__.startswith(
        ("rxanswers.drugs", "rxanswers.labels")
    )
    assert entry.batch_size > 0
    assert entry.summary_note is None or callable(entry.summary_note)


def test_every_reader_is_registered_once_as_a_default():
    readers = [e.reader for e in ENTRIES if e.reader]
    assert set(readers) == set(sources.READERS), "a format no source uses, or a source with no reader"
    for reader in set(readers):
        defaults = [e for e in ENTRIES if e.reader == reader and e.reader_default]
        assert len(defaults) == 1, reader
        assert registry.for_reader(reader) is defaults[0]


def test_sources_sharing_a_reader_are_ingested_alike():
    """``--source`` only changes the provenance recorded, never how a file is read or applied."""
    for reader in registry.reader_keys():
        how = {
            (e.applier, e.whole_directory, e.batch_size, e.summary_note)
            for e in ENTRIES
            if e.reader == reader
        }
        assert len(how) == 1, reader


def test_entries_without_a_reader_are_provenance_only():
    for entry in ENTRIES:
        if entry.reader is None:
            assert entry.applier is None and not entry.bundled and entry.download is None, entry.key


@pytest.mark.parametrize(("path", "entry"), list(registry.bundled()), ids=lambda v: getattr(v, "key", v))
def test_every_bundled_file_exists_is_read_by_its_reader_and_documented(path, entry):
    assert (DATA_DIR / path).exists(), path
    assert sources.detect_format(DATA_DIR / path) == entry.reader, path
    if path.startswith("labels/"):
        documented = (DATA_DIR / "labels" / "SOURCES.md").read_text(encoding="utf-8")
        name = path.removeprefix("labels/").split("/")[0]
    else:
        documented = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
        name = path.rsplit("/", 1)[-1]
    assert name in documented, f"{path} is not described in its SOURCES.md"


def test_bundled_drug_facts_load_before_labels():
    order = [entry.key for _, entry in registry.bundled()]
    assert order[:3] == ["drugsatfda", "orangebook", "ndc"]


def test_every_download_is_complete_and_ingestible():
    downloads = registry.downloads()
    assert downloads, "rxanswers download has nothing to fetch"
    env_vars = []
    for key, entry in downloads.items():
        dl = entry.download
        assert dl.key == key
        assert entry.reader in sources.READERS, f"{key}: downloaded but no reader ingests it"
        assert dl.url.startswith("https://") and dl.kind in KINDS, key
        assert dl.description and dl.filename and dl.mirror_path, key
        assert dl.env_var.startswith("RXANSWERS_"), key
        env_vars += [dl.env_var] + ([dl.direct_env_var] if dl.direct_env_var else [])
        if dl.kind == "dkan-csv":
            assert dl.dkan_title and dl.direct_env_var, key
    assert len(env_vars) == len(set(env_vars)), "two datasets share an environment variable"


def test_unknown_keys_are_refused_with_the_known_ones():
    with pytest.raises(KeyError, match="unknown data source 'nope'; known: openfda_label"):
        registry.get("nope")
    with pytest.raises(ValueError, match="unknown format 'nope'"):
        registry.for_reader("nope")


# DataSource keys written into code: ``source__key="x"`` / ``source__key__in=("x", ...)`` lookups,
# ``..._SOURCE_KEY = "x"`` constants, ``REGISTRY["x"]`` / ``registry.get("x")``.
_KEY_USES = [
    re.compile(r"source__key\s*=\s*[\"'](\w+)[\"']"),
    re.compile(r"SOURCE_KEY\s*=\s*[\"'](\w+)[\"']"),
    re.compile(r"(?:REGISTRY\[|registry\.get\()[\"'](\w+)[\"']"),
]
_KEY_TUPLES = re.compile(r"(?:source__key__in\s*=|_SOURCES\s*=)\s*\(([^)]*)\)")


def _keys_named_in_code() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "registry.py" or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(REPO_ROOT))
        for pattern in _KEY_USES:
            found.update((key, where) for key in pattern.findall(text))
        for group in _KEY_TUPLES.findall(text):
            found.update((key, where) for key in re.findall(r"[\"'](\w+)[\"']", group))
    return found


def test_every_source_key_named_in_code_resolves():
    from rxanswers.answers import citations, glossary, selectors

    named = _keys_named_in_code()
    assert {"unii_names", "nci_thesaurus_glossary", "ndc", "drugsatfda"} <= set(named)  # the scan works
    named.update(dict.fromkeys(selectors.TABULAR_NAME_SOURCES, "answers.selectors"))
    named.update(dict.fromkeys(selectors._BRAND_SOURCE_RANK, "answers.selectors"))
    named.update({glossary.NCI_SOURCE_KEY: "answers.glossary", citations.NCI_SOURCE_KEY: "answers.citations"})
    unknown = {key: where for key, where in named.items() if key not in registry.REGISTRY}
    assert not unknown, f"DataSource keys with no registry entry: {unknown}"


@pytest.mark.django_db
def test_every_data_source_row_resolves():
    """After the bundled load, every DataSource row was made from a registry entry, with its provenance."""
    for source in DataSource.objects.all():
        entry = registry.REGISTRY.get(source.key)
        assert entry is not None, f"DataSource {source.key!r} has no registry entry"
        assert (source.name, source.publisher, source.licence, source.url) == (
            entry.provenance.name,
            entry.provenance.publisher,
            entry.provenance.licence,
            entry.provenance.url,
        ), source.key


def test_no_second_table_of_sources():
    """The four tables the registry replaced stay gone."""
    from rxanswers import pipeline
    from rxanswers.core import catalog
    from rxanswers.sources import download

    assert not hasattr(pipeline, "READER_SPECS") and not hasattr(pipeline, "BUNDLED")
    assert not hasattr(catalog, "CATALOG") and not hasattr(download, "SOURCES")
