"""rxanswers glossary-review: list the lay glossary's rows and record reviews.

The glossary (``answers/lay/lay_terms.tsv``) ships in the repo. Two levels of review are recorded per row:

* ``editor-reviewed``: checked line by line by the rxanswers editors against the CDC and NCI sources and real
  label sentences (``--apply REVIEW.tsv --editorial "WHO"``); not a pharmacist's approval;
* ``reviewed``: approved by a named pharmacist or other clinician (``--approve TERM ... --reviewer "NAME,
  CREDENTIAL"`` or ``--apply REVIEW.tsv --reviewer ...``).

A review file (``answers/lay/reviews/*.tsv``) is the record of one review: ``term, verdict, old_plain, plain,
kind, reason`` with verdict ``ok`` / ``fix`` (new ``plain``) / ``drop`` (row removed) / ``add`` (new row, with
``kind``). It must cover every row of the glossary, so no row is silently left out. Nothing is marked reviewed
without a named reviewer.
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
REVIEW_COLUMNS = {"term", "verdict", "plain", "reason"}
VERDICTS = {"ok", "fix", "drop", "add"}
KINDS = {"adverse_reaction", "condition", "anatomy", "lab", "other"}
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
        parser.add_argument(
            "--status", default="draft", help="with --list: draft, editor-reviewed, reviewed or all"
        )
        parser.add_argument("--limit", type=int, default=50)
        parser.add_argument("--approve", nargs="+", metavar="TERM", help="terms to mark reviewed")
        parser.add_argument("--reviewer", help='"NAME, CREDENTIAL", e.g. "Jane Roe, PharmD"')
        parser.add_argument("--plain", help="with one --approve term: the approved plain wording")
        parser.add_argument(
            "--apply", metavar="REVIEW_TSV", help="apply a whole review file (see module doc)"
        )
        parser.add_argument(
            "--editorial", metavar="WHO", help="with --apply: an editors' review (status editor-reviewed)"
        )

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
        if opts["apply"]:
            self._apply(path, rows, Path(opts["apply"]), opts)
            return
        if not opts["approve"]:
            raise CommandError(
                "nothing to do: use --list or --approve TERM ... --reviewer 'NAME, CREDENTIAL'"
            )
        reviewer = (opts["reviewer"] or "").strip()
        _check_reviewer(reviewer)
        plain = (opts["plain"] or "").strip()
        if plain and len(opts["approve"]) != 1:
            raise CommandError("--plain applies to exactly one --approve term")
        if plain:
            _check_plain(plain, "--plain")
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

    def _apply(self, path: Path, rows: list[dict[str, str]], review_path: Path, opts) -> None:
        """Apply a review file to the glossary: all of it or nothing (validated before anything is written)."""
        editorial = (opts["editorial"] or "").strip()
        reviewer = (opts["reviewer"] or "").strip()
        if bool(editorial) == bool(reviewer):
            raise CommandError(
                "--apply needs exactly one of --editorial WHO or --reviewer 'NAME, CREDENTIAL'"
            )
        if reviewer:
            _check_reviewer(reviewer)
        elif len(editorial) < 3:
            raise CommandError("--editorial needs who reviewed (e.g. 'rxanswers editors')")
        review = _read_review(review_path)
        by_term = {r["term"].lower(): r for r in rows}
        seen: set[str] = set()
        errors: list[str] = []
        for n, rec in enumerate(review, start=2):
            term, verdict = rec["term"].lower(), rec["verdict"]
            if term in seen:
                errors.append(f"line {n}: {term!r} reviewed twice")
            seen.add(term)
            if verdict not in VERDICTS:
                errors.append(f"line {n}: unknown verdict {verdict!r}")
            elif verdict == "add":
                if term in by_term:
                    errors.append(f"line {n}: {term!r} is already in the glossary")
                if rec.get("kind") not in KINDS:
                    errors.append(f"line {n}: an added row needs a kind ({', '.join(sorted(KINDS))})")
            elif term not in by_term:
                errors.append(f"line {n}: {term!r} is not in the glossary")
            if verdict in ("ok", "fix", "add"):
                try:
                    _check_plain(rec["plain"], f"line {n}")
                except CommandError as exc:
                    errors.append(str(exc))
            if verdict in ("fix", "drop", "add") and not rec["reason"]:
                errors.append(f"line {n}: a {verdict} needs a reason")
        missing = sorted(set(by_term) - seen)
        if missing:
            errors.append(
                f"{len(missing)} glossary row(s) not covered by the review, e.g. {', '.join(missing[:5])}"
            )
        if errors:
            raise CommandError(f"{review_path}: " + "; ".join(errors[:20]))
        status, who = ("reviewed", reviewer) if reviewer else ("editor-reviewed", editorial)
        today = date.today().isoformat()
        counts = {v: 0 for v in VERDICTS}
        out: list[dict[str, str]] = []
        for rec in review:
            counts[rec["verdict"]] += 1
            if rec["verdict"] == "drop":
                continue
            row = by_term.get(rec["term"].lower()) or {
                "term": rec["term"].lower(),
                "kind": rec["kind"],
                "frequency": "0",
                "source": "editor",
            }
            if rec["verdict"] in ("fix", "add"):
                row["plain"] = rec["plain"]
                if row["source"] in ("cdc", "nci"):
                    row["source"] = (
                        "editor"  # a new wording is the editors' until the source rule says otherwise
                    )
            row.update(status=status, reviewed_by=who, reviewed_on=today)
            out.append(row)
        out.sort(key=lambda r: r["term"])
        _write(path, out)
        if path.resolve() == TSV_PATH.resolve():
            load_lay_terms.cache_clear()
        summary = ", ".join(f"{counts[v]} {v}" for v in ("ok", "fix", "drop", "add"))
        self.stdout.write(f"{len(out)} row(s) now {status} by {who} on {today} ({summary}) in {path}")


def _check_reviewer(reviewer: str) -> None:
    if not _REVIEWER.match(reviewer):
        raise CommandError("--reviewer must be 'NAME, CREDENTIAL' (e.g. 'Jane Roe, PharmD')")


def _check_plain(plain: str, where: str) -> None:
    if not plain.strip():
        raise CommandError(f"{where}: an empty plain wording")
    if re.search(r"[(),]", plain):
        raise CommandError(
            f"{where}: a plain wording has no parentheses or commas (it is inserted into sentences)"
        )


def _read_review(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        missing = REVIEW_COLUMNS - set(reader.fieldnames or [])
        if missing:
            raise CommandError(f"{path}: not a review file (missing columns {', '.join(sorted(missing))})")
        return [{k: (v or "").strip() for k, v in rec.items() if k} for rec in reader]


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
