"""rxanswers glossary-review: list the lay glossary's rows and record a reviewer's approval.

The glossary (``answers/lay/lay_terms.tsv``) ships in the repo; a pharmacist reviews wordings with this command
and commits the file. Approving sets ``status`` to ``reviewed`` and records ``reviewed_by`` and ``reviewed_on``;
``--plain`` replaces the wording of the one term approved. Nothing is approved without a named reviewer.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rxanswers.answers.lay import TSV_PATH, load_lay_terms

COLUMNS = ["term", "plain", "kind", "frequency", "source", "status", "reviewed_by", "reviewed_on"]
_REVIEWER = re.compile(r"^[^,]{2,80},\s*[A-Za-z][A-Za-z.\- ]{1,30}$")  # "NAME, CREDENTIAL"


class Command(BaseCommand):
    help = (
        "List lay-glossary rows (--list) or approve them as a named reviewer (--approve TERM ... --reviewer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(TSV_PATH), help="the glossary TSV (default: the shipped one)"
        )
        parser.add_argument("--list", action="store_true", help="print rows (most frequent first)")
        parser.add_argument("--status", default="draft", help="with --list: draft, reviewed or all")
        parser.add_argument("--limit", type=int, default=50)
        parser.add_argument("--approve", nargs="+", metavar="TERM", help="terms to mark reviewed")
        parser.add_argument("--reviewer", help='"NAME, CREDENTIAL", e.g. "Jane Roe, PharmD"')
        parser.add_argument("--plain", help="with one --approve term: the approved plain wording")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        rows = _read(path)
        if opts["list"]:
            wanted = [r for r in rows if opts["status"] == "all" or r["status"] == opts["status"]]
            wanted.sort(key=lambda r: -int(r["frequency"] or 0))
            for r in wanted[: opts["limit"]]:
                reviewed = f"  [{r['reviewed_by']}, {r['reviewed_on']}]" if r.get("reviewed_by") else ""
                self.stdout.write(
                    f"{r['term']}\t{r['plain']}\t{r['kind']}\t{r['frequency']}\t{r['status']}{reviewed}"
                )
            self.stdout.write(f"{len(wanted)} row(s) with status {opts['status']}")
            return
        if not opts["approve"]:
            raise CommandError(
                "nothing to do: use --list or --approve TERM ... --reviewer 'NAME, CREDENTIAL'"
            )
        reviewer = (opts["reviewer"] or "").strip()
        if not _REVIEWER.match(reviewer):
            raise CommandError("--reviewer must be 'NAME, CREDENTIAL' (e.g. 'Jane Roe, PharmD')")
        plain = (opts["plain"] or "").strip()
        if plain and len(opts["approve"]) != 1:
            raise CommandError("--plain applies to exactly one --approve term")
        if plain and re.search(r"[(),]", plain):
            raise CommandError("a plain wording has no parentheses or commas (it is inserted into sentences)")
        by_term = {r["term"].lower(): r for r in rows}
        missing = [t for t in opts["approve"] if t.lower() not in by_term]
        if missing:
            raise CommandError(f"not in the glossary: {', '.join(missing)}")
        today = date.today().isoformat()
        for term in opts["approve"]:
            row = by_term[term.lower()]
            if plain:
                row["plain"] = plain
            row.update(status="reviewed", reviewed_by=reviewer, reviewed_on=today)
        _write(path, rows)
        if path.resolve() == TSV_PATH.resolve():
            load_lay_terms.cache_clear()
        self.stdout.write(f"{len(opts['approve'])} row(s) marked reviewed by {reviewer} on {today} in {path}")


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        missing = {"term", "plain", "kind", "frequency", "source", "status"} - set(reader.fieldnames or [])
        if missing:
            raise CommandError(f"{path}: not a lay glossary (missing columns {', '.join(sorted(missing))})")
        return [{c: (rec.get(c) or "").strip() for c in COLUMNS} for rec in reader]


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    """Write atomically (temporary file + rename): an interrupted review never leaves half a glossary."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
