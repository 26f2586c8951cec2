from django.db import models
from django.db.models import Q
from django.urls import reverse


class Sector(models.TextChoices):
    CENTRAL = "central government", "Central government"
    LOCAL = "local government", "Local government"
    HEALTH = "health and care", "Health and care"
    JUSTICE = "justice", "Justice"
    EDUCATION = "education", "Education"
    THIRD = "third sector", "Third sector"
    INDUSTRY = "industry", "Industry"


def served_q(prefix: str = "") -> Q:
    """The bodies Panorama serves: those in no collection, or in one an analyst chose to count. The
    one definition of what the national picture counts (`prefix` reaches the body from another
    model, e.g. "organisation__" from a programme)."""
    return Q(**{f"{prefix}collection__isnull": True}) | Q(**{f"{prefix}collection__counted": True})


class Collection(models.Model):
    """A named set of bodies kept apart from the picture of those Panorama serves: another
    government's register imported for comparison or reference. Searchable and comparable (the
    register's filter, its own page), but counted in the national figures only when an analyst
    includes it."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True, max_length=2000)
    all_major = models.BooleanField(
        default=False,
        help_text="Every programme in it is major, whatever its cost (e.g. a major-projects portfolio, "
        "where costs may be withheld).",
    )
    counted = models.BooleanField(
        default=False,
        help_text="Counted in the national picture too (an analyst's choice; by default a collection is "
        "kept apart from the figures of the bodies Panorama serves).",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:collection", kwargs={"slug": self.slug})


class StaffBand(models.TextChoices):
    """How many people a body employs (headcount, rounded into bands)."""

    UNDER_50 = "under 50", "Under 50"
    FROM_50 = "50 to 249", "50 to 249"
    FROM_250 = "250 to 999", "250 to 999"
    FROM_1000 = "1,000 to 4,999", "1,000 to 4,999"
    FROM_5000 = "5,000 to 19,999", "5,000 to 19,999"
    FROM_20000 = "20,000 or more", "20,000 or more"


class BudgetBand(models.TextChoices):
    """A body's total annual budget (gross expenditure), not its digital spend."""

    UNDER_10M = "under £10m", "Under £10m"
    FROM_10M = "£10m to £49m", "£10m to £49m"
    FROM_50M = "£50m to £249m", "£50m to £249m"
    FROM_250M = "£250m to £999m", "£250m to £999m"
    FROM_1BN = "£1bn to £4.9bn", "£1bn to £4.9bn"
    FROM_5BN = "£5bn or more", "£5bn or more"


class Organisation(models.Model):
    """A public body, or an industry or third-sector partner. Addressed in URLs by its slug."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=30, unique=True)
    sector = models.CharField(max_length=30, choices=Sector.choices, db_index=True)
    kind = models.CharField(max_length=100, blank=True)
    sponsor = models.CharField(
        max_length=200, blank=True, help_text="Who the body answers to: its sponsor, funder or partners."
    )
    staff_band = models.CharField(max_length=20, choices=StaffBand.choices, blank=True)
    budget_band = models.CharField(max_length=20, choices=BudgetBand.choices, blank=True)
    size_approximate = models.BooleanField(
        default=False, help_text="The size bands are an estimate, not taken from the body's own accounts."
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    active = models.BooleanField(default=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True, max_length=2000)
    illustrative = models.BooleanField(
        default=False, help_text="Invented for the demo or benchmarks, not a real body."
    )
    collection = models.ForeignKey(
        Collection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text="Empty for the bodies Panorama serves; set for a body imported as part of a collection.",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def is_public_sector(self) -> bool:
        return self.sector not in {Sector.INDUSTRY, Sector.THIRD}
