import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """One create, change, delete or restore of domain data: who, when, and before → after.

    `snapshot` holds the whole object as Django's serialiser writes it, so a deleted object can be
    restored from its last event. `organisation_id` is the owning body, kept as a plain number so that
    core depends on no domain app.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    snapshot = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr} by {self.actor_label or 'system'}"

    @property
    def is_deletion(self) -> bool:
        return self.action.endswith(".deleted")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Financial year"


class Period(models.Model):
    """A reporting period on the financial year (April to March): `2025-26` or `2025-26 Q3`.

    Shared by every return and every time series, so it lives here. Opening, closing and due dates
    are the returns app's business (`returns.ReturnWindow`); a period is only a span of time.
    """

    label = models.CharField(max_length=12, unique=True)
    kind = models.CharField(max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(help_text="The calendar year the financial year starts in.")
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "quarter"], name="one_period_per_span"),
        ]

    def __str__(self) -> str:
        return self.label


class Notification(models.Model):
    """An in-app notification (also sent by email). `key` makes sending idempotent: the same
    notice is never given to the same person twice."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notify_once")]

    def __str__(self) -> str:
        return self.subject


class Embedding(models.Model):
    """What a piece of text means, as a vector from the sentence-embedding model (core/meaning.py):
    one row per object of a registered kind ("lesson", "programme", "challenge", …). `text_hash` is
    the hash of the text the vector was made from, so a changed text is re-embedded and an unchanged
    one is not. `vector` holds float32s, little-endian (the server has no pgvector; the nearest
    neighbours are found in memory). `group` is the near-duplicate group: objects of a kind that say
    the same thing share the id of the first of them (their leader); 0 until grouped."""

    kind = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    text_hash = models.CharField(max_length=32)
    vector = models.BinaryField()
    group = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_embedding_per_object")]
        # The newest row of a kind, read before every use of the in-memory matrix, by one index seek.
        indexes = [models.Index(fields=["kind", "id"], name="embedding_kind_newest")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class DataVersion(models.Model):
    """A stamp that changes, in the same transaction, whenever data a cached public answer depends
    on is written: database triggers on the tables of its `scope` set a new random `token`
    (`core.answers`). Every server process reads the stamp from the database, so an answer cached
    under the old stamp is never served after the write commits, whichever process made it. The
    stamp is random, not a counter, so a rolled-back write can never repeat a stamp already used."""

    scope = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=40)

    def __str__(self) -> str:
        return f"{self.scope}: {self.token}"


class Job(models.Model):
    """Background work someone started, and who: the task itself (its state, attempts, result or
    error) is the queue's row, `task` (django-tasks-db), run by `panorama worker`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.OneToOneField(
        "django_tasks_database.DBTaskResult", on_delete=models.CASCADE, related_name="job"
    )
    label = models.CharField(max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.CharField(max_length=500, blank=True, help_text="Where the job's result is seen.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label
