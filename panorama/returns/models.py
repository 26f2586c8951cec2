"""Return windows (which bodies owe which return for which period, and by when), submissions and
their workflow, and saved mappings."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from panorama.core.models import Period
from panorama.organisations.models import Organisation


class WindowStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ReturnWindow(models.Model):
    """One return kind for one period: opened and closed by analysts, with a due date and the
    bodies expected to send it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=60, db_index=True, help_text="The return kind's slug.")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="return_windows")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=WindowStatus.choices, default=WindowStatus.OPEN)
    expected = models.ManyToManyField(Organisation, blank=True, related_name="expected_return_windows")
    note = models.TextField(blank=True, max_length=2000, help_text="Shown to the bodies with the window.")
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-period__start", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "period"], name="one_window_per_kind_period")]

    def __str__(self) -> str:
        return f"{self.kind} {self.period.label}"

    def get_absolute_url(self) -> str:
        return reverse("returns:window", kwargs={"public_id": self.public_id})

    @property
    def is_open(self) -> bool:
        return self.status == WindowStatus.OPEN


class Status(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned with comments"
    ACCEPTED = "accepted", "Accepted"


class Source(models.TextChoices):
    UPLOAD = "upload", "Uploaded file"
    FORM = "form", "Web form"
    API = "api", "API"
    CLI = "cli", "Command line"


class Submission(models.Model):
    """A body's return of one kind for one period, as it moves through the workflow.

    `rows` holds the draft as checked text, one list of cells per row in the kind's column order
    (with the spreadsheet row number first), so that acceptance can re-check it and apply it.
    `content_hash` lets a second upload of the same content change nothing.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="return_submissions"
    )
    kind = models.CharField(max_length=60, db_index=True)
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="return_submissions")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    columns = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    counts = models.JSONField(
        default=dict, blank=True, help_text="created/changed/unchanged when last checked"
    )
    content_hash = models.CharField(max_length=64, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOAD)
    comments = models.TextField(
        blank=True, max_length=5000, help_text="The analyst's comments when returned."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "period"], name="one_submission_per_return"
            )
        ]
        indexes = [models.Index(fields=["kind", "period", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation.short_name} {self.kind} {self.period.label}"

    def get_absolute_url(self) -> str:
        return reverse("returns:submission", kwargs={"public_id": self.public_id})


class SubmissionEvent(models.Model):
    """One step in a submission's life, shown to the body and the analysts: who did what, when."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(
        max_length=20
    )  # draft-saved, submitted, returned, resubmitted, accepted, reopened
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.submission}: {self.action}"


class SavedMapping(models.Model):
    """A mapping kept in the app so that the next file in the same layout imports in one step."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=60, db_index=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="return_mappings",
        help_text="The body whose files it reads; empty for a mapping everyone may use.",
    )
    definition = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name", "organisation"], name="mapping_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("returns:mapping", kwargs={"public_id": self.public_id})


class PendingUpload(models.Model):
    """An upload (or web-form entry) checked and waiting: its problems, or its preview until the
    submitter confirms it. Kept two days; confirming turns it into the body's draft."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=60)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(Period, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOAD)
    columns = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True)
    notes = models.JSONField(default=list, blank=True)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    actions = models.JSONField(default=list, blank=True)
    # What does not stop it (problems' shape: message, row, column, value), what it would create
    # besides its rows (new bodies), and the mapping's options for the kind, applied on confirming.
    warnings = models.JSONField(default=list, blank=True)
    creates = models.JSONField(default=list, blank=True)
    options = models.JSONField(default=dict, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The body's draft's version when the upload was checked (0: none yet), so that confirming it
    # cannot silently replace a draft someone else saved in between.
    draft_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} upload {self.filename or '(web form)'}"

    def get_absolute_url(self) -> str:
        return reverse("returns:upload", kwargs={"public_id": self.public_id})
