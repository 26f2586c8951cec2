"""The national picture's figures, and the lists behind each of them.

Every figure on the dashboard and in `/api/v1/picture` is the count or sum of one list that
`figure_list(name, ...)` returns, so a figure and the list its link opens can never disagree.
Figures the other apps have not supplied yet are None ("no data yet"), never zero.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from panorama.core.models import Period, PeriodKind
from panorama.core.periods import (
    financial_year_of,
    label_for,
    parse_label,
    period_get_or_create,
    quarter_of,
    span,
)
from panorama.programmes.models import CONFIDENCE_RANK, OFF_TRACK, Programme
from panorama.strategy import selectors as strategy_selectors
from panorama.strategy.models import Commitment, CommitmentStatus

from . import sources

STALE_DAYS = 183  # "no update for six months or more"
CLOSED = (CommitmentStatus.COMPLETE, CommitmentStatus.DROPPED)


@dataclass(frozen=True)
class Scope:
    """The period the picture is for: a quarter (`2025-26 Q3`) or a financial year (`2025-26`)."""

    label: str
    year: int
    quarter: int | None
    start: datetime.date
    end: datetime.date

    @property
    def as_of(self) -> datetime.date:
        """The day figures are judged on: the period's end, or today while it is still running."""
        return min(self.end, datetime.date.today())

    @property
    def year_label(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d}"

    def period(self) -> Period | None:
        return Period.objects.filter(label=self.label).first()

    def year_period(self) -> Period | None:
        return Period.objects.filter(label=self.year_label, kind=PeriodKind.YEAR).first()


def scope_for(label: str = "") -> Scope:
    """The scope for `label`; when it is blank, the quarter bodies are reporting on now (the latest
    ended quarter with a return window), or the current quarter if no window was ever opened —
    the current quarter's returns are only asked for once it has ended. Raises ValueError with a
    sentence for a label that is not a period."""
    if not label.strip():
        today = datetime.date.today()
        year, quarter = sources.latest_reported_quarter() or (financial_year_of(today), quarter_of(today))
    else:
        year, quarter = parse_label(label)
    start, end = span(year, quarter)
    label = f"{year}-{(year + 1) % 100:02d}" + (f" Q{quarter}" if quarter else "")
    return Scope(label=label, year=year, quarter=quarter, start=start, end=end)


# --- Commitments and programmes: the gaps. -------------------------------------------------------------


def _open_commitments() -> QuerySet[Commitment]:
    return Commitment.objects.exclude(status__in=CLOSED)


def commitments_all() -> QuerySet[Commitment]:
    return Commitment.objects.all()


def commitments_unowned() -> QuerySet[Commitment]:
    """Open commitments with no owner body or no accountable person, unless a forum has taken
    ownership of them."""
    unowned = _open_commitments().filter(Q(owner__isnull=True) | Q(accountable_person=""))
    owned_by_forums = sources.forum_owned_commitment_ids()
    return unowned.exclude(pk__in=owned_by_forums) if owned_by_forums is not None else unowned


def commitments_without_programme() -> QuerySet[Commitment]:
    """Open commitments that no programme in the register is delivering."""
    return _open_commitments().filter(
        ~Exists(Programme.commitments.through.objects.filter(commitment_id=OuterRef("pk")))
    )


def commitments_stale(scope: Scope) -> QuerySet[Commitment]:
    """Open commitments with no progress reported for six months or more (or never)."""
    cutoff = scope.as_of - datetime.timedelta(days=STALE_DAYS)
    return _open_commitments().filter(Q(last_updated__isnull=True) | Q(last_updated__lt=cutoff))


def commitments_off_track() -> QuerySet[Commitment]:
    """Open commitments served by at least one active programme rated amber-red or red."""
    off = Programme.objects.active().filter(confidence__in=OFF_TRACK)
    links = Programme.commitments.through.objects.filter(
        commitment_id=OuterRef("pk"), programme_id__in=off.values("pk")
    )
    return _open_commitments().filter(Exists(links))


def measures_not_moving(scope: Scope) -> list[int]:
    """Ids of outcome measures whose latest actual (up to the period's end) is no nearer the target
    than the value before it (the previous actual, or the baseline): the strategy app's rule."""
    return strategy_selectors.measures_not_moving(as_of=scope.as_of)


def commitments_not_moving(scope: Scope) -> QuerySet[Commitment]:
    """Open commitments with an outcome measure that is not moving toward its target."""
    return _open_commitments().filter(measures__id__in=measures_not_moving(scope)).distinct()


def programmes_active() -> QuerySet[Programme]:
    return Programme.objects.active()


def programmes_off_track() -> QuerySet[Programme]:
    return Programme.objects.active().filter(confidence__in=OFF_TRACK)


def _rank(field: str) -> Case:
    return Case(
        *[When(**{field: value}, then=Value(rank)) for value, rank in CONFIDENCE_RANK.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


def programmes_improving(scope: Scope) -> QuerySet[Programme]:
    """Active programmes whose delivery confidence in the latest quarter of the period (to today)
    is better than in the quarter before: both updates rated, compared in SQL."""
    year, quarter = financial_year_of(scope.as_of), quarter_of(scope.as_of)
    previous = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    labels = [label_for(year, quarter), label_for(*previous)]
    periods = dict(Period.objects.filter(label__in=labels).values_list("label", "pk"))
    if len(periods) < 2:
        return Programme.objects.none()
    # Each programme joined to its update of each quarter (one at most: one_update_per_quarter).
    # A subquery for the quarter before, compared through two CASEs, was written out ten times per
    # update: 320 ms at 20,000 programmes on PostgreSQL, and past its JIT threshold (1.3 s).
    return (
        Programme.objects.active()
        .alias(
            now=FilteredRelation("updates", condition=Q(updates__period_id=periods[labels[0]])),
            before=FilteredRelation("updates", condition=Q(updates__period_id=periods[labels[1]])),
        )
        # Both rated (which makes both joins inner), then better now than before.
        .filter(now__confidence__in=CONFIDENCE_RANK, before__confidence__in=CONFIDENCE_RANK)
        .alias(now_rank=_rank("now__confidence"), before_rank=_rank("before__confidence"))
        .filter(now_rank__gt=F("before_rank"))
    )


# --- The whole picture for a period. -------------------------------------------------------------------


@dataclass
class Picture:
    scope: Scope
    bodies_expected: int | None = None
    bodies_reported: int | None = None
    commitments_total: int = 0
    commitments_unowned: int = 0
    commitments_without_programme: int = 0
    commitments_stale: int = 0
    commitments_off_track: int = 0
    commitments_not_moving: int = 0
    programmes_total: int = 0
    programmes_off_track: int = 0
    run_spend: Decimal | None = None
    change_spend: Decimal | None = None
    funding_required: Decimal | None = None
    funding_secured: Decimal | None = None
    spend_covered: Decimal | None = None  # share of known spend from bodies that reported
    extra: dict = field(default_factory=dict)

    @property
    def completeness(self) -> Decimal | None:
        if not self.bodies_expected or self.bodies_reported is None:
            return None
        return (Decimal(self.bodies_reported) / Decimal(self.bodies_expected)).quantize(Decimal("0.0001"))

    @property
    def funding_gap(self) -> Decimal | None:
        if self.funding_required is None or self.funding_secured is None:
            return None
        return self.funding_required - self.funding_secured

    @property
    def run_share(self) -> Decimal | None:
        if self.run_spend is None or self.change_spend is None or not (self.run_spend + self.change_spend):
            return None
        return (self.run_spend / (self.run_spend + self.change_spend)).quantize(Decimal("0.0001"))


def picture(scope: Scope, *, money: "sources.Money | None" = None) -> Picture:
    """Every headline figure, each from the aggregate query of its list (pass `money` if the
    national money is already at hand)."""
    result = Picture(scope=scope)
    counts = Commitment.objects.aggregate(
        total=Count("pk"),
        unowned=Count("pk", filter=Q(pk__in=commitments_unowned().values("pk"))),
        without=Count("pk", filter=Q(pk__in=commitments_without_programme().values("pk"))),
        stale=Count("pk", filter=Q(pk__in=commitments_stale(scope).values("pk"))),
        off=Count("pk", filter=Q(pk__in=commitments_off_track().values("pk"))),
    )
    result.commitments_total = counts["total"]
    result.commitments_unowned = counts["unowned"]
    result.commitments_without_programme = counts["without"]
    result.commitments_stale = counts["stale"]
    result.commitments_off_track = counts["off"]
    result.commitments_not_moving = commitments_not_moving(scope).count()
    programmes = Programme.objects.active().aggregate(
        total=Count("pk"), off=Count("pk", filter=Q(confidence__in=OFF_TRACK))
    )
    result.programmes_total = programmes["total"]
    result.programmes_off_track = programmes["off"]
    completeness = sources.returns_completeness(scope=scope)
    if completeness is not None:
        result.bodies_expected = len(completeness.expected)
        result.bodies_reported = len(completeness.reported)
    money = money or sources.national_money(scope=scope)
    if money is not None:
        result.run_spend, result.change_spend = money.run, money.change
        result.funding_required, result.funding_secured = money.required, money.secured
        if completeness is not None:
            result.spend_covered = sources.spend_covered(scope=scope, bodies=completeness.reported)
    return result


def ensure_period(scope: Scope) -> Period:
    return period_get_or_create(year=scope.year, quarter=scope.quarter)
