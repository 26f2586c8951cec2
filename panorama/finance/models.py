"""Investment: what each body spends on digital (typed change or run), what the programmes need
and have secured, and the legacy systems that keep the lights on."""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse

from panorama.core.ids import uuid7
from panorama.core.models import Period
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme


class LineType(models.TextChoices):
    ACTUAL = "actual", "Actual"
    BUDGET = "budget", "Budget"
    FORECAST = "forecast", "Forecast"


class Nature(models.TextChoices):
    """The US IT Dashboard's DME and O&M: building something new, or keeping what exists running."""

    CHANGE = "change", "Change"
    RUN = "run", "Run"


class Funding(models.TextChoices):
    CAPITAL = "capital", "Capital"
    RESOURCE = "resource", "Resource"


class CostCategory(models.TextChoices):
    STAFF = "staff", "Staff"
    CONTRACTORS = "contractors", "Contractors"
    SOFTWARE = "software", "Software"
    HARDWARE = "hardware", "Hardware"
    CLOUD = "cloud and hosting", "Cloud and hosting"
    SERVICES = "services", "Services"
    OTHER = "other", "Other"


class FinanceLine(models.Model):
    """One line of a body's finance return for one financial year: an amount of actual, budgeted or
    forecast digital spend, typed change or run, capital or resource, for a programme (or business
    as usual when `programme` is empty), in one cost category."""

    # Time-ordered, so that a return's new lines are appended to the unique index (core/ids.py).
    public_id = models.UUIDField(default=uuid7, unique=True, editable=False)
    # No index of its own: the (organisation, period, line type) index below begins with it.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="finance_lines", db_index=False
    )
    # No index of its own either: every query of lines names the body too. Each index costs a
    # return's bulk insert about a tenth of a second per 100,000 lines (bench/notes_returns.md).
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="finance_lines", db_index=False)
    line_type = models.CharField(max_length=10, choices=LineType.choices)
    nature = models.CharField("Change or run", max_length=10, choices=Nature.choices)
    funding = models.CharField("Capital or resource", max_length=10, choices=Funding.choices)
    # No index of its own: the (programme, period) index below begins with it.
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finance_lines",
        db_index=False,
    )
    category = models.CharField("Cost category", max_length=20, choices=CostCategory.choices)
    description = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField("Amount (£)", max_digits=14, decimal_places=2)
    illustrative = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "period", "line_type", "nature", "category"]
        indexes = [
            models.Index(fields=["organisation", "period", "line_type"]),
            # Business-as-usual lines (most of them) have no programme, and no query looks them up
            # by it: leaving them out of the index spares each bulk insert three quarters of its
            # writes to it.
            models.Index(
                fields=["programme", "period"],
                condition=Q(programme__isnull=False),
                name="finance_line_programme",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="finance_line_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.short_name} {self.period.label} {self.line_type} {self.nature} {self.category}"

    @property
    def business_as_usual(self) -> bool:
        return self.programme_id is None


class FinanceTotal(models.Model):
    """Lines summed per body, year, line type and change/run: what the national, sector and body
    pages add up, so that they need not read every line. Rebuilt by services whenever lines
    change (`finance_totals_refresh`), never edited by hand; tests check it equals the lines."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    line_type = models.CharField(max_length=10, choices=LineType.choices)
    nature = models.CharField(max_length=10, choices=Nature.choices)
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    lines = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period", "line_type", "nature"], name="one_finance_total"
            )
        ]
        indexes = [models.Index(fields=["period", "line_type"])]


class RequiredBasis(models.TextChoices):
    RECORDED = "recorded", "Recorded"
    PHASED = "phased", "Phased from the whole-life cost forecast"


class ProgrammeFunding(models.Model):
    """For one programme and financial year: the funding it requires and the funding secured.

    Required is phased from the programme's whole-life cost forecast over its forecast dates unless
    someone records it (`required_basis`); secured is always recorded."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="funding")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    required = models.DecimalField("Funding required (£)", max_digits=14, decimal_places=2, default=0)
    required_basis = models.CharField(
        max_length=10, choices=RequiredBasis.choices, default=RequiredBasis.PHASED
    )
    secured = models.DecimalField("Funding secured (£)", max_digits=14, decimal_places=2, default=0)
    source = models.CharField(max_length=200, blank=True, help_text="Where the secured funding comes from.")
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "period"], name="one_funding_per_programme_year"),
            models.CheckConstraint(
                condition=Q(required__gte=0) & Q(secured__gte=0), name="funding_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["updated_at"]),
            # Covering: the national and per-sector funding sums read the index alone.
            models.Index(
                fields=["period", "programme", "required", "secured"], name="finance_funding_sums_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.period}"

    @property
    def organisation_id(self) -> int:
        # The audit trail files funding under the programme's owner.
        return self.programme.organisation_id

    @property
    def gap(self):
        return self.required - self.secured


class LegacySystem(models.Model):
    """A system a body runs that is old, out of (or near the end of) vendor support, or costly to
    keep running; with the programme replacing it, if any."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="legacy_systems")
    name = models.CharField("System", max_length=200)
    business_function = models.CharField(max_length=200, help_text="What the body uses it for.")
    technology = models.CharField(max_length=200, blank=True, help_text="e.g. COBOL on a mainframe")
    supplier = models.CharField(max_length=200, blank=True)
    year_into_service = models.PositiveSmallIntegerField(null=True, blank=True)
    contract_end = models.DateField(null=True, blank=True)
    end_of_support = models.DateField("End of vendor support", null=True, blank=True)
    annual_run_cost = models.DecimalField("Annual run cost (£)", max_digits=14, decimal_places=2, default=0)
    risk = models.PositiveSmallIntegerField(help_text="1 (low) to 5 (critical).")
    users_affected = models.PositiveIntegerField(null=True, blank=True)
    replacing_programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces_systems"
    )
    notes = models.TextField(blank=True, max_length=2000)
    illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="legacy_system_name_per_body"),
            models.CheckConstraint(condition=Q(risk__gte=1) & Q(risk__lte=5), name="legacy_risk_1_to_5"),
            models.CheckConstraint(condition=Q(annual_run_cost__gte=0), name="legacy_cost_not_negative"),
        ]
        indexes = [models.Index(fields=["end_of_support"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("finance:legacy-detail", kwargs={"public_id": self.public_id})
