"""The strategy model: strategies → ambitions (parts) → commitments ("we will …") → outcome measures."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from panorama.organisations.models import Organisation


class Strategy(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=60)
    published = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField(blank=True)
    url = models.URLField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-published", "title"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.short_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:strategy", kwargs={"slug": self.slug})


class Ambition(models.Model):
    """A part of a strategy ("People and Place", "Digital Government and Services")."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="ambitions")
    number = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["strategy", "number"]
        constraints = [models.UniqueConstraint(fields=["strategy", "number"], name="ambition_number_unique")]

    def __str__(self) -> str:
        return self.title


class CommitmentKind(models.TextChoices):
    DELIVERABLE = "deliverable", "Deliverable"
    AMBITION = "ambition", "Statement of ambition"


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not started", "Not started"
    ON_TRACK = "on track", "On track"
    AT_RISK = "at risk", "At risk"
    OFF_TRACK = "off track", "Off track"
    COMPLETE = "complete", "Complete"
    DROPPED = "dropped", "Dropped"


class Commitment(models.Model):
    """A "we will …" action. With no owner body or no accountable person it is *unowned*."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ambition = models.ForeignKey(Ambition, on_delete=models.CASCADE, related_name="commitments")
    reference = models.CharField(max_length=20, help_text="Its number within the strategy, e.g. 3.4.")
    text = models.TextField(help_text="What the strategy says we will do, in a sentence.")
    kind = models.CharField(max_length=20, choices=CommitmentKind.choices, default=CommitmentKind.DELIVERABLE)
    owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_commitments"
    )
    accountable_person = models.CharField(max_length=150, blank=True)
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.NOT_STARTED
    )
    last_updated = models.DateField(null=True, blank=True, help_text="When progress was last reported.")
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["ambition__strategy", "ambition__number", "reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:commitment", kwargs={"public_id": self.public_id})

    @property
    def unowned(self) -> bool:
        return self.owner_id is None or not self.accountable_person.strip()


class Direction(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"


class OutcomeMeasure(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, help_text="e.g. %, people, £m, services")
    baseline = models.DecimalField(max_digits=18, decimal_places=4)
    baseline_date = models.DateField(null=True, blank=True)
    target = models.DecimalField(max_digits=18, decimal_places=4)
    target_date = models.DateField(null=True, blank=True)
    direction = models.CharField(max_length=4, choices=Direction.choices, default=Direction.UP)
    source = models.CharField(max_length=300, blank=True, help_text="Where the figures come from.")
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["commitment", "name"]

    def __str__(self) -> str:
        return self.name


class OutcomeActual(models.Model):
    measure = models.ForeignKey(OutcomeMeasure, on_delete=models.CASCADE, related_name="actuals")
    date = models.DateField()
    value = models.DecimalField(max_digits=18, decimal_places=4)
    source = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["measure", "date"]
        constraints = [models.UniqueConstraint(fields=["measure", "date"], name="one_actual_per_date")]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} on {self.date}"
