"""The register of significant digital programmes, their quarterly progress and how they interact."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from panorama.core.models import Period
from panorama.organisations.models import Organisation, served_q
from panorama.strategy.models import Commitment


class Phase(models.TextChoices):
    DISCOVERY = "discovery", "Discovery"
    ALPHA = "alpha", "Alpha"
    BETA = "beta", "Beta"
    LIVE = "live", "Live"
    RETIRED = "retired", "Retired"
    STOPPED = "stopped", "Stopped"


class Confidence(models.TextChoices):
    """Delivery confidence on the UK GMPP's five-point scale, or not rated (with a reason)."""

    GREEN = "green", "Green"
    AMBER_GREEN = "amber-green", "Amber/Green"
    AMBER = "amber", "Amber"
    AMBER_RED = "amber-red", "Amber/Red"
    RED = "red", "Red"
    NOT_RATED = "not-rated", "Not rated"


# Worst first, so that "falls to amber-red or red" and "off track" are comparisons on this order.
CONFIDENCE_RANK = {
    Confidence.RED: 1,
    Confidence.AMBER_RED: 2,
    Confidence.AMBER: 3,
    Confidence.AMBER_GREEN: 4,
    Confidence.GREEN: 5,
}
OFF_TRACK = (Confidence.AMBER_RED, Confidence.RED)


class Platform(models.Model):
    """A common platform or component that programmes build on: ScotAccount, ScotPayments, …"""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=60, help_text="identity, payments, cloud, notifications, …")
    owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="platforms"
    )
    summary = models.TextField(blank=True)
    url = models.URLField(blank=True)
    launched = models.DateField(null=True, blank=True)
    adoption = models.CharField(
        max_length=200, blank=True, help_text="Published adoption, e.g. 40 organisations, 2.4m registrations."
    )
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:list") + f"?platform={self.slug}"


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# A programme's derived facts, as plain functions of its columns, so that a list read as plain rows
# (the API's register, programmes.api) computes them exactly as the model's properties do.
def is_major(*, baseline, forecast, high_risk: bool, all_major: bool) -> bool:
    cost = max((c for c in (baseline, forecast) if c is not None), default=None)
    return bool(high_risk or (cost is not None and cost >= settings.PANORAMA_MAJOR_THRESHOLD) or all_major)


def cost_variance(*, baseline, forecast) -> Decimal | None:
    if not baseline or forecast is None:
        return None
    return (forecast - baseline) / baseline


def schedule_slip_days(*, baseline, forecast) -> int | None:
    if baseline is None or forecast is None:
        return None
    return (forecast - baseline).days


class ProgrammeQuerySet(models.QuerySet):
    def major(self) -> "ProgrammeQuerySet":
        threshold = settings.PANORAMA_MAJOR_THRESHOLD
        return self.filter(
            Q(wlc_forecast__gte=threshold)
            | Q(wlc_baseline__gte=threshold)
            | Q(high_risk=True)
            | Q(organisation__collection__all_major=True)
        )

    def served(self) -> "ProgrammeQuerySet":
        """The programmes of the bodies Panorama serves: not those of an imported collection (another
        government's register), unless an analyst has chosen to count that collection."""
        return self.filter(served_q("organisation__"))

    def in_picture(self) -> "ProgrammeQuerySet":
        """The programmes every figure of the national picture counts: active, and served. The one
        place the picture's programme figures start from."""
        return self.active().served()

    def off_track(self) -> "ProgrammeQuerySet":
        return self.filter(confidence__in=OFF_TRACK)

    def active(self) -> "ProgrammeQuerySet":
        return self.exclude(phase__in=[Phase.RETIRED, Phase.STOPPED])


class Programme(models.Model):
    """A significant digital programme or project, owned by one body.

    The baseline fields are the *original* baseline and are never overwritten: a rebaseline is a
    `Rebaseline` record, so slippage against the first promise stays visible. The forecast fields
    and `confidence` are the current values, kept in step with the latest `ProgressUpdate`.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="programmes")
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partner_programmes")
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    users = models.CharField(
        max_length=300, blank=True, help_text="Who the programme serves, e.g. farmers, carers."
    )
    sro = models.CharField("Senior responsible owner", max_length=150, blank=True)
    phase = models.CharField(
        max_length=20, choices=Phase.choices, default=Phase.DISCOVERY, blank=True, db_index=True
    )
    confidence = models.CharField(
        max_length=20, choices=Confidence.choices, default=Confidence.NOT_RATED, db_index=True
    )
    confidence_reason = models.CharField(max_length=300, blank=True, help_text="Why it is not rated.")
    high_risk = models.BooleanField(
        default=False, help_text="Major whatever its cost: significant risk or delivery pressure."
    )
    wlc_baseline = models.DecimalField(
        "Whole-life cost baseline (£)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    wlc_forecast = models.DecimalField(
        "Whole-life cost forecast (£)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    start_baseline = models.DateField(null=True, blank=True)
    start_forecast = models.DateField(null=True, blank=True)
    end_baseline = models.DateField(null=True, blank=True)
    end_forecast = models.DateField(null=True, blank=True)
    commitments = models.ManyToManyField(Commitment, blank=True, related_name="programmes")
    platforms = models.ManyToManyField(Platform, blank=True, related_name="programmes")
    tags = models.ManyToManyField(Tag, blank=True, related_name="programmes")
    external_ref = models.CharField(
        max_length=120,
        blank=True,
        help_text="Its identifier in the source it was imported from, for re-imports.",
    )
    source = models.CharField(max_length=200, blank=True, help_text="Where the figures come from.")
    illustrative = models.BooleanField(default=False)
    last_update = models.DateField(null=True, blank=True, help_text="Date of the latest progress update.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["organisation", "phase"]),
            models.Index(fields=["wlc_forecast"]),
            models.Index(fields=["external_ref"]),
            # The latest change to the register, read from one index entry (skills' staffing cache).
            models.Index(fields=["updated_at"], name="programmes_updated_idx"),
            # The register's default order (titles as people read them, then id): a page of the
            # list reads 50 entries of this index instead of sorting every programme.
            models.Index(Lower("title"), "id", name="programmes_title_order_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"public_id": self.public_id})

    @property
    def reference(self) -> str:
        """The reference a body knows its programme by ("SSS-ADP"), or "" when the only one is an
        import's own key ("demo:156", "audit:social-security", "uk:00042"), which means nothing to it."""
        return "" if ":" in self.external_ref else self.external_ref

    @property
    def whole_life_cost(self) -> Decimal | None:
        return self.wlc_forecast if self.wlc_forecast is not None else self.wlc_baseline

    @property
    def major(self) -> bool:
        collection = self.organisation.collection if self.organisation_id else None
        return is_major(
            baseline=self.wlc_baseline,
            forecast=self.wlc_forecast,
            high_risk=self.high_risk,
            all_major=bool(collection and collection.all_major),
        )

    @property
    def cost_variance(self) -> Decimal | None:
        """Forecast against the original baseline, as a fraction: NHS 24's Future Programme is +0.73."""
        return cost_variance(baseline=self.wlc_baseline, forecast=self.wlc_forecast)

    @property
    def schedule_slip_days(self) -> int | None:
        return schedule_slip_days(baseline=self.end_baseline, forecast=self.end_forecast)

    @property
    def off_track(self) -> bool:
        return self.confidence in OFF_TRACK


class ProgressUpdate(models.Model):
    """One quarter's report on a programme. Kept as history; never edited into the past."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="progress_updates")
    confidence = models.CharField(max_length=20, choices=Confidence.choices)
    confidence_reason = models.CharField(max_length=300, blank=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    narrative = models.TextField(blank=True)
    milestones_met = models.PositiveIntegerField(default=0)
    milestones_missed = models.PositiveIntegerField(default=0)
    top_risks = models.TextField(blank=True)
    wlc_forecast = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    end_forecast = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "period__start"]
        constraints = [models.UniqueConstraint(fields=["programme", "period"], name="one_update_per_quarter")]
        # A quarter's ratings by programme, read from the index alone: the dashboard compares every
        # programme's rating in two quarters (20,000 programmes: 40 → 18 ms on PostgreSQL, whose
        # rows for one quarter lie on 7,500 pages of the table).
        indexes = [
            models.Index(fields=["period", "programme", "confidence"], name="programmes_update_quarter_idx")
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.period}"


class Rebaseline(models.Model):
    """A new baseline agreed for a programme. Recorded beside the original, never over it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rebaselines")
    agreed_on = models.DateField()
    wlc = models.DecimalField(
        "New whole-life cost baseline (£)", max_digits=16, decimal_places=2, null=True, blank=True
    )
    end_date = models.DateField(null=True, blank=True)
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["programme", "agreed_on"]

    def __str__(self) -> str:
        return f"{self.programme}: rebaselined {self.agreed_on}"


class LinkKind(models.TextChoices):
    DEPENDS_ON = "depends-on", "depends on"
    PROVIDES_PLATFORM = "provides-platform", "provides a platform to"
    SHARES_DATA = "shares-data", "shares data with"
    REPLACES = "replaces", "replaces"
    OVERLAPS = "overlaps", "overlaps with"


class ProgrammeLink(models.Model):
    """A typed interaction: `source` <kind> `target` (e.g. A depends on B)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["source", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="one_link_per_kind"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="no_self_link"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"
