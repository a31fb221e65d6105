"""rxanswers drug NAME [--json] [--leaflet]: a drug's monograph in plain text, with the label it quotes and its
source; with ``--leaflet`` the patient leaflet its page shows, every sentence numbered to its source."""

from __future__ import annotations

import textwrap

import orjson
from django.core.management.base import BaseCommand, CommandError

from rxanswers.cli.citing import source_line
from rxanswers.drugs.selectors import Monograph, SourceRef, drug_get, drug_monograph
from rxanswers.search.selectors import MAX_QUERY_LENGTH, NAME_DICTIONARY

WIDTH = 100


def _date(value) -> str:
    return value.isoformat() if value else "not stated"


def _source(ref) -> str:
    kind = "" if ref.is_official else ", third-party"
    return f"{ref.name} (snapshot {_date(ref.snapshot_date)}{kind})"


class Command(BaseCommand):
    help = "Print a drug's monograph (label set id, version, effective date and source included). NAME may be a brand."

    def add_arguments(self, parser):
        parser.add_argument(
            "name", nargs="+", help="drug name, brand name or page slug, e.g. metformin, Gleevec"
        )
        parser.add_argument("--json", action="store_true", help="print the monograph as JSON")
        parser.add_argument(
            "--full", action="store_true", help="print whole sections instead of the first lines"
        )
        parser.add_argument(
            "--leaflet",
            action="store_true",
            help="print the patient leaflet (the drug page's sections, each sentence cited) instead",
        )

    def handle(self, *args, **options):
        name = " ".join(options["name"]).strip()
        resolved = drug_get(name)
        if resolved is None:
            hits = NAME_DICTIONARY.lookup(name[:MAX_QUERY_LENGTH], limit=5)
            lines = [f"No drug named {name!r} in this database."]
            if hits:
                lines.append(
                    "Did you mean: " + ", ".join(f"{h.drug_name} ({h.drug_slug})" for h in hits) + "?"
                )
            raise CommandError("\n".join(lines), returncode=1)
        if options["leaflet"]:
            self.leaflet(resolved, as_json=options["json"])
            return
        monograph = drug_monograph(resolved)
        if options["json"]:
            self.stdout.write(orjson.dumps(monograph.as_dict(), option=orjson.OPT_INDENT_2).decode())
            return
        self.stdout.write(self.render(monograph, full=options["full"]))

    def leaflet(self, resolved, *, as_json: bool) -> None:
        from rxanswers.answers.leaflet import leaflet_document, page_leaflet

        version, leaflet = page_leaflet(resolved.drug)
        if as_json:
            data = leaflet_document(resolved.drug, version, leaflet)
            self.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        else:
            self.stdout.write(render_leaflet(resolved, version, leaflet))

    def render(self, m: Monograph, *, full: bool = False) -> str:
        out: list[str] = []
        wrap = textwrap.TextWrapper(width=WIDTH, initial_indent="  ", subsequent_indent="  ")
        out.append(m.name.upper())
        if m.via_brand:
            out.append(f"({m.matched_name} is a brand name of {m.name})")
        if m.generic_names:
            out.append("Generic names: " + "; ".join(n.name for n in m.generic_names))
        if m.brand_names:
            out.append("Brand names: " + ", ".join(n.name for n in m.brand_names))
        for c in m.classes:
            out.append(f"Class: {c.name} [{c.kind.upper()}] - " + "; ".join(_source(s) for s in c.sources))
        out.append("")
        if m.label:
            lbl = m.label
            out.append(
                f"Label: {lbl.title or '(untitled)'}" + (f" - {lbl.manufacturer}" if lbl.manufacturer else "")
            )
            out.append(
                f"  set id {lbl.set_id}, version {lbl.version_display}, effective {_date(lbl.effective_date)}"
            )
            out.append(f"  source: {_source(lbl.source)}")
            out.append(f"  DailyMed: {lbl.dailymed_url}")
            for group in m.groups:
                out.append("")
                out.append(f"== {group.heading} ==")
                for section in group.sections:
                    out.append(f"-- {section.title} [{section.key}] --")
                    text = section.text if full or not section.is_long else section.preview
                    for para in text.split("\n\n"):
                        out.extend(wrap.wrap(" ".join(para.split())))
            if m.other_sections:
                out.append("")
                out.append("Other sections: " + ", ".join(s.title for s in m.other_sections))
        else:
            out.append(m.no_label_text)
            out.append(m.load_label_hint)
        out.append("")
        out.append("== Approval and generics ==")
        out.append(m.generics.statement)
        if m.generics.source:
            out.append(f"  source: {_source(m.generics.source)}")
        if m.generics.te_codes:
            out.append("  TE codes: " + ", ".join(m.generics.te_codes))
        for a in m.applications:
            status = "marketed" if a.marketed else (a.products[0].marketing_status or "status not stated")
            out.append(f"  {a.appl_type} {a.appl_no} {a.sponsor} - {', '.join(a.brand_names)} ({status})")
        if m.patents or m.exclusivities:
            out.append("")
            out.append("== Orange Book patents and exclusivities ==")
            for p in m.patents:
                out.append(
                    f"  patent {p.patent_no} ({p.appl_no}) expires {_date(p.expire_date)}"
                    + (" - expired" if p.expired else "")
                )
            for e in m.exclusivities:
                out.append(
                    f"  exclusivity {e.code} ({e.appl_no}) expires {_date(e.expire_date)}"
                    + (" - expired" if e.expired else "")
                )
            source = (m.patents or m.exclusivities)[0].source
            out.append(f"  source: {_source(source)}")
        if m.ndc.product_count:
            out.append("")
            out.append("== NDC directory ==")
            out.append(f"  {m.ndc.product_count} products from {len(m.ndc.labelers)} labelers")
            out.append("  forms: " + ", ".join(m.ndc.dosage_forms))
            out.append("  routes: " + ", ".join(m.ndc.routes))
            if m.ndc.dea_schedules:
                out.append("  DEA schedule: " + ", ".join(m.ndc.dea_schedules))
            for s in m.ndc.sources:
                out.append(f"  source: {_source(s)}")
        if m.other_labels:
            out.append("")
            out.append("== Other labels ==")
            for lbl in m.other_labels:
                out.append(
                    f"  {lbl.set_id} v{lbl.version_display} ({_date(lbl.effective_date)}) {lbl.title} - {_source(lbl.source)}"
                )
        out.append("")
        out.append("Not a substitute for professional medical advice.")
        return "\n".join(out) + "\n"


def render_leaflet(resolved, version, leaflet) -> str:
    """The leaflet in plain text: the sections in page order, each sentence followed by its source numbers, a
    "the label does not say" section marked so, then the numbered sources."""
    drug = resolved.drug
    wrap = textwrap.TextWrapper(width=WIDTH, initial_indent="  ", subsequent_indent="    ")
    out = [f"{drug.name.upper()}: patient leaflet"]
    if resolved.via_brand:
        out.append(f"({resolved.matched_name} is a brand name of {drug.name})")
    if version is not None:
        out.append(
            f"From FDA label set id {version.label.set_id}, version {version.version_display}, "
            f"effective {_date(version.effective_date)}; source: {_source(SourceRef.of(version.source))}"
        )
    out.append(f"Page: /drugs/{drug.slug}/")
    numbers: dict[tuple, int] = {}
    cited = []
    marks = {"label_does_not_say": " [the label does not say]", "see_full_label": " [see the full label]"}
    marks["not_loaded"] = " [no label text loaded]" if version is None else " [no data loaded]"
    for section in leaflet.sections:
        out.append("")
        out.append(f"== {section.heading} =={marks.get(section.status, '')}")
        for sentence in section.sentences:
            refs = []
            for citation in sentence.citations:
                if citation.key not in numbers:
                    numbers[citation.key] = len(numbers) + 1
                    cited.append(citation)
                refs.append(numbers[citation.key])
            out.extend(wrap.wrap("- " + sentence.text + "".join(f"[{n}]" for n in refs)))
        if section.absent:
            out.extend(wrap.wrap(section.absent))
        for note in section.notes:
            out.extend(wrap.wrap(f"Note: {note}"))
    out.append("")
    out.append("Sources:")
    out.extend(source_line(numbers[c.key], c, site_path=True) for c in cited)
    out.append("")
    out.append("Not a substitute for professional medical advice.")
    return "\n".join(out) + "\n"
