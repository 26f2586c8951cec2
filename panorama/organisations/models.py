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


class Organisation(models.Model):
    """A public body, or an industry or third-sector partner. Addressed in URLs by its slug."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=30, unique=True)
    sector = models.CharField(max_length=30, choices=Sector.choices, db_index=True)
    kind = models.CharField(max_length=100, blank=True)
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
