"""Public services and their performance, and the open-data snapshot of the published picture."""

import uuid
from decimal import Decimal

from django.db import models
from django.urls import reverse

from panorama.core.models import Period
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme


class ServicePhase(models.TextChoices):
    DISCOVERY = "discovery", "Discovery"
    ALPHA = "alpha", "Alpha"
    BETA = "beta", "Beta"
    LIVE = "live", "Live"
    RETIRED = "retired", "Retired"


class Service(models.Model):
    """A public service: something people or businesses use to get a thing done (apply, register, pay).

    `published` services (the default) appear on public pages and in the open data; an unpublished
    one is visible only to its body and to those who read everything."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Its reference, e.g. sss-best-start-grant."
    )
    name = models.CharField(max_length=300)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    phase = models.CharField(max_length=20, choices=ServicePhase.choices, default=ServicePhase.LIVE)
    users = models.CharField(max_length=200, blank=True, help_text="Who uses it: individuals, businesses, …")
    category = models.CharField(max_length=120, blank=True, help_text="e.g. Registering, Making a payment.")
    url = models.URLField("Web address", max_length=500, blank=True)
    description = models.TextField(blank=True, max_length=4000)
    published = models.BooleanField(default=True, help_text="Shown on public pages and in the open data.")
    source = models.CharField(max_length=200, blank=True, help_text="Where the figures come from.")
    illustrative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organisation", "phase"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("picture:service", kwargs={"slug": self.slug})


class ServicePerformance(models.Model):
    """One quarter's figures for a service on the four KPIs of the Digital First Service Standard,
    plus volumes. Any figure may be missing: completeness is part of the picture.

    `transactions` and `digital_transactions` count the latest 12 months reported that quarter (as
    the GOV.UK Performance Platform published them), so quarters compare like with like."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="performance")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    transactions = models.BigIntegerField(null=True, blank=True)
    digital_transactions = models.BigIntegerField(null=True, blank=True)
    cost_per_transaction = models.DecimalField(max_digits=16, decimal_places=6, null=True, blank=True)
    digital_cost_per_transaction = models.DecimalField(max_digits=16, decimal_places=6, null=True, blank=True)
    completion_rate = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, help_text="Per cent, 0 to 100."
    )
    user_satisfaction = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, help_text="Per cent, 0 to 100."
    )

    class Meta:
        ordering = ["service", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["service", "period"], name="one_performance_per_quarter"),
        ]
        indexes = [models.Index(fields=["period", "service"])]

    def __str__(self) -> str:
        return f"{self.service}: {self.period}"

    @property
    def digital_take_up(self) -> Decimal | None:
        """Per cent of transactions completed digitally."""
        if not self.transactions or self.digital_transactions is None:
            return None
        return (Decimal(self.digital_transactions) * 100 / Decimal(self.transactions)).quantize(
            Decimal("0.1")
        )


class OpenDataFile(models.Model):
    """One generated file of the open data (`programmes.csv`, `datapackage.json`, …): its bytes are in
    the generated files' storage (`core.files`) under a name holding their SHA-256, so every
    download between two regenerations is the same published snapshot, whichever server serves it."""

    name = models.CharField(max_length=100, unique=True)
    media_type = models.CharField(max_length=100)
    storage_name = models.CharField(
        max_length=300, help_text="Where its bytes are in the generated files' storage."
    )
    size = models.PositiveBigIntegerField(default=0, help_text="Bytes.")
    rows = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64)
    generated_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FigureSnapshot(models.Model):
    """A figure of the register as it stood when a quarter closed (`panorama snapshot_figures`).

    Figures that count the register as it stands (commitments with no owner, programmes off track)
    cannot be recomputed for a quarter that has passed: the register has moved on. Kept at each
    quarter's close, they give those figures a trend and a past period its own values."""

    key = models.CharField(max_length=80)
    period = models.CharField(max_length=12, help_text="The quarter's label, e.g. 2025-26 Q3.")
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    taken_on = models.DateField()
    illustrative = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "period"], name="one_snapshot_per_figure_period")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.period}: {self.value}"
