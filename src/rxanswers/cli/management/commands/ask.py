"""rxanswers ask: answer a medication question from FDA labeling, every sentence cited."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import time

import orjson
from django.core.management.base import BaseCommand, CommandError

from rxanswers.answers.pipeline import answer_question
from rxanswers.answers.schemas import AnswerResult
from rxanswers.cli.citing import source_line
from rxanswers.review.selectors import review_status_for_question

MAX_LINE_BYTES = 100_000
BATCH_WINDOW = 256  # lines read ahead at a time: memory stays bounded whatever the file's length
PARALLEL_MIN = 64  # a shorter batch is answered in this process (starting workers would cost more)


def format_text(result: AnswerResult) -> str:
    """Plain-text answer with numbered citations."""
    lines = [f"Q: {result.question}"]
    if result.drugs:
        lines.append(
            "Drug(s): "
            + "; ".join(
                f"{d.name}"
                + (f" (brands: {', '.join(d.brands[:3])})" if d.brands else "")
                + f" [matched '{d.matched}']"
                for d in result.drugs
            )
        )
    lines.append(
        f"Question type: {result.intent}"
        + (f" (also {result.secondary_intent})" if result.secondary_intent else "")
    )
    lines.append("")
    if result.answer is None:
        lines.append(f"No answer: {result.abstained}.")
        if result.suggestions:
            lines.append("Did you mean: " + ", ".join(result.suggestions) + "?")
        return "\n".join(lines)
    numbers: dict[tuple, int] = {}
    body = []
    for sentence in result.answer.sentences:
        refs = []
        for citation in sentence.citations:
            numbers.setdefault(citation.key, len(numbers) + 1)
            refs.append(numbers[citation.key])
        body.append(sentence.text + "".join(f"[{n}]" for n in refs))
    lines.append(" ".join(body))
    for notice in result.answer.notices:
        lines.append(f"Note: {notice}")
    lines.append("")
    lines.append("Sources:")
    for citation in result.answer.citations():
        lines.append(source_line(numbers[citation.key], citation))
    lines.append("")
    if result.review.get("status") == "published":
        lines.append(
            f"A medically reviewed answer to this question exists: {result.review.get('url')} "
            f"(reviewed by {result.review.get('reviewed_by')}, {result.review.get('credential')})."
        )
    lines.append("Generated from FDA labeling and FDA data files; not yet medically reviewed.")
    return "\n".join(lines)


def answer_line(line: str, line_no: int) -> dict:
    """One --batch line -> one JSON object (errors become {"error": ...} so the batch continues)."""
    try:
        if len(line.encode()) > MAX_LINE_BYTES:
            raise ValueError(f"line longer than {MAX_LINE_BYTES} bytes")
        item = orjson.loads(line)
    except (orjson.JSONDecodeError, ValueError) as exc:
        return {"id": None, "line": line_no, "error": f"not valid JSON: {exc}"}
    if not isinstance(item, dict):
        return {"id": None, "line": line_no, "error": "each line must be a JSON object"}
    qid = item.get("id")
    question = item.get("question")
    if not isinstance(question, str) or not question.strip():
        return {"id": qid, "line": line_no, "question": question, "error": "empty or missing question"}
    try:
        result = answer_question(question)
    except ValueError as exc:
        return {"id": qid, "line": line_no, "question": question, "error": str(exc)}
    result.id = qid
    result.review = review_status_for_question(question, [d.slug for d in result.drugs])
    return result.to_dict()


def _answer_numbered(item: tuple[int, str]) -> dict:
    line_no, line = item
    return answer_line(line.strip(), line_no)


def _start_worker() -> None:
    from rxanswers.answers.pipeline import warm_up

    warm_up()


def default_workers() -> int:
    """One answering process per core, at most two (the figures in docs/benchmarks.md are for 2 cores)."""
    return max(1, min(2, os.cpu_count() or 1))


class Command(BaseCommand):
    requires_system_checks: list = []  # a read-only question needs no URL/model checks (0.35 s per call)
    help = 'Answer a medication question: ask "QUESTION" [--json]; or ask --batch FILE.jsonl (one JSON per line).'

    def add_arguments(self, parser):
        parser.add_argument("question", nargs="*", help="the question")
        parser.add_argument("--json", action="store_true", help="print the answer object as JSON")
        parser.add_argument(
            "--no-setup", action="store_true", help="do not load the bundled data if the database is empty"
        )
        parser.add_argument(
            "--batch", metavar="FILE", help='JSONL file of {"id", "question"} ("-" for stdin)'
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="answering processes for --batch (default: one per core, at most 2; 1 = this process)",
        )

    def _ensure_data(self) -> None:
        """An empty or unmigrated database would make every answer an abstention: set it up first."""
        from django.core.management import call_command
        from django.db import connection
        from django.db.utils import DatabaseError

        from rxanswers.core.models import IngestRun

        try:
            ready = (
                "core_ingestrun" in connection.introspection.table_names()
                and IngestRun.objects.filter(status=IngestRun.Status.COMPLETED).exists()
            )
        except DatabaseError:
            ready = False
        if not ready:
            self.stderr.write(
                "The database has no data yet: running `rxanswers setup` (one time, ~2 minutes)..."
            )
            call_command("setup", stdout=self.stderr)

    def handle(self, *args, **options):
        if not options.get("no_setup"):
            self._ensure_data()
        if options["batch"]:
            workers = options.get("workers") or default_workers()
            if workers < 1:
                raise CommandError("--workers must be at least 1")
            return self._batch(options["batch"], workers)
        question = " ".join(options["question"]).strip()
        if not question:
            raise CommandError("empty question")
        try:
            result = answer_question(question)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        result.review = review_status_for_question(question, [d.slug for d in result.drugs])
        if options["json"]:
            self.stdout.write(orjson.dumps(result.to_dict()).decode())
        else:
            self.stdout.write(format_text(result))

    def _batch(self, path: str, workers: int = 1) -> None:
        """One JSON object per input line, in input order. A long batch is answered by ``workers`` forked
        processes (each loads the indexes once); lines are read ``BATCH_WINDOW`` at a time."""
        from django.db import connections

        from rxanswers.answers.pipeline import warm_up

        started = time.monotonic()
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")  # noqa: SIM115
        numbered = enumerate(stream, 1)  # one output object per input line, blank ones too
        count = 0
        pool = None
        try:
            window = list(itertools.islice(numbered, BATCH_WINDOW))
            if workers > 1 and len(window) >= PARALLEL_MIN:
                connections.close_all()  # each worker opens its own connection
                pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
            else:
                workers = 1
                warm_up()  # load indices once, before the first line
            out = self.stdout
            while window:
                answers = pool.imap(_answer_numbered, window, 4) if pool else map(_answer_numbered, window)
                for obj in answers:
                    out.write(orjson.dumps(obj).decode())
                    count += 1
                window = list(itertools.islice(numbered, BATCH_WINDOW))
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
            if stream is not sys.stdin:
                stream.close()
        elapsed = time.monotonic() - started
        self.stderr.write(
            f"{count} questions in {elapsed:.1f}s ({count / elapsed if elapsed else 0:.0f}/s, "
            f"{workers} process{'es' if workers > 1 else ''}, indexes loaded included)"
        )
