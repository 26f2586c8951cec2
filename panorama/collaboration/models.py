"""Collaboration across the public sector, industry and the third sector: forums with their meetings,
decisions and actions; discussions; innovation challenges (the CivTech flow); who adopts which shared
platform; each body's licences; and the overlap finder's collaboration opportunities."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from panorama.organisations.models import Organisation
from panorama.programmes.models import Platform, Programme
from panorama.strategy.models import Commitment

# --- Forums ---------------------------------------------------------------------------------------


class Forum(models.Model):
    """A standing group that brings bodies and partners together: a digital leaders' forum, …"""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200, unique=True)
    purpose = models.TextField(help_text="What the forum is for, in Markdown.")
    illustrative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("collaboration:forum-detail", kwargs={"slug": self.slug})


class ForumRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MEMBER = "member", "Member"


class ForumMember(models.Model):
    """A person in a forum, representing one of the bodies they belong to (which gives the sector)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_seats")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="forum_seats")
    role = models.CharField(max_length=10, choices=ForumRole.choices, default=ForumRole.MEMBER)
    joined_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["forum", "role", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["forum", "person"], name="one_seat_per_person")]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation.short_name}) in {self.forum}"


class Meeting(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    agenda = models.TextField(blank=True, help_text="Markdown.")
    minutes = models.TextField(blank=True, help_text="Markdown. Published once the forum agrees them.")
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["forum", "-held_on"]

    def __str__(self) -> str:
        return f"{self.forum.name}: {self.title} ({self.held_on:%d %b %Y})"

    def get_absolute_url(self) -> str:
        return reverse("collaboration:meeting-detail", kwargs={"public_id": self.public_id})


class Paper(models.Model):
    """A paper tabled at a meeting: a title, a link to the document, and what it asks the forum."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Action(models.Model):
    """Something a forum agreed to do. Linked to a strategy commitment, it can take ownership of it:
    the commitment then shows this forum as its owner (the cure for "actions with no owner")."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_actions",
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_actions",
        help_text="The body that owns the action.",
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_actions"
    )
    owns_commitment = models.BooleanField(
        default=False, help_text="The forum takes ownership of the linked commitment."
    )
    notes = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["forum", "due", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owns_commitment=False) | Q(commitment__isnull=False),
                name="ownership_needs_a_commitment",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:action-edit", kwargs={"public_id": self.public_id})

    @property
    def overdue(self) -> bool:
        open_ = self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        return bool(open_ and self.due and self.due < timezone.localdate())


# --- Discussions ----------------------------------------------------------------------------------


class Thread(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-last_post_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:thread-detail", kwargs={"public_id": self.public_id})


class Post(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(help_text="Markdown.")
    created_at = models.DateTimeField(default=timezone.now)
    hidden = models.BooleanField(default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["thread", "created_at", "id"]

    def __str__(self) -> str:
        return f"Post in {self.thread}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#post-{self.public_id}"


# --- Innovation challenges -----------------------------------------------------------------------


class ChallengeRound(models.Model):
    """One round of the innovation programme (CivTech 8, CivTech 9, …)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    opened_on = models.DateField()
    demo_day = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened_on"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("collaboration:round-detail", kwargs={"slug": self.slug})


class ChallengeStage(models.TextChoices):
    OPEN = "open", "Open for applications"
    SHORTLIST = "shortlist", "Shortlisting"
    EXPLORATION = "exploration", "Exploration"
    ACCELERATOR = "accelerator", "Accelerator"
    DEMO_DAY = "demo day", "Demo day"
    ADOPTED = "adopted", "Adopted"
    NOT_ADOPTED = "not adopted", "Not adopted"


class Challenge(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(ChallengeRound, on_delete=models.PROTECT, related_name="challenges")
    sponsor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sponsored_challenges")
    title = models.CharField(max_length=300)
    problem = models.TextField(help_text="The problem statement, in Markdown.")
    budget = models.DecimalField(
        "Accelerator budget (£)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    stage = models.CharField(max_length=20, choices=ChallengeStage.choices, default=ChallengeStage.OPEN)
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.SET_NULL, related_name="challenges"
    )
    outcome = models.TextField(blank=True, help_text="What came of it: contract, adoption, lessons.")
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["round", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:challenge-detail", kwargs={"public_id": self.public_id})

    @property
    def organisation_id(self) -> int:
        # The audit trail files a challenge under its sponsor.
        return self.sponsor_id


class ApplicationStage(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SHORTLISTED = "shortlisted", "Shortlisted"
    EXPLORATION = "exploration", "Exploration"
    ACCELERATOR = "accelerator", "Accelerator"
    DEMO_DAY = "demo day", "Demo day"
    ADOPTED = "adopted", "Adopted"


# How far each stage is down the funnel, for "reached at least".
STAGE_ORDER = [s.value for s in ApplicationStage]


class Application(models.Model):
    """An industry organisation's application to a challenge. `stage` is the furthest it reached;
    `stopped` marks that it went no further."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="challenge_applications"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposal = models.TextField(help_text="How you would solve the problem, in Markdown.")
    stage = models.CharField(
        max_length=20, choices=ApplicationStage.choices, default=ApplicationStage.SUBMITTED
    )
    stopped = models.BooleanField(default=False, help_text="Went no further than its stage.")
    exploration_fee = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["challenge", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "organisation"], name="one_application_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.challenge.title}"

    def get_absolute_url(self) -> str:
        return reverse("collaboration:application-detail", kwargs={"public_id": self.public_id})

    @property
    def stage_rank(self) -> int:
        return STAGE_ORDER.index(self.stage)


# --- Platforms and licences -----------------------------------------------------------------------


class AdoptionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ONBOARDING = "onboarding", "Onboarding"
    LIVE = "live", "Live"
    RETIRED = "retired", "Retired"


class PlatformAdoption(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="adoptions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="platform_adoptions"
    )
    adopted_on = models.DateField()
    status = models.CharField(max_length=20, choices=AdoptionStatus.choices, default=AdoptionStatus.LIVE)
    note = models.CharField(max_length=300, blank=True)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["platform", "adopted_on", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "organisation"], name="one_adoption_per_body"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.short_name} uses {self.platform.name}"


class Licence(models.Model):
    """A software licence or subscription a body holds: the catalogue the audit found late."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="licences")
    product = models.CharField(max_length=200)
    supplier = models.CharField(max_length=200)
    seats = models.PositiveIntegerField(null=True, blank=True)
    annual_cost = models.DecimalField(
        "Annual cost (£)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    renews_on = models.DateField(null=True, blank=True)
    system = models.CharField(
        max_length=200, blank=True, help_text="The system it serves, as named in the legacy systems register."
    )
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["organisation", "product"]

    def __str__(self) -> str:
        return f"{self.product} ({self.supplier})"


# --- Overlap finder -------------------------------------------------------------------------------


class OverlapStatus(models.TextChoices):
    OPEN = "open", "To review"
    CONFIRMED = "confirmed", "Confirmed"
    DISMISSED = "dismissed", "Dismissed"


class Overlap(models.Model):
    """Two programmes in different bodies that appear to do the same thing. `programme_a` is always
    the one with the lower id, so a pair is stored once; a dismissed pair stays dismissed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme_a = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    programme_b = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(db_index=True)
    text_similarity = models.FloatField(default=0)
    reasons = models.JSONField(default=list, help_text="Why the pair was flagged, one sentence each.")
    status = models.CharField(max_length=20, choices=OverlapStatus.choices, default=OverlapStatus.OPEN)
    note = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["programme_a", "programme_b"], name="one_overlap_per_pair"),
            models.CheckConstraint(
                condition=Q(programme_a__lt=models.F("programme_b")), name="overlap_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_a} ↔ {self.programme_b}"

    def get_absolute_url(self) -> str:
        return reverse("collaboration:overlap-detail", kwargs={"public_id": self.public_id})
