"""Lessons learned, assurance reviews and their recommendations, readers' feedback, and the record of
which lessons were pushed to which programme (so that a push is never repeated)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from panorama.organisations.models import Organisation
from panorama.programmes.models import Confidence, Phase, Programme


class SearchVectorField(models.Field):
    """PostgreSQL's tsvector (plain text, unused, on SQLite). Our own small field rather than
    django.contrib.postgres's, so the project needs no PostgreSQL-only app installed."""

    def db_type(self, connection) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    PUBLIC_SECTOR = "public-sector", "Public sector"
    RESTRICTED = "restricted", "Restricted to the body"


class ThemeKind(models.TextChoices):
    PRINCIPLE = "principle", "Audit Scotland principle"
    ASSURANCE = "assurance", "Assurance theme"


class Theme(models.Model):
    """A principle ("Comprehensive planning") or an assurance theme ("Governance and project
    control"). The list is fixed reference data, created by a migration."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=ThemeKind.choices)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "name"]

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    ASSURANCE = "assurance-review", "Assurance review"
    AUDIT = "audit-report", "Audit report"
    PIR = "post-implementation-review", "Post-implementation review"
    CASE_STUDY = "case-study", "Case study"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Moderation(models.TextChoices):
    PENDING = "pending", "Awaiting moderation"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"


class AssuranceKind(models.TextChoices):
    GATE = "gate-review", "Gate review"
    SSA_DISCOVERY = "ssa-discovery", "Service-standard assessment: discovery"
    SSA_ALPHA = "ssa-alpha", "Service-standard assessment: alpha"
    SSA_BETA = "ssa-beta", "Service-standard assessment: beta"
    SSA_LIVE = "ssa-live", "Service-standard assessment: live"
    HEALTH_CHECK = "health-check", "Health check"


class AssuranceReview(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="assurance_reviews")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="assurance_reviews"
    )
    programme_name = models.CharField(
        max_length=300, blank=True, help_text="The programme reviewed, if it is not in the register."
    )
    kind = models.CharField(max_length=20, choices=AssuranceKind.choices)
    gate = models.CharField(
        max_length=40, blank=True, help_text="For a gate review: which gate, e.g. Gate 2."
    )
    date = models.DateField(db_index=True)
    confidence = models.CharField(
        "Delivery confidence", max_length=20, choices=Confidence.choices, default=Confidence.NOT_RATED
    )
    summary = models.TextField(blank=True, help_text="Markdown.")
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.RESTRICTED)
    illustrative = models.BooleanField(default=False)
    external_ref = models.CharField(max_length=120, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["visibility", "date"])]

    def __str__(self) -> str:
        subject = self.programme.title if self.programme_id else self.programme_name
        return f"{self.get_kind_display()}: {subject or self.organisation.short_name} ({self.date})"

    def get_absolute_url(self) -> str:
        return reverse("lessons:review-detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        if self.kind != AssuranceKind.GATE and self.gate:
            raise ValidationError({"gate": "Only a gate review has a gate."})

    @property
    def is_service_assessment(self) -> bool:
        return self.kind.startswith("ssa-")

    @property
    def subject(self) -> str:
        return self.programme.title if self.programme_id else self.programme_name


class Priority(models.TextChoices):
    CRITICAL = "critical", "Critical"
    ESSENTIAL = "essential", "Essential"
    RECOMMENDED = "recommended", "Recommended"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    DONE = "done", "Done"


class Recommendation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(AssuranceReview, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="recommendations")
    priority = models.CharField(max_length=20, choices=Priority.choices, default=Priority.RECOMMENDED)
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN, db_index=True
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["review", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class CriterionResult(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not-met", "Not met"


class CriterionAssessment(models.Model):
    """One criterion of the Digital Scotland Service Standard, met or not, in one assessment."""

    review = models.ForeignKey(AssuranceReview, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.PositiveSmallIntegerField()
    result = models.CharField(max_length=10, choices=CriterionResult.choices)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["review", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_result_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(criterion__gte=1, criterion__lte=14), name="criterion_1_to_14"
            ),
        ]

    def __str__(self) -> str:
        return f"Criterion {self.criterion}: {self.get_result_display()}"


class Lesson(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=300)
    what_happened = models.TextField(help_text="Markdown.")
    why = models.TextField("Why it happened", blank=True, help_text="Markdown.")
    recommendation = models.TextField(blank=True, help_text="What to do differently. Markdown.")
    source = models.CharField(max_length=30, choices=Source.choices, db_index=True)
    source_title = models.CharField(max_length=300, blank=True, help_text="e.g. the report's title.")
    source_url = models.URLField(max_length=500, blank=True)
    links = models.TextField(blank=True, help_text="Further links, one a line.")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="lessons"
    )
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    programme_name = models.CharField(
        max_length=300, blank=True, help_text="The programme it comes from, if it is not in the register."
    )
    review = models.ForeignKey(
        AssuranceReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    phase = models.CharField(
        "Lifecycle phase", max_length=20, choices=Phase.choices, blank=True, db_index=True
    )
    themes = models.ManyToManyField(Theme, related_name="lessons")
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    date = models.DateField(db_index=True)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC)
    status = models.CharField(max_length=20, choices=Moderation.choices, default=Moderation.PENDING)
    contributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.CharField(max_length=500, blank=True)
    # Readers' verdicts, kept per person in LessonFeedback and summed here for ranking.
    useful_count = models.PositiveIntegerField(default=0)
    not_useful_count = models.PositiveIntegerField(default=0)
    illustrative = models.BooleanField(default=False)
    external_ref = models.CharField(max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            # Who may read a lesson, then every column the facets count by: the library's front page
            # counts all the lessons a reader may see from this index alone, not the 260 MB table
            # (100,000 lessons, anonymous reader: 229 → 63 ms on PostgreSQL, 169 → 97 ms on SQLite).
            models.Index(
                fields=["status", "visibility", "phase", "source", "date", "organisation", "id"],
                name="lessons_facets_idx",
            ),
            models.Index(fields=["organisation", "status"]),
            # The national picture counts published public lessons marked useful (a few hundred
            # of 100,000): a range of this index instead of reading every published lesson.
            models.Index(fields=["status", "visibility", "useful_count"], name="lessons_useful_idx"),
            # The library's list, newest first, read in this index's order: SQLite otherwise sorted
            # every published lesson to show 20 (an analyst's front page at 100,000 lessons: the
            # list's query 52 → 0.2 ms). PostgreSQL did well enough with the date's own index.
            models.Index(fields=["status", "date", "id"], name="lessons_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lessons:detail", kwargs={"public_id": self.public_id})

    def clean(self) -> None:
        if self.visibility == Visibility.RESTRICTED and not self.organisation_id:
            raise ValidationError({"visibility": "A lesson restricted to a body needs that body: choose it."})

    @property
    def subject(self) -> str:
        return self.programme.title if self.programme_id else self.programme_name

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class LessonSearch(models.Model):
    """PostgreSQL's full-text index of one lesson (SQLite has its FTS5 table instead, and leaves
    this one empty). Kept by search.index_lessons, never edited by hand.

    A narrow table of its own, not a column of the lesson, because a broad search ranks every
    match: reading 13,000 wide lesson rows for their vectors cost a fifth of the search (see
    bench/notes_lessons.md). Here a row is the lesson's id and its vector, about 780 bytes, ten to a
    page. Two GIN indexes, made by migrations: one of the words, and one of every beginning of every
    word (the SQL function `lessons_word_prefixes` of the vector, computed for the index only), so
    that a search's prefixes are matched as whole entries (see search.Query.pg_condition)."""

    lesson = models.OneToOneField(
        Lesson, primary_key=True, on_delete=models.CASCADE, related_name="search_entry", editable=False
    )
    # The words, weighted: title A, body B, and the markers search filters on at D (see search.marker).
    search_vector = SearchVectorField()


class LessonFeedback(models.Model):
    """A reader's verdict on a lesson: useful or not (one per person; they may change it)."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="feedback")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    useful = models.BooleanField()
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="lesson_feedback"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "person"], name="one_verdict_per_reader")]

    def __str__(self) -> str:
        return f"{self.person}: {'useful' if self.useful else 'not useful'}"


class ProgrammeLessonState(models.Model):
    """What the push last saw of a programme, so a repeated save never pushes again."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="lesson_state")
    phase_seen = models.CharField(max_length=20, blank=True)
    confidence_seen = models.CharField(max_length=20, blank=True)
    checked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.programme}: {self.phase_seen}/{self.confidence_seen}"


class PushTrigger(models.TextChoices):
    REGISTERED = "registered", "Programme registered"
    PHASE = "phase", "Moved to a new phase"
    CONFIDENCE = "confidence", "Delivery confidence fell"


class LessonPush(models.Model):
    """One push of lessons to a programme: why it happened and what was sent."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="lesson_pushes")
    trigger = models.CharField(max_length=20, choices=PushTrigger.choices)
    detail = models.CharField(max_length=40, blank=True, help_text="The new phase or confidence.")
    created_at = models.DateTimeField(auto_now_add=True)
    lessons = models.ManyToManyField(Lesson, through="LessonPushItem", related_name="pushes")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_trigger_display()} {self.detail}"


class LessonPushItem(models.Model):
    push = models.ForeignKey(LessonPush, on_delete=models.CASCADE, related_name="items")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    reasons = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["push", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.lesson}"
