"""Reads for the strategy model. Strategies, their commitments and outcome measures are published:
everyone may read them."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, When
from django.http import Http404

from panorama.core import catalogue
from panorama.programmes.models import Programme

from .models import Ambition, Commitment, CommitmentStatus, Direction, OutcomeActual, OutcomeMeasure, Strategy


def _gap(key: str) -> Q:
    """Commitments counted by one of the picture's gap figures (`commitments.unowned`,
    `commitments.without_programme`): the catalogue defines which, so the strategy pages, their
    filters and the dashboard always agree."""
    ids = catalogue.records(key, scope=catalogue.current()).values("pk")
    return Q(pk__in=ids)


def _marked(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Each commitment marked with the gaps it is counted in."""
    return commitments.annotate(
        is_unowned=Case(
            When(_gap("commitments.unowned"), then=True), default=False, output_field=BooleanField()
        )
    )


def strategy_list() -> QuerySet[Strategy]:
    return Strategy.objects.select_related("owner").annotate(
        commitment_count=Count("ambitions__commitments", distinct=True),
    )


def strategy_counts(*, strategy: Strategy) -> dict:
    commitments = Commitment.objects.filter(ambition__strategy=strategy)
    return {
        "commitments": commitments.count(),
        "unowned": commitments.filter(_gap("commitments.unowned")).count(),
        "without_programme": commitments.filter(_gap("commitments.without_programme")).count(),
        "ambitions": commitments.filter(kind="ambition").count(),
    }


def strategy_get(*, slug: str) -> Strategy:
    try:
        return Strategy.objects.select_related("owner").get(slug=slug)
    except Strategy.DoesNotExist:
        raise Http404("No such strategy.") from None


def strategy_ambitions(*, strategy: Strategy) -> QuerySet[Ambition]:
    commitments = _marked(Commitment.objects.select_related("owner")).annotate(
        programme_count=Count("programmes")
    )
    return strategy.ambitions.prefetch_related(
        Prefetch("commitments", queryset=commitments.order_by("reference"))
    )


@dataclass
class CommitmentFilters:
    q: str = ""
    strategy: str = ""  # slug
    status: str = ""
    kind: str = ""
    owner: str = ""  # body slug
    unowned: bool = False
    without_programme: bool = False


def commitment_list(*, filters: CommitmentFilters | None = None) -> QuerySet[Commitment]:
    f = filters or CommitmentFilters()
    commitments = _marked(Commitment.objects.select_related("ambition__strategy", "owner")).annotate(
        programme_count=Count("programmes", distinct=True)
    )
    if f.q:
        commitments = commitments.filter(Q(text__icontains=f.q.strip()) | Q(reference=f.q.strip()))
    if f.strategy:
        commitments = commitments.filter(ambition__strategy__slug=f.strategy)
    if f.status:
        commitments = commitments.filter(status=f.status)
    if f.kind:
        commitments = commitments.filter(kind=f.kind)
    if f.owner:
        commitments = commitments.filter(owner__slug=f.owner)
    if f.unowned:
        commitments = commitments.filter(_gap("commitments.unowned"))
    if f.without_programme:
        commitments = commitments.filter(_gap("commitments.without_programme"))
    return commitments.order_by("-ambition__strategy__published", "ambition__number", "reference", "pk")


def commitment_get(*, public_id) -> Commitment:
    try:
        return _marked(Commitment.objects.select_related("ambition__strategy", "owner")).get(
            public_id=public_id
        )
    except (Commitment.DoesNotExist, ValueError):
        raise Http404("No such commitment.") from None


def commitment_programmes(*, commitment: Commitment) -> QuerySet[Programme]:
    return commitment.programmes.select_related("organisation").order_by("organisation__name", "title")


def ambition_get(*, public_id) -> Ambition:
    try:
        return Ambition.objects.select_related("strategy").get(public_id=public_id)
    except (Ambition.DoesNotExist, ValueError):
        raise Http404("No such part of a strategy.") from None


def measure_get(*, public_id) -> OutcomeMeasure:
    try:
        return OutcomeMeasure.objects.select_related("commitment__ambition__strategy").get(
            public_id=public_id
        )
    except (OutcomeMeasure.DoesNotExist, ValueError):
        raise Http404("No such outcome measure.") from None


def commitment_measures(*, commitment: Commitment) -> list[OutcomeMeasure]:
    return list(commitment.measures.prefetch_related("actuals"))


# --- Impact: is a measure moving toward its target? --------------------------------------------------

Trend = Literal["toward", "flat", "away", "no data"]
TREND_WORDS: dict[str, str] = {
    "toward": "Moving toward target",
    "flat": "Flat, no nearer the target",
    "away": "Going the wrong way",
    "no data": "No values yet",
}


def _trend(*, direction: str, newest: Decimal, before: Decimal) -> Trend:
    """The one rule: the latest value against the one before it (the previous actual, or the
    baseline when there is only one). Strictly better in the measure's direction is "toward"."""
    if newest == before:
        return "flat"
    better = newest > before if direction == Direction.UP else newest < before
    return "toward" if better else "away"


@dataclass(frozen=True)
class MeasureProgress:
    trend: Trend
    latest: OutcomeActual | None
    before: Decimal | None = None  # the value the latest is compared with
    before_is_baseline: bool = False

    @property
    def words(self) -> str:
        return TREND_WORDS[self.trend]

    @property
    def moving(self) -> bool:
        return self.trend == "toward"


def measure_progress(*, measure: OutcomeMeasure, as_of: datetime.date) -> MeasureProgress:
    """The measure's latest actual up to `as_of` and its trend. Reads `measure.actuals.all()`, so a
    prefetch of actuals (as `commitment_measures` does) saves a query per measure."""
    actuals = sorted((a for a in measure.actuals.all() if a.date <= as_of), key=lambda a: a.date)
    if not actuals:
        return MeasureProgress(trend="no data", latest=None)
    before = actuals[-2].value if len(actuals) > 1 else measure.baseline
    return MeasureProgress(
        trend=_trend(direction=measure.direction, newest=actuals[-1].value, before=before),
        latest=actuals[-1],
        before=before,
        before_is_baseline=len(actuals) == 1,
    )


def measure_trend(*, measure: OutcomeMeasure, as_of: datetime.date) -> Trend:
    return measure_progress(measure=measure, as_of=as_of).trend


def _trends_with_values(*, as_of: datetime.date) -> dict[int, Trend]:
    """The trend of every measure with a value up to `as_of`, by id: one query for the values, and
    one for the measures only when there are any (the dashboard's query count is pinned)."""
    latest: dict[int, list[Decimal]] = {}
    for measure_id, value in (
        OutcomeActual.objects.filter(date__lte=as_of)
        .order_by("measure_id", "-date")
        .values_list("measure_id", "value")
    ):
        values = latest.setdefault(measure_id, [])
        if len(values) < 2:
            values.append(value)
    if not latest:
        return {}
    measures = OutcomeMeasure.objects.filter(id__in=list(latest)).values_list("id", "direction", "baseline")
    return {
        pk: _trend(
            direction=direction,
            newest=latest[pk][0],
            before=latest[pk][1] if len(latest[pk]) > 1 else baseline,
        )
        for pk, direction, baseline in measures
    }


def measure_trends(*, as_of: datetime.date) -> dict[int, Trend]:
    """Every measure's trend by id; measures with no value up to `as_of` are "no data"."""
    trends = _trends_with_values(as_of=as_of)
    for pk in OutcomeMeasure.objects.exclude(id__in=list(trends)).values_list("id", flat=True):
        trends[pk] = "no data"
    return trends


def measures_not_moving(*, as_of: datetime.date) -> list[int]:
    """Ids of measures with a value up to `as_of` that is not strictly better than the one before
    it (flat or going the wrong way). Measures with no values are not counted: they say nothing."""
    return [pk for pk, trend in _trends_with_values(as_of=as_of).items() if trend in ("flat", "away")]


@dataclass(frozen=True)
class CommitmentNotMoving:
    commitment: Commitment
    measures: list[tuple[OutcomeMeasure, str]]  # each measure not moving, with its trend in words


def strategy_commitments_not_moving(*, strategy: Strategy, as_of: datetime.date) -> list[CommitmentNotMoving]:
    """The strategy's open commitments (not complete or dropped, as the dashboard counts them) with
    at least one outcome measure not moving toward its target."""
    trends = {
        pk: trend for pk, trend in _trends_with_values(as_of=as_of).items() if trend in ("flat", "away")
    }
    commitments = (
        Commitment.objects.filter(ambition__strategy=strategy, measures__id__in=list(trends))
        .exclude(status__in=(CommitmentStatus.COMPLETE, CommitmentStatus.DROPPED))
        .distinct()
        .prefetch_related(
            Prefetch("measures", queryset=OutcomeMeasure.objects.filter(id__in=list(trends)), to_attr="stuck")
        )
        .order_by("ambition__number", "reference")
    )
    return [
        CommitmentNotMoving(commitment=c, measures=[(m, TREND_WORDS[trends[m.pk]]) for m in c.stuck])
        for c in commitments
    ]


def commitment_index() -> dict[int, dict]:
    """{commitment id: its reference, text, public id and ambition (public id and title)} for
    every commitment: what a scenario weighs and reports on."""
    rows = Commitment.objects.values(
        "pk", "public_id", "reference", "text", "ambition__public_id", "ambition__title", "ambition__number"
    ).order_by("ambition__number", "reference")
    return {
        r["pk"]: {
            "public_id": str(r["public_id"]),
            "reference": r["reference"],
            "text": r["text"],
            "ambition": str(r["ambition__public_id"]),
            "ambition_title": r["ambition__title"],
        }
        for r in rows
    }


def ambition_choices() -> list[tuple[str, str]]:
    return [
        (str(a.public_id), f"{a.strategy.short_title} {a.number}: {a.title}")
        for a in Ambition.objects.select_related("strategy").order_by("strategy__title", "number")
    ]
