"""The ingest runner: reads records, applies them in transactional batches, reports bad records, resumes.

Every reader yields records or ``RecordError``s. The runner groups them into batches; each batch — its
records, its error reports and the run's checkpoint (``records_committed``) — commits in one transaction.
Batches are sized by time, not only by count: the runner starts small and grows or shrinks each batch so one
write transaction takes about ``MAX_TRANSACTION_SECONDS`` (0.5 s), so a reviewer's write never waits for more
than about that behind a long ingest (on SQLite a writer locks the whole database).
If the process dies (kill -9), the next run over the same file (same reader, same SHA-256) finds the
unfinished run, skips the records already committed and carries on, so both end in the same state.
Appliers are idempotent too, so even a full re-run changes nothing.

Two ingests of the same file (same reader and SHA-256) into one database never run at once: the second is refused with a clear
message (``IngestBusyError``) while the first holds the file's lock (an OS file lock under ``var/locks``, released
by the OS even when the holder is killed -9).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from rxanswers.core.models import DataSource, IngestIssue, IngestRun
from rxanswers.core.progress import progress_bar
from rxanswers.sources.records import RecordError


class IngestBusyError(ValueError):
    """Another process is ingesting the same file right now."""


@contextlib.contextmanager
def file_lock(reader: str, sha: str):
    """Hold the ingest lock of one file (reader + content hash) into this database, or raise
    ``IngestBusyError``. Other databases (another site, a test worker's) have their own locks."""
    from django.conf import settings
    from django.db import connection

    folder = Path(settings.VAR_DIR) / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    db = connection.settings_dict
    where = f"{connection.vendor}:{db.get('HOST')}:{db.get('PORT')}:{db.get('NAME')}"
    if "memory" in str(db.get("NAME")):  # an in-memory database belongs to this process alone
        where += f":{os.getpid()}"
    database = hashlib.sha256(where.encode())
    name = f"ingest-{reader}-{sha[:24]}-{database.hexdigest()[:12]}.lock"
    with open(folder / name, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IngestBusyError(
                "another ingest of this file is running; wait for it to finish (it resumes where it stops)"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# A write transaction of the ingest lasts about this long at most (RXANSWERS_INGEST_TRANSACTION_SECONDS).
MAX_TRANSACTION_SECONDS = float(os.environ.get("RXANSWERS_INGEST_TRANSACTION_SECONDS", 0.5))
FIRST_BATCH = 32
_clock = time.monotonic  # tests replace it with a fake clock


def next_batch_size(size: int, seconds: float, *, ceiling: int, target: float) -> int:
    """The size of the next batch after one of ``size`` records committed in ``seconds``: scaled toward the
    target duration, at most doubled at a time, between 1 and ``ceiling``."""
    if seconds <= 0:
        return min(ceiling, size * 2)
    scaled = int(size * (target / seconds) * 0.9)
    return max(1, min(ceiling, size * 2, scaled))


# apply_batch(records, run) -> (created, unchanged)
BatchApplier = Callable[[list, IngestRun], tuple[int, int]]


@dataclass
class IngestSummary:
    run_id: int
    reader: str
    path: str
    status: str
    read: int = 0
    created: int = 0
    unchanged: int = 0
    errors: list[RecordError] = field(default_factory=list)
    error_count: int = 0
    resumed_from: int = 0
    skipped_already_done: bool = False
    seconds: float = 0.0
    longest_transaction: float = 0.0  # seconds of the longest write transaction (reviewers wait at most this)
    note: str = ""  # reader-specific counts (e.g. NADAC rows linked to no drug), set by the pipeline

    def line(self, *, bad: str = "bad") -> str:
        """One line for the command's output; ``bad`` names the rejected records (``setup`` says "skipped")."""
        if self.skipped_already_done:
            return f"{self.path}: already ingested by run {self.run_id} (use --force to re-read)"
        resumed = f", resumed after {self.resumed_from}" if self.resumed_from else ""
        note = f", {self.note}" if self.note else ""
        return (
            f"{self.path} [{self.reader}]: {self.read} records read{resumed}, {self.created} new, "
            f"{self.unchanged} unchanged, {self.error_count} {bad}{note}, {self.seconds:.1f}s"
        )


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file or of a directory's files (sorted by name), streamed."""
    digest = hashlib.sha256()
    path = Path(path)
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(str(file.relative_to(path)).encode())
        with open(file, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def path_size(path: Path) -> int:
    """Bytes of a file, or of a directory's files."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def run_ingest(
    *,
    path: str | Path,
    reader: str,
    records: Iterable,
    source: DataSource,
    apply_batch: BatchApplier,
    batch_size: int = 500,
    force: bool = False,
    progress: bool = False,
    max_reported_errors: int = 1000,
    sha256: str | None = None,
) -> IngestSummary:
    """Apply ``records`` read from ``path`` in transactional, checkpointed batches (one process per file)."""
    path = Path(path)
    sha = sha256 or file_sha256(path)
    with file_lock(reader, sha):
        return _run_ingest(
            path=path,
            sha=sha,
            reader=reader,
            records=records,
            source=source,
            apply_batch=apply_batch,
            batch_size=batch_size,
            force=force,
            progress=progress,
            max_reported_errors=max_reported_errors,
        )


def _run_ingest(
    *,
    path: Path,
    sha: str,
    reader: str,
    records: Iterable,
    source: DataSource,
    apply_batch: BatchApplier,
    batch_size: int,
    force: bool,
    progress: bool,
    max_reported_errors: int,
) -> IngestSummary:
    started = time.monotonic()
    done = IngestRun.objects.filter(reader=reader, file_sha256=sha, status=IngestRun.Status.COMPLETED).first()
    if done and not force:
        return IngestSummary(
            run_id=done.id, reader=reader, path=str(path), status=done.status, skipped_already_done=True
        )
    run = (
        IngestRun.objects.filter(
            reader=reader, file_sha256=sha, status__in=[IngestRun.Status.RUNNING, IngestRun.Status.FAILED]
        )
        .order_by("-id")
        .first()
    )
    if run is not None and run.status != IngestRun.Status.RUNNING:
        run.status = IngestRun.Status.RUNNING
        run.save(update_fields=["status"])
    if run is None:
        run = IngestRun.objects.create(
            reader=reader, path=str(path), file_sha256=sha, file_size=path_size(path), source=source
        )
    skip = run.records_committed
    summary = IngestSummary(
        run_id=run.id, reader=reader, path=str(path), status=run.status, resumed_from=skip
    )
    summary.created, summary.unchanged, summary.error_count = run.created, run.unchanged, run.error_count
    summary.read = skip

    # records read so far (the total is not known before the end); under setup's bar it is the second line and
    # goes away when the file is done (leave=None)
    bar = progress_bar(desc=path.name, unit=" rec", initial=skip, leave=None, quiet=not progress)

    batch: list = []
    target = min(batch_size, FIRST_BATCH)

    def commit(items: list) -> float:
        good = [item for item in items if not isinstance(item, RecordError)]
        bad = [item for item in items if isinstance(item, RecordError)]
        began = _clock()
        with transaction.atomic():
            created, unchanged = apply_batch(good, run) if good else (0, 0)
            if bad:
                IngestIssue.objects.bulk_create(
                    [
                        IngestIssue(run=run, file=e.file, position=e.position[:200], reason=e.reason)
                        for e in bad
                    ],
                    ignore_conflicts=True,
                )
            run.records_committed += len(items)
            run.records_read = run.records_committed
            run.created += created
            run.unchanged += unchanged
            run.error_count += len(bad)
            run.save(
                update_fields=["records_committed", "records_read", "created", "unchanged", "error_count"]
            )
        took = _clock() - began
        summary.longest_transaction = max(summary.longest_transaction, took)
        summary.created, summary.unchanged, summary.error_count = run.created, run.unchanged, run.error_count
        summary.read = run.records_committed
        for error in bad:
            if len(summary.errors) < max_reported_errors:
                summary.errors.append(error)
        bar.update(len(items))
        return took

    try:
        for index, item in enumerate(records):
            if index < skip:
                continue
            batch.append(item)
            if len(batch) >= target:
                took = commit(batch)
                target = next_batch_size(len(batch), took, ceiling=batch_size, target=MAX_TRANSACTION_SECONDS)
                batch = []
        if batch:
            commit(batch)
    except Exception as exc:
        run.status = IngestRun.Status.FAILED
        run.message = f"{type(exc).__name__}: {exc}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    finally:
        bar.close()
    run.status = IngestRun.Status.COMPLETED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    summary.status = run.status
    summary.seconds = time.monotonic() - started
    return summary
