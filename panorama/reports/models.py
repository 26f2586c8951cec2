"""Published reports: the picture as a document (HTML and PDF) that stays as it was published.

A report is prepared as a draft (its figures read from the catalogue, its HTML and PDF rendered, by
a background job), previewed, then published. Publishing freezes it: the figures it showed, their
hash, its HTML and its PDF are never recomputed, whatever the data does afterwards.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme


class Kind(models.TextChoices):
    NATIONAL = "national", "National picture"
    BODY = "body", "Body report"
    PROGRAMME = "programme", "Programme one-pager"


class Audience(models.TextChoices):
    # Read with an anonymous reader: restricted figures are absent.
    PUBLIC = "public", "Public report"
    # Read with the publishing analyst's access: every figure they may see.
    INTERNAL = "internal", "Internal pack"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Report(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    period = models.CharField(max_length=12, help_text="The period's label, e.g. 2025-26 Q3.")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # What the report showed: {"figures": {key: reading as shown}, "content": {tables, lists}}.
    figures = models.JSONField(default=dict, blank=True)
    figures_sha256 = models.CharField(max_length=64, blank=True)
    html = models.TextField(blank=True, help_text="The report's content, rendered once.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(published_at__isnull=False) & ~Q(figures_sha256="")),
                name="published_report_has_hash",
            ),
            models.CheckConstraint(
                condition=~Q(kind="body") | Q(organisation__isnull=False), name="body_report_has_body"
            ),
            models.CheckConstraint(
                condition=~Q(kind="programme") | Q(programme__isnull=False),
                name="programme_report_has_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_audience_display().lower()})"

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class ReportFile(models.Model):
    """A rendered file of a report. Its bytes are in the generated files' storage (`core.files`),
    under `reports/<report's public id>/<sha256>.pdf`: a name is always the same bytes, so the
    document a board member downloads cannot change behind the published record, and serving it
    checks the bytes against the SHA-256 kept here before sending them."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=10, choices=[("pdf", "PDF")])
    storage_name = models.CharField(
        max_length=300, help_text="Where its bytes are in the generated files' storage."
    )
    size = models.PositiveIntegerField()
    pages = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    render_seconds = models.DecimalField(max_digits=8, decimal_places=2, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "format"], name="one_file_per_format")]

    def __str__(self) -> str:
        return f"{self.report} ({self.format}, {self.size} bytes)"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being prepared"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class ReportJob(models.Model):
    """Preparing a draft runs out of the request: `panorama report_worker` takes queued jobs."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(
        max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report}: {self.get_status_display()} ({self.progress}%)"
