"""The sections of the national dashboard and of a body's profile, each built from figures.py and
sources.py. A section whose data has not arrived is None, and the page says "no data yet"."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from panorama.accounts import permissions
from panorama.accounts.permissions import Person
from panorama.core import catalogue
from panorama.core.charts import Style
from panorama.organisations.models import Organisation
from panorama.organisations.selectors import organisation_members
from panorama.programmes.models import Programme
from panorama.strategy.models import Ambition, Commitment, CommitmentStatus

from . import figures, selectors, sources
from .models import ServicePerformance

STATUS_ORDER = [
    CommitmentStatus.COMPLETE,
    CommitmentStatus.ON_TRACK,
    CommitmentStatus.AT_RISK,
    CommitmentStatus.OFF_TRACK,
    CommitmentStatus.NOT_STARTED,
    CommitmentStatus.DROPPED,
]
# One style per status wherever a chart shows it: the colour the design system's tags draw it in on
# every page (strategy/_status.html) - complete blue, on track green, at risk yellow, off track red,
# not started light grey, dropped dark grey - and a hatching that tells it apart without colour.
STATUS_STYLES = {
    CommitmentStatus.COMPLETE: Style("#0065bd", "solid", "square"),
    CommitmentStatus.ON_TRACK: Style("#428542", "diagonal", "circle"),
    CommitmentStatus.AT_RISK: Style("#fdd522", "dots", "triangle"),
    CommitmentStatus.OFF_TRACK: Style("#d32205", "crosshatch", "triangle-down"),
    CommitmentStatus.NOT_STARTED: Style("#b3b3b3", "horizontal", "hollow-circle"),
    CommitmentStatus.DROPPED: Style("#5e5e5e", "vertical", "plus"),
}


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


def services_summary(*, scope: figures.Scope, user: Person) -> dict[str, Any]:
    visible = selectors.services_visible(user=user)
    rows = ServicePerformance.objects.filter(
        service__in=visible, period__start__gte=scope.start, period__end__lte=scope.end
    )
    reporting = rows.values("service_id").distinct().count()
    return {"services": visible.count(), "reporting": reporting}


BODY_FIGURES = [
    "programmes.active",
    "programmes.off_track_share",
    "services.published",
    "investment.total_spend",
    "investment.run_share",
    "investment.legacy_exposure",
]


def _body_money(comparisons: list[catalogue.BodyReading]) -> dict | None:
    """The body's money figures, when the reader may see them: {"total", "run_share", "legacy",
    "period", "basis"}."""
    found = {c.key: c for c in comparisons}
    if "investment.total_spend" not in found:
        return None
    total = found["investment.total_spend"]
    return {
        "total": total,
        "run_share": found.get("investment.run_share"),
        "legacy": found.get("investment.legacy_exposure"),
        "period": total.period,
        "basis": total.basis,
    }


def body_profile(*, organisation: Organisation, user: Person, scope: figures.Scope) -> dict[str, Any]:
    """One body's whole picture beside the median of the bodies in its sector."""
    can_view = permissions.has(user, "organisations.view", organisation)
    sector_bodies = Organisation.objects.filter(sector=organisation.sector, active=True)
    sector_ids = list(sector_bodies.values_list("pk", flat=True))
    # Each comparison is a catalogue figure broken down by body: the same definition as the national
    # figure, the body's value beside its sector's median.
    comparisons = catalogue.read_body(
        BODY_FIGURES, scope=scope, reader=user, organisation=organisation, peers=sector_ids
    )
    services = selectors.services_of(organisation=organisation, user=user)
    money = _body_money(comparisons)
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
        "stances": sources.body_stances(organisation=organisation, user=user),
        "sector_size": len(sector_ids),
    }
