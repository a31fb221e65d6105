"""Every citation an answer carries is built here: a label section at an exact version, a whole label version
(for "the label does not say"), a row of a tabular data source (Drugs@FDA, Orange Book, NDC, NADAC, Purple
Book), a dictionary entry (NCI), the compiled label indications file. The :class:`Citation` travels unchanged
to the page, the JSON and the CLI."""

from __future__ import annotations

from urllib.parse import quote

from django.urls import get_script_prefix

from rxanswers.answers.schemas import Citation

NCI_SOURCE_KEY = "nci_thesaurus_glossary"
NCI_SOURCE_NAME = "NCI Dictionary of Cancer Terms (National Cancer Institute)"
NCI_SNAPSHOT = "2025-10-01"


def label_section_url(version, section_key: str | None) -> str:
    """The section at this exact label version on this site (the ``web:label_version`` route, written out:
    resolving it would import the whole URL configuration on a cold ``rxanswers ask``; a test checks both
    agree)."""
    base = f"{get_script_prefix()}labels/{quote(version.label.set_id)}/v/{version.id}/"
    return base + (f"#section-{section_key.replace('_', '-')}" if section_key else "")


def _label(version, section_key: str, section_id: int | None) -> Citation:
    return Citation(
        source="fda_label",
        section=section_key,
        set_id=version.label.set_id,
        version=version.version,
        effective_date=version.effective_date.isoformat() if version.effective_date else None,
        url=label_section_url(version, section_key or None),
        dailymed_url=version.dailymed_url,
        version_id=version.id,
        section_id=section_id,
    )


def label_section(view, section) -> Citation:
    """A section of one label version (``view``: an answers ``LabelView``)."""
    return _label(view.version, section.key, section.id)


def version_section(version, section) -> Citation:
    """A section of a ``LabelVersion`` (its ``label`` loaded)."""
    return _label(version, section.key, section.id)


def whole_label(view) -> Citation:
    """A label version as a whole: what "the label does not say" checked."""
    return _label(view.version, "", None)


def data_source(source, record: str, url: str = "") -> Citation:
    """A record of a tabular source (a ``core.DataSource``), with the source's snapshot date."""
    return Citation(
        source=source.key,
        source_name=source.name,
        snapshot_date=source.snapshot_date.isoformat() if source.snapshot_date else None,
        record=record,
        url=url or source.url,
    )


def nci_term(entry) -> Citation:
    return Citation(
        source=NCI_SOURCE_KEY,
        source_name=NCI_SOURCE_NAME,
        record=f"NCI term: {entry.term}",
        url=entry.url,
        snapshot_date=NCI_SNAPSHOT,
    )


def list_price(price) -> Citation:
    """An editor-entered, reviewer-approved list price (``drugs.ListPrice``): its publisher, page and date."""
    return Citation(
        source="list_price",
        source_name=f"{price.source_name} (list price entered by an editor, approved by a medical reviewer)",
        snapshot_date=price.as_of.isoformat(),
        record=f"list price #{price.pk}",
        url=price.source_url,
    )
