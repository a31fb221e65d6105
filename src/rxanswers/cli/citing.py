"""How the command line writes a citation: one line per numbered source (``rxanswers ask``, ``drug --leaflet``)."""

from __future__ import annotations


def source_line(n: int, citation, *, site_path: bool = False) -> str:
    """``[n]`` and where the sentence comes from: a label's set id, version, effective date and section (with
    ``site_path``, also that section at that version on this site), else the data source, its snapshot date and
    record."""
    if citation.source == "fda_label":
        version = citation.version if citation.version is not None else "not stated"
        line = (
            f"  [{n}] FDA label set id {citation.set_id}, version {version}, "
            f"effective {citation.effective_date or 'date not stated'}, "
            f"section {citation.section or '(whole label)'} — {citation.dailymed_url}"
        )
        return line + (f" (this site: {citation.url})" if site_path and citation.url else "")
    return (
        f"  [{n}] {citation.source_name or citation.source}"
        + (f" (data as of {citation.snapshot_date})" if citation.snapshot_date else "")
        + f": {citation.record} {citation.url}"
    )
