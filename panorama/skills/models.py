"""Digital and data skills: the role taxonomy, workforce returns, programme needs and initiatives.

Posts are counted in full-time equivalents (FTE). A body's posts in a role are either filled by
permanent staff, covered by contractors or interims, or vacant, so for every workforce line
`established = permanent + contractors + vacancies` (the return refuses lines that do not add up).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from panorama.core.models import Period
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme


class SkillLevel(models.TextChoices):
    """The capability framework's four skill levels, lowest first."""

    AWARENESS = "awareness", "Awareness"
    WORKING = "working", "Working"
    PRACTITIONER = "practitioner", "Practitioner"
    EXPERT = "expert", "Expert"


SKILL_LEVEL_MEANINGS = {
    SkillLevel.AWARENESS: "Knows what the skill is and why it matters; can take part with guidance.",
    SkillLevel.WORKING: "Applies the skill to routine work; knows when to ask for help.",
    SkillLevel.PRACTITIONER: "Applies the skill independently to complex work, and shares it with others.",
    SkillLevel.EXPERT: "Leads, coaches and sets direction for the skill across organisations.",
}


class RoleFamily(models.Model):
    """A role family of the Digital and Data Profession Capability Framework (e.g. Data)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True, max_length=1000)
    position = models.PositiveSmallIntegerField(default=100, help_text="Order in lists.")
    from_framework = models.BooleanField(
        default=False, help_text="Part of the published framework, not added by an analyst."
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "role families"

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    family = models.ForeignKey(RoleFamily, on_delete=models.PROTECT, related_name="roles")
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True, max_length=1000)
    from_framework = models.BooleanField(default=False)
    active = models.BooleanField(default=True, help_text="Inactive roles are kept for history only.")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["family__position", "family__name", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("skills:roles") + f"#role-{self.slug}"


class WorkforceLine(models.Model):
    """One row of a body's workforce return: its posts in one role, for one financial year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="workforce_lines")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="workforce_lines")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="workforce_lines")
    established = models.DecimalField("Posts established (FTE)", max_digits=8, decimal_places=1)
    permanent = models.DecimalField("Filled by permanent staff (FTE)", max_digits=8, decimal_places=1)
    contractors = models.DecimalField(
        "Filled by contractors or interims (FTE)", max_digits=8, decimal_places=1
    )
    vacancies = models.DecimalField("Vacant (FTE)", max_digits=8, decimal_places=1)
    planned_next_year = models.DecimalField(
        "Posts planned next year (FTE)", max_digits=8, decimal_places=1, null=True, blank=True
    )
    planned_year_after = models.DecimalField(
        "Posts planned the year after (FTE)", max_digits=8, decimal_places=1, null=True, blank=True
    )
    median_days_to_hire = models.PositiveIntegerField(null=True, blank=True)
    illustrative = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "period__start", "role__family__position", "role__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period", "role"], name="one_line_per_role"),
            models.CheckConstraint(
                condition=Q(established__gte=0, permanent__gte=0, contractors__gte=0, vacancies__gte=0),
                name="workforce_not_negative",
            ),
        ]
        # Covering: the largest gaps of a year (vacancies and posts per role) read the index alone.
        indexes = [
            models.Index(
                fields=["period", "role", "vacancies", "established"], name="skills_workforce_gaps_idx"
            ),
            # The latest change to any line, read from one index entry (the staffing cache's key).
            models.Index(fields=["updated_at"], name="skills_workforce_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.short_name} {self.period}: {self.role}"

    @property
    def filled(self) -> Decimal:
        return self.permanent + self.contractors

    @property
    def vacancy_rate(self) -> Decimal | None:
        return self.vacancies / self.established if self.established else None

    @property
    def contractor_share(self) -> Decimal | None:
        return self.contractors / self.filled if self.filled else None


class ProgrammeNeed(models.Model):
    """The FTE of one role a programme needs in one quarter, at a minimum skill level."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="skill_needs")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="programme_needs")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="programme_needs")
    fte = models.DecimalField("FTE needed", max_digits=7, decimal_places=1)
    level = models.CharField(
        "Skill level", max_length=20, choices=SkillLevel.choices, default=SkillLevel.PRACTITIONER
    )
    note = models.CharField(max_length=300, blank=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["programme", "period__start", "role__name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "role", "period"], name="one_need_per_role_quarter"),
            models.CheckConstraint(condition=Q(fte__gt=0), name="need_positive"),
        ]
        indexes = [
            models.Index(fields=["period", "role"]),
            # Every need's version added up from this narrow index, not the table (the staffing
            # cache's key changes when any need is edited).
            models.Index(fields=["version"], name="skills_need_version_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.fte} FTE {self.role} in {self.period}"

    @property
    def organisation(self) -> Organisation:
        return self.programme.organisation

    @property
    def organisation_id(self) -> int:
        # The audit trail files a need under its programme's body.
        return self.programme.organisation_id


class InitiativeKind(models.TextChoices):
    ACADEMY = "academy", "Academy"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    GRADUATE = "graduate scheme", "Graduate scheme"
    TRAINING = "training programme", "Training programme"


class Initiative(models.Model):
    """A skills initiative (an academy, apprenticeship, graduate scheme or training programme)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=InitiativeKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="skills_initiatives", verbose_name="Lead body"
    )
    summary = models.TextField(blank=True, max_length=2000)
    url = models.URLField("Web page", blank=True)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("skills:initiative", kwargs={"public_id": self.public_id})


class InitiativeTarget(models.Model):
    """How many people an initiative aims to bring into a role family in a financial year, and how
    many it did."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="targets")
    family = models.ForeignKey(RoleFamily, on_delete=models.PROTECT, related_name="initiative_targets")
    year = models.PositiveSmallIntegerField(
        help_text="The year the financial year starts in: 2025 for 2025-26."
    )
    target = models.PositiveIntegerField("Target (people)")
    delivered = models.PositiveIntegerField("Delivered (people)", null=True, blank=True)

    class Meta:
        ordering = ["initiative", "year", "family__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "family", "year"], name="one_target_per_family_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.family} {self.year_label}"

    @property
    def year_label(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d}"

    @property
    def organisation_id(self) -> int:
        return self.initiative.organisation_id
