"""Scenarios for choosing among programmes when there is not money or people for all of them, and
what each run of the optimiser showed."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse


class Scenario(models.Model):
    """What to choose among, and under which limits and weights.

    `filters` select candidates from the register (sector, organisation, phase, commitment, tag);
    `envelopes` is {"total": {year: £}, "sector": {sector: {year: £}}, "body": {slug: {year: £}}};
    `ambition_weights` is {ambition public id: weight} (1 where absent) and `commitment_weights`
    overrides one commitment; `min_coverage` is {ambition public id: commitments to keep served};
    `locked` lists programme public ids kept whatever the cost, `lock_sectors` sectors whose
    programmes are all kept (a scenario that protects health); `hiring` is FTE a role family may
    add on top of the workforce the bodies report ({family slug: FTE}, "*" for every family)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    forum = models.ForeignKey(
        "collaboration.Forum",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scenarios",
        help_text="A forum's scenario chooses among the programmes of its members' bodies.",
    )
    filters = models.JSONField(default=dict, blank=True)
    years = models.JSONField(default=list, help_text="Financial years, e.g. ['2026-27', '2027-28'].")
    envelopes = models.JSONField(default=dict, blank=True)
    ambition_weights = models.JSONField(default=dict, blank=True)
    commitment_weights = models.JSONField(default=dict, blank=True)
    confidence_penalty = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=0.5,
        help_text="0 ignores delivery confidence; 1 counts a red programme's value as nothing.",
    )
    lock_advanced = models.BooleanField(
        default=True, help_text="Keep programmes in beta or live: far through delivery."
    )
    lock_tag = models.CharField(
        max_length=60,
        blank=True,
        default="legal requirement",
        help_text="Keep programmes with this tag (those legally required).",
    )
    lock_sectors = models.JSONField(
        default=list, blank=True, help_text="Keep every programme of bodies in these sectors."
    )
    locked = models.JSONField(default=list, blank=True)
    hiring = models.JSONField(default=dict, blank=True)
    min_coverage = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence_penalty__gte=0) & models.Q(confidence_penalty__lte=1),
                name="confidence_penalty_0_to_1",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("prioritisation:detail", kwargs={"public_id": self.public_id})


class RunStatus(models.TextChoices):
    OPTIMAL = "optimal", "Optimal"
    FEASIBLE = "feasible", "Best found in the time allowed"
    INFEASIBLE = "infeasible", "The constraints conflict"
    NO_SOLUTION = "no solution", "No portfolio found in the time allowed"


class ScenarioRun(models.Model):
    """One run of the optimiser: the figures it showed, kept as they were so that a decision that
    adopted them can always be traced to them (`result` is the whole result as JSON)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=20, choices=RunStatus.choices)
    value = models.FloatField(default=0)
    cost = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    continued = models.PositiveIntegerField(default=0)
    left_out = models.PositiveIntegerField(default=0)
    commitments_covered = models.PositiveIntegerField(default=0)
    skills_shortfall = models.FloatField(
        default=0, help_text="FTE short in the busiest quarter, all families."
    )
    solver_seconds = models.FloatField(default=0)
    result = models.JSONField(default=dict)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_at = models.DateTimeField(auto_now_add=True)
    adopted_decision = models.ForeignKey(
        "collaboration.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-run_at", "-id"]

    def __str__(self) -> str:
        return f"{self.scenario}: {self.get_status_display()} ({self.run_at:%d %b %Y %H:%M})"
