"""The technology radar: the technologies a public body meets, where each body stands on each, and
the questions bodies ask one another about them.

A body's stance on a technology is kept twice: `BodyStance` is where it stands now (what pages and
the API show), and every change to it is a `StanceChange` with the day it took effect, so the stance
on any day, and so what moved between two quarters, can be read back.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from panorama.collaboration.models import Challenge
from panorama.lessons.models import Lesson
from panorama.organisations.models import Organisation
from panorama.programmes.models import Platform, Programme


class Category(models.TextChoices):
    """The radar's four quadrants."""

    AI = "ai and automation", "AI and automation"
    PLATFORMS = "platforms and cloud", "Platforms and cloud"
    DATA = "data and integration", "Data and integration"
    TRUST = "identity and security", "Identity and security"


class Stance(models.TextChoices):
    ADOPTED = "adopted", "Adopted"
    TRIALLING = "trialling", "Trialling"
    ASSESSING = "assessing", "Assessing"
    ON_HOLD = "on hold", "On hold"
    DECIDED_AGAINST = "decided against", "Decided against"


# The bodies a question about a technology reaches: those who know it from use.
EXPERIENCED = (Stance.ADOPTED, Stance.TRIALLING)


class Technology(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(help_text="What it is and what it is for, in plain English.")
    category = models.CharField(max_length=30, choices=Category.choices)
    standards = models.TextField(
        "Related standards and guidance",
        blank=True,
        help_text="One a line: a title, or a title and its web address after a space and a vertical bar (|).",
    )
    risk_data_protection = models.TextField("Data protection", blank=True, max_length=1000)
    risk_bias = models.TextField("Bias and fairness", blank=True, max_length=1000)
    risk_lock_in = models.TextField("Lock-in", blank=True, max_length=1000)
    risk_security = models.TextField("Security", blank=True, max_length=1000)
    guidance = models.TextField(
        "Central guidance and whom to ask",
        blank=True,
        max_length=2000,
        help_text="The central team's advice, and the team or network to contact.",
    )
    lessons = models.ManyToManyField(Lesson, blank=True, related_name="technologies")
    challenges = models.ManyToManyField(Challenge, blank=True, related_name="technologies")
    platforms = models.ManyToManyField(Platform, blank=True, related_name="technologies")
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "technologies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("radar:technology", kwargs={"slug": self.slug})

    @property
    def risks(self) -> list[tuple[str, str]]:
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in ("risk_data_protection", "risk_bias", "risk_lock_in", "risk_security")
            if getattr(self, name)
        ]

    @property
    def standard_list(self) -> list[tuple[str, str]]:
        found = []
        for line in self.standards.splitlines():
            title, _, url = line.partition("|")
            if title.strip():
                found.append((title.strip(), url.strip()))
        return found


class BodyStance(models.Model):
    """Where one body stands on one technology now."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="technology_stances"
    )
    technology = models.ForeignKey(Technology, on_delete=models.CASCADE, related_name="stances")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    since = models.DateField(help_text="The day the body took this stance.")
    programmes = models.ManyToManyField(Programme, blank=True, related_name="technology_stances")
    note = models.TextField("What you are doing and what you have learnt", blank=True, max_length=2000)
    internal = models.BooleanField(
        default=False,
        help_text="Internal stances are shown only to the body's own people and the central team.",
    )
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["technology__name", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "technology"], name="one_stance_per_technology"),
        ]
        indexes = [models.Index(fields=["technology", "stance"])]

    def __str__(self) -> str:
        return f"{self.organisation.short_name}: {self.technology} ({self.get_stance_display().lower()})"

    def get_absolute_url(self) -> str:
        return self.technology.get_absolute_url() + f"#stance-{self.public_id}"


class StanceChange(models.Model):
    """One change of a body's stance, kept for ever: the history movement is read from."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    technology = models.ForeignKey(Technology, on_delete=models.CASCADE, related_name="changes")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    previous = models.CharField(max_length=20, choices=Stance.choices, blank=True)
    effective = models.DateField(help_text="The day the new stance took effect.")
    internal = models.BooleanField(default=False)
    illustrative = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["effective", "pk"]
        indexes = [models.Index(fields=["technology", "organisation", "effective"])]

    def __str__(self) -> str:
        return f"{self.organisation.short_name}: {self.technology} → {self.stance} on {self.effective}"


class Question(models.Model):
    """A body's question about a technology, for the bodies that use it and the central team."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    technology = models.ForeignKey(Technology, on_delete=models.CASCADE, related_name="questions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="technology_questions"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    text = models.TextField(max_length=4000, help_text="Markdown.")
    illustrative = models.BooleanField(default=False)
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.technology.get_absolute_url() + f"#question-{self.public_id}"


class Answer(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="technology_answers"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=4000, help_text="Markdown.")
    illustrative = models.BooleanField(default=False)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_at", "pk"]

    def __str__(self) -> str:
        return f"Answer to {self.question}"

    def get_absolute_url(self) -> str:
        return self.question.get_absolute_url()
