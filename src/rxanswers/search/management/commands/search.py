"""rxanswers search QUERY [--json]: drug names first (typos welcome), then label sections with snippets."""

from __future__ import annotations

import orjson
from django.core.management.base import BaseCommand, CommandError

from rxanswers.drugs.selectors import label_version_url
from rxanswers.search.selectors import query_problem, search


class Command(BaseCommand):
    help = "Search drug names (typos welcome) and label text."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="+", help="a drug name or words from a label")
        parser.add_argument("--json", action="store_true", help="print results as JSON")
        parser.add_argument("--limit", type=int, default=10, help="at most this many hits of each kind")

    def handle(self, *args, **options):
        query = " ".join(options["query"])
        problem = query_problem(query)
        if problem:
            raise CommandError(problem, returncode=2)
        limit = max(1, min(options["limit"], 100))
        results = search(query, name_limit=limit, section_limit=limit)
        confident = results.confident_drug
        sections = [
            {
                "section": h.section_key,
                "section_title": h.section_title,
                "drug": h.drug_slug,
                "snippet": h.snippet,
                "set_id": h.set_id,
                "version": h.version,
                "effective_date": h.effective_date.isoformat() if h.effective_date else None,
                "label_title": h.label_title,
                "url": label_version_url(h.set_id, h.version_pk, h.anchor),
            }
            for h in results.sections
        ]
        if options["json"]:
            data = {
                "query": results.query,
                "showing_results_for": confident.drug_slug if confident else None,
                "names": [
                    {
                        "slug": h.drug_slug,
                        "name": h.drug_name,
                        "matched": h.matched_name,
                        "kind": h.kind,
                        "score": h.score,
                    }
                    for h in results.names
                ],
                "sections": sections,
            }
            self.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
            return
        if confident:
            self.stdout.write(
                f"Showing results for {confident.drug_name} (rxanswers drug {confident.drug_slug})"
            )
        self.stdout.write("Drugs:")
        for h in results.names:
            matched = (
                f" (matched {h.kind} name {h.matched_name!r})"
                if h.matched_name.lower() != h.drug_name.lower()
                else ""
            )
            self.stdout.write(f"  {h.score:5.1f}  {h.drug_name} [{h.drug_slug}]{matched}")
        if not results.names:
            self.stdout.write("  no drug names match")
        self.stdout.write("Label sections:")
        if results.sections_for_drug:
            self.stdout.write(
                f"  (no label text has those words; sections of {results.sections_for_drug.drug_name})"
            )
        for s in sections:
            self.stdout.write(f"  {s['section_title']} - {s['drug'] or s['label_title']}")
            self.stdout.write(
                f"    set id {s['set_id']} v{s['version'] if s['version'] is not None else '?'} ({s['effective_date'] or 'undated'}) {s['url']}"
            )
            self.stdout.write(f"    {s['snippet']}")
        if not sections:
            self.stdout.write("  no label sections contain those words")
