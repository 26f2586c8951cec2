"""The national picture's figures, and the lists behind each of them.

Every figure on the dashboard and in `/api/v1/picture` is the count or sum of one list that
`figure_list(name, ...)` returns, so a figure and the list its link opens can never disagree.
Figures the other apps have not supplied yet are None ("no data yet"), never zero.
"""

import datetime

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from panorama.core import catalogue
from panorama.core.models import Period
from panorama.core.periods import (
    financial_year_of,
    label_for,
    quarter_of,
)
from panorama.programmes.models import CONFIDENCE_RANK, OFF_TRACK, Programme, ProgressUpdate
from panorama.strategy import selectors as strategy_selectors
from panorama.strategy.models import Commitment, CommitmentStatus

from . import sources
from .models import Service, ServicePerformance
from .selectors import service_trend

STALE_DAYS = 183  # "no update for six months or more"
CLOSED = (CommitmentStatus.COMPLETE, CommitmentStatus.DROPPED)


# The period model is the catalogue's: one Scope for the whole picture.
Scope = catalogue.Scope
scope_for = catalogue.scope_for


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
    off = Programme.objects.in_picture().filter(confidence__in=OFF_TRACK)
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
    return Programme.objects.in_picture()


def programmes_off_track() -> QuerySet[Programme]:
    return Programme.objects.in_picture().filter(confidence__in=OFF_TRACK)


def _rank(field: str) -> Case:
    """A rating's rank, NULL for no rating (so it compares as neither better nor worse)."""
    return Case(
        *[When(**{field: value}, then=Value(rank)) for value, rank in CONFIDENCE_RANK.items()],
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
    now, before = periods[labels[0]], periods[labels[1]]
    # One pass over the two quarters' ratings, read from the (quarter, programme, rating) index
    # alone and grouped by programme: a programme rated in only one of them has no rank for the
    # other (nor does an update with no rating: no filter on the ratings, which cost 10 % of the
    # count), and NULL compares as neither better nor worse. Joining each programme to its two
    # updates fetched both rows from the table through the unique (programme, quarter) index: 80 ms
    # at 20,000 programmes on SQLite. (A subquery per update, before that, was written out ten times
    # per update: 320 ms on PostgreSQL, and past its JIT threshold.)
    ranks = (
        ProgressUpdate.objects.filter(period_id__in=(now, before))
        .values("programme_id")
        .annotate(
            now_rank=Max(Case(When(period_id=now, then=_rank("confidence")))),
            before_rank=Max(Case(When(period_id=before, then=_rank("confidence")))),
        )
        .filter(now_rank__gt=F("before_rank"))
        .values("programme_id")
        .order_by()
    )
    return Programme.objects.in_picture().filter(pk__in=ranks)


def services_improving(scope: Scope) -> QuerySet[Service]:
    """Published services whose figures improved over the four quarters to the period's end: take-up,
    satisfaction and completion up, or cost per transaction down, from the first quarter with the
    figure to the last (picture.selectors.service_trend), as the services page marks them."""
    start = scope.end.replace(year=scope.end.year - 1)
    published = Service.objects.filter(published=True)
    by_service: dict[int, list[ServicePerformance]] = {}
    for row in (
        ServicePerformance.objects.filter(
            service__in=published, period__end__lte=scope.end, period__start__gt=start
        )
        .select_related("period")
        .order_by("service_id", "period__start")
    ):
        by_service.setdefault(row.service_id, []).append(row)
    improving = [sid for sid, rows in by_service.items() if service_trend(rows=rows) == "improving"]
    return published.filter(pk__in=improving)
