"""Provenance shared by every app: where a fact came from, and what each ingest run did."""

from __future__ import annotations

from django.db import models


class DataSource(models.Model):
    """A published dataset (or a third-party extraction of one) that facts are loaded from.

    Every fact row points at its DataSource, which carries the snapshot date and licence shown in the UI.
    """

    key = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    snapshot_date = models.DateField(null=True, blank=True)
    is_official = models.BooleanField(
        default=False, help_text="True for files as FDA/NLM publish them; False for third-party extractions."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class IngestRun(models.Model):
    """One pass of one reader over one file. Resumable: ``records_committed`` is the checkpoint."""

    class Status(models.TextChoices):
        RUNNING = "running"
        COMPLETED = "completed"
        FAILED = "failed"

    reader = models.CharField(max_length=64)
    path = models.CharField(max_length=1000)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    file_size = models.BigIntegerField(default=0)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="ingest_runs")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    records_read = models.PositiveIntegerField(default=0)
    records_committed = models.PositiveIntegerField(
        default=0, help_text="records fully processed (checkpoint)"
    )
    created = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["reader", "file_sha256", "status"])]

    def __str__(self) -> str:
        return f"{self.reader} {self.path} ({self.status})"


class IngestIssue(models.Model):
    """A bad record found during an ingest run: reported, never silently skipped."""

    run = models.ForeignKey(IngestRun, on_delete=models.CASCADE, related_name="issues")
    file = models.CharField(max_length=1000)
    position = models.CharField(max_length=200)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "file", "position", "reason"], name="uniq_issue_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.file} [{self.position}]: {self.reason}"
