"""The sections of the national dashboard and of a body's profile, each built from figures.py and
sources.py. A section whose data has not arrived is None, and the page says "no data yet"."""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from panorama.accounts import permissions
from panorama.accounts.permissions import Person
from panorama.organisations.models import Organisation
from panorama.organisations.selectors import organisation_members
from panorama.programmes.models import OFF_TRACK, Programme
from panorama.strategy.models import Ambition, Commitment, CommitmentStatus

from . import figures, selectors, sources
from .models import Service, ServicePerformance

STATUS_ORDER = [
    CommitmentStatus.COMPLETE,
    CommitmentStatus.ON_TRACK,
    CommitmentStatus.AT_RISK,
    CommitmentStatus.OFF_TRACK,
    CommitmentStatus.NOT_STARTED,
    CommitmentStatus.DROPPED,
]


@dataclass
class AmbitionProgress:
    ambition: Ambition
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def delivered_or_on_track(self) -> int:
        return self.counts.get(CommitmentStatus.COMPLETE, 0) + self.counts.get(CommitmentStatus.ON_TRACK, 0)

    @property
    def at_risk_or_off(self) -> int:
        return self.counts.get(CommitmentStatus.AT_RISK, 0) + self.counts.get(CommitmentStatus.OFF_TRACK, 0)

    @property
    def not_started(self) -> int:
        return self.counts.get(CommitmentStatus.NOT_STARTED, 0)


def progress_by_ambition() -> list[AmbitionProgress]:
    rows = {a.pk: AmbitionProgress(ambition=a) for a in Ambition.objects.select_related("strategy")}
    for ambition_id, status, n in (
        Commitment.objects.values_list("ambition_id", "status").annotate(n=Count("pk")).order_by()
    ):
        rows[ambition_id].counts[status] = n
    return [
        r
        for r in sorted(rows.values(), key=lambda r: (str(r.ambition.strategy), r.ambition.number))
        if r.total
    ]


def services_improving(*, scope: figures.Scope, user: Person, limit: int = 10) -> tuple[int, list[Service]]:
    """Services whose figures improved over the four quarters to the period's end."""
    start = scope.end.replace(year=scope.end.year - 1)
    by_service: dict[int, list[ServicePerformance]] = {}
    visible = selectors.services_visible(user=user)
    for row in (
        ServicePerformance.objects.filter(
            service__in=visible, period__end__lte=scope.end, period__start__gt=start
        )
        .select_related("period")
        .order_by("service_id", "period__start")
    ):
        by_service.setdefault(row.service_id, []).append(row)
    improving = [sid for sid, rows in by_service.items() if selectors.service_trend(rows=rows) == "improving"]
    shown = list(
        Service.objects.filter(pk__in=improving).select_related("organisation").order_by("name")[:limit]
    )
    return len(improving), shown


def services_summary(*, scope: figures.Scope, user: Person) -> dict[str, Any]:
    visible = selectors.services_visible(user=user)
    rows = ServicePerformance.objects.filter(
        service__in=visible, period__start__gte=scope.start, period__end__lte=scope.end
    )
    reporting = rows.values("service_id").distinct().count()
    return {"services": visible.count(), "reporting": reporting}


@dataclass
class Comparison:
    label: str
    value: Any
    median: Any
    unit: str = ""
    restricted: bool = False


def _median(values: list) -> Any:
    values = [v for v in values if v is not None]
    if not values:
        return None
    result = statistics.median(values)
    return Decimal(result).quantize(Decimal("0.01")) if isinstance(result, Decimal | float) else result


def body_profile(*, organisation: Organisation, user: Person, scope: figures.Scope) -> dict[str, Any]:
    """One body's whole picture beside the median of the bodies in its sector."""
    can_view = permissions.has(user, "organisations.view", organisation)
    sector_bodies = Organisation.objects.filter(sector=organisation.sector, active=True)
    sector_ids = list(sector_bodies.values_list("pk", flat=True))
    comparisons: list[Comparison] = []

    # Programmes: count and off-track share.
    per_body = {
        row["organisation_id"]: row
        for row in Programme.objects.active()
        .filter(organisation_id__in=sector_ids)
        .values("organisation_id")
        .annotate(total=Count("pk"), off=Count("pk", filter=Q(confidence__in=OFF_TRACK)))
        .order_by()
    }
    own = per_body.get(organisation.pk, {"total": 0, "off": 0})
    counts = [per_body.get(pk, {"total": 0})["total"] for pk in sector_ids]
    comparisons.append(Comparison("Active programmes", own["total"], _median(counts)))
    shares = [Decimal(row["off"] * 100) / row["total"] for row in per_body.values() if row["total"]]
    own_share = Decimal(own["off"] * 100) / own["total"] if own["total"] else None
    comparisons.append(
        Comparison(
            "Programmes off track",
            own_share.quantize(Decimal("0.1")) if own_share is not None else None,
            _median(shares),
            "%",
        )
    )
    services = selectors.services_of(organisation=organisation, user=user)
    service_counts = dict(
        Service.objects.filter(organisation_id__in=sector_ids, published=True)
        .values_list("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
        .order_by()
    )
    comparisons.append(
        Comparison(
            "Published services",
            service_counts.get(organisation.pk, 0),
            _median([service_counts.get(pk, 0) for pk in sector_ids]),
        )
    )
    money = (
        sources.body_money(organisation=organisation, sector_ids=sector_ids, scope=scope)
        if can_view
        else None
    )
    if money is not None:
        comparisons.extend(
            [
                Comparison("Spend in the year", money["total"], money["total_median"], "£", True),
                Comparison(
                    "Share keeping the lights on (run)",
                    money["run_share"],
                    money["run_share_median"],
                    "%",
                    True,
                ),
                Comparison(
                    "Legacy run cost past or near end of support",
                    money["legacy"],
                    money["legacy_median"],
                    "£",
                    True,
                ),
            ]
        )
    programmes = list(
        Programme.objects.filter(organisation=organisation).order_by("-wlc_forecast", "title")[:20]
    )
    return {
        "can_view": can_view,
        "can_edit": permissions.has(user, "organisations.change", organisation),
        "members": organisation_members(organisation=organisation) if can_view else None,
        "commitment_count": Commitment.objects.filter(owner=organisation).count(),
        "comparisons": comparisons,
        "programmes": programmes,
        "programme_count": Programme.objects.filter(organisation=organisation).count(),
        "services": list(services[:20]),
        "money": money,
        "returns": sources.body_returns(organisation=organisation, scope=scope) if can_view else None,
        "workforce": sources.body_workforce(organisation=organisation) if can_view else None,
        "lessons": sources.body_lessons(organisation=organisation, user=user),
        "forums": sources.body_forums(organisation=organisation),
        "platforms": sources.body_platforms(organisation=organisation),
        "sector_size": len(sector_ids),
    }
