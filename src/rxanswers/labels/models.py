"""The immutable label store: Label (set id) -> LabelVersion -> Section.

A new version never edits an old one. Versions are deduplicated by content hash, so ingesting the same
file twice changes nothing. Exactly one version per label is current (latest effective date, then version).
"""

from __future__ import annotations

from django.db import models

from rxanswers.core.models import DataSource, IngestRun

DAILYMED_SETID_URL = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={set_id}"


class Label(models.Model):
    set_id = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=500, blank=True)
    current_version = models.ForeignKey(
        "LabelVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_seen_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["set_id"]

    def __str__(self) -> str:
        return self.title or self.set_id

    @property
    def dailymed_url(self) -> str:
        return DAILYMED_SETID_URL.format(set_id=self.set_id)


class LabelVersion(models.Model):
    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="versions")
    spl_id = models.CharField(max_length=64, blank=True)
    version = models.IntegerField(null=True, blank=True)
    effective_date = models.DateField(null=True, blank=True)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="label_versions")
    source_file = models.CharField(max_length=1000)
    source_position = models.CharField(max_length=200, blank=True)
    ingest_run = models.ForeignKey(
        IngestRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_hash = models.CharField(max_length=64)
    ingested_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=False)

    title = models.CharField(max_length=500, blank=True)
    manufacturer = models.CharField(max_length=300, blank=True)
    product_type = models.CharField(max_length=100, blank=True)
    brand_names = models.JSONField(default=list)
    generic_names = models.JSONField(default=list)
    substance_names = models.JSONField(default=list)
    routes = models.JSONField(default=list)
    dosage_forms = models.JSONField(default=list)
    application_numbers = models.JSONField(default=list)
    rxcuis = models.JSONField(default=list)
    uniis = models.JSONField(default=list)
    package_ndcs = models.JSONField(default=list)
    pharm_classes = models.JSONField(default=dict)
    notes = models.JSONField(default=list)

    class Meta:
        ordering = ["label_id", "effective_date", "version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["label", "content_hash"], name="uniq_label_version_content"),
        ]
        indexes = [models.Index(fields=["is_current", "label"])]

    def __str__(self) -> str:
        return f"{self.label.set_id} v{self.version or '?'} ({self.effective_date or 'undated'})"

    @property
    def version_display(self) -> str:
        return str(self.version) if self.version is not None else "not stated by source"

    @property
    def dailymed_url(self) -> str:
        return DAILYMED_SETID_URL.format(set_id=self.label.set_id)


class Section(models.Model):
    """One section of one label version. ``key`` is the openFDA field name (``mechanism_of_action``)."""

    version = models.ForeignKey(LabelVersion, on_delete=models.PROTECT, related_name="sections")
    key = models.CharField(max_length=100)
    loinc = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["version_id", "order", "id"]
        indexes = [models.Index(fields=["version", "key"])]

    def __str__(self) -> str:
        return f"{self.key} of {self.version_id}"

    @property
    def anchor(self) -> str:
        return f"section-{self.key.replace('_', '-')}"
