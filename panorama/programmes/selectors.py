"""Reads for the programme register: the filtered list, one programme with its story, the network.

The register is the shared map, so every programme is readable by everyone, signed in or not. A
body's progress narratives and top risks are restricted: only its own people and those who read
everything (analysts, auditors, administrators) see them (`can_see_restricted`).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.permissions import Person

from .models import CONFIDENCE_RANK, OFF_TRACK, Confidence, LinkKind, Phase, Programme, ProgrammeLink

SORTS = {
    "title": ("Title (A to Z)", ["title", "pk"]),
    "body": ("Body (A to Z)", ["organisation__name", "title", "pk"]),
    "cost": ("Whole-life cost (highest first)", [F("wlc_current").desc(nulls_last=True), "title", "pk"]),
    "variance": ("Cost variance (largest first)", [F("variance").desc(nulls_last=True), "title", "pk"]),
    "confidence": ("Delivery confidence (worst first)", ["confidence_rank", "title", "pk"]),
    "end": ("Forecast end (soonest first)", [F("end_forecast").asc(nulls_last=True), "title", "pk"]),
    "updated": ("Last update (most recent first)", [F("last_update").desc(nulls_last=True), "title", "pk"]),
}
MAJOR_CHOICES = [("", "Any size"), ("yes", "Major only"), ("no", "Not major")]


@dataclass
class RegisterFilters:
    q: str = ""
    organisation: str = ""  # slug
    sector: str = ""
    commitment: str = ""  # public id
    phase: str = ""
    confidence: str = ""
    major: str = ""  # "yes", "no" or ""
    platform: str = ""  # slug
    tag: str = ""
    sort: str = "title"


def confidence_rank() -> Case:
    return Case(
        *[When(confidence=c, then=Value(rank)) for c, rank in CONFIDENCE_RANK.items()],
        default=Value(6),
        output_field=IntegerField(),
    )


def _annotated(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    money = DecimalField(max_digits=20, decimal_places=6)
    return programmes.annotate(
        wlc_current=Coalesce("wlc_forecast", "wlc_baseline"),
        variance=Case(
            When(
                Q(wlc_baseline__gt=0) & Q(wlc_forecast__isnull=False),
                then=ExpressionWrapper(
                    (F("wlc_forecast") - F("wlc_baseline")) * Value(Decimal("1.0")) / F("wlc_baseline"),
                    output_field=money,
                ),
            ),
            default=None,
            output_field=money,
        ),
        confidence_rank=confidence_rank(),
    )


def programme_list(*, filters: RegisterFilters | None = None) -> QuerySet[Programme]:
    """The register, filtered and sorted. Every filter is optional; unknown values match nothing."""
    f = filters or RegisterFilters()
    programmes = Programme.objects.select_related("organisation")
    if f.q:
        text = f.q.strip()
        programmes = programmes.filter(
            Q(title__icontains=text)
            | Q(summary__icontains=text)
            | Q(sro__icontains=text)
            | Q(organisation__name__icontains=text)
            | Q(organisation__short_name__iexact=text)
        )
    if f.organisation:
        programmes = programmes.filter(organisation__slug=f.organisation)
    if f.sector:
        programmes = programmes.filter(organisation__sector=f.sector)
    if f.commitment:
        programmes = programmes.filter(commitments__public_id=f.commitment)
    if f.phase:
        programmes = programmes.filter(phase=f.phase)
    if f.confidence:
        programmes = programmes.filter(confidence=f.confidence)
    if f.major == "yes":
        programmes = programmes.major()
    elif f.major == "no":
        programmes = programmes.exclude(pk__in=Programme.objects.major().values("pk"))
    if f.platform:
        programmes = programmes.filter(platforms__slug=f.platform)
    if f.tag:
        programmes = programmes.filter(tags__name=f.tag)
    _, order = SORTS.get(f.sort, SORTS["title"])
    return _annotated(programmes).order_by(*order)


def programme_get(*, public_id) -> Programme:
    try:
        return (
            Programme.objects.select_related("organisation")
            .prefetch_related("partners", "commitments__ambition__strategy", "platforms", "tags")
            .get(public_id=public_id)
        )
    except (Programme.DoesNotExist, ValueError):
        raise Http404("No such programme.") from None


def programme_for_editing(*, user: Person, public_id) -> Programme:
    """The programme if this person may change it: 404 if there is none, 403 if it is not theirs."""
    programme = programme_get(public_id=public_id)
    permissions.check(user, "programmes.change", programme.organisation)
    return programme


def can_see_restricted(*, user: Person, programme: Programme) -> bool:
    return permissions.has(user, "programmes.view_restricted", programme.organisation)


def programme_updates(*, programme: Programme):
    """Oldest first, with their periods: the programme's quarterly history."""
    return programme.updates.select_related("period", "submitted_by").order_by("period__start")


def programme_links(*, programme: Programme) -> tuple[list[ProgrammeLink], list[ProgrammeLink]]:
    outgoing = list(
        programme.links_out.select_related("target__organisation").order_by("kind", "target__title")
    )
    incoming = list(
        programme.links_in.select_related("source__organisation").order_by("kind", "source__title")
    )
    return outgoing, incoming


def dependencies_at_risk(*, programme: Programme) -> list[Programme]:
    """What this programme relies on that is amber-red or red."""
    return [p for p in relies_on(programme=programme) if p.confidence in OFF_TRACK]


def relies_on(*, programme: Programme) -> list[Programme]:
    """Programmes this one relies on: those it depends on, and those that provide it a platform."""
    ids = set(
        ProgrammeLink.objects.filter(source=programme, kind=LinkKind.DEPENDS_ON).values_list(
            "target", flat=True
        )
    ) | set(
        ProgrammeLink.objects.filter(target=programme, kind=LinkKind.PROVIDES_PLATFORM).values_list(
            "source", flat=True
        )
    )
    return list(Programme.objects.filter(pk__in=ids).select_related("organisation").order_by("title"))


def dependants(*, programme: Programme) -> list[Programme]:
    """Programmes that rely on this one, and so are exposed when it goes wrong."""
    ids = set(
        ProgrammeLink.objects.filter(target=programme, kind=LinkKind.DEPENDS_ON).values_list(
            "source", flat=True
        )
    ) | set(
        ProgrammeLink.objects.filter(source=programme, kind=LinkKind.PROVIDES_PLATFORM).values_list(
            "target", flat=True
        )
    )
    return list(Programme.objects.filter(pk__in=ids).select_related("organisation").order_by("title"))


@dataclass
class Exposure:
    programme: Programme
    because_of: list[Programme] = field(default_factory=list)


@dataclass
class Network:
    links: list[ProgrammeLink]
    programmes: dict[int, Programme]
    most_depended_on: list[tuple[Programme, int]]
    exposed: list[Exposure]
    isolated: list[Programme]
    kind_counts: dict[str, int]


def network_analysis(*, organisation: str = "", sector: str = "", kind: str = "", top: int = 15) -> Network:
    """The typed links between programmes and what they show: the most depended-on programmes
    (relied on through "depends on" or "provides a platform to"), the programmes exposed because
    something they rely on is amber-red or red, and the active programmes with no links at all.

    `organisation` and `sector` narrow the links shown to those touching that body or sector;
    the analysis is always of the whole network, so exposure through another body is never hidden.
    """
    links = ProgrammeLink.objects.select_related("source__organisation", "target__organisation")
    if kind:
        links = links.filter(kind=kind)
    if organisation:
        links = links.filter(
            Q(source__organisation__slug=organisation) | Q(target__organisation__slug=organisation)
        )
    if sector:
        links = links.filter(Q(source__organisation__sector=sector) | Q(target__organisation__sector=sector))
    shown = list(links.order_by("source__title", "kind", "target__title"))

    # The analysis runs on lightweight rows of the whole network.
    reliance: dict[int, set[int]] = defaultdict(set)  # programme -> what it relies on
    linked: set[int] = set()
    for source, target, link_kind in ProgrammeLink.objects.values_list("source_id", "target_id", "kind"):
        linked.update((source, target))
        if link_kind == LinkKind.DEPENDS_ON:
            reliance[source].add(target)
        elif link_kind == LinkKind.PROVIDES_PLATFORM:
            reliance[target].add(source)
    relied = Counter(target for targets in reliance.values() for target in targets)
    off_track = set(Programme.objects.filter(confidence__in=OFF_TRACK).values_list("pk", flat=True))
    exposed_ids = {p: sorted(t for t in targets if t in off_track) for p, targets in reliance.items()}
    exposed_ids = {p: ts for p, ts in exposed_ids.items() if ts}
    top_ids = [pk for pk, _ in sorted(relied.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    wanted = set(top_ids) | set(exposed_ids) | {t for ts in exposed_ids.values() for t in ts}
    programmes = {p.pk: p for p in Programme.objects.filter(pk__in=wanted).select_related("organisation")}
    isolated = list(
        Programme.objects.active()
        .exclude(pk__in=linked)
        .filter(**({"organisation__slug": organisation} if organisation else {}))
        .filter(**({"organisation__sector": sector} if sector else {}))
        .select_related("organisation")
        .order_by("organisation__name", "title")[:200]
    )
    exposed = sorted(
        (Exposure(programmes[p], [programmes[t] for t in ts]) for p, ts in exposed_ids.items()),
        key=lambda e: (min(CONFIDENCE_RANK.get(t.confidence, 6) for t in e.because_of), e.programme.title),
    )
    if organisation:
        exposed = [e for e in exposed if e.programme.organisation.slug == organisation]
    if sector:
        exposed = [e for e in exposed if e.programme.organisation.sector == sector]
    kind_counts = dict(
        ProgrammeLink.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    return Network(
        links=shown,
        programmes=programmes,
        most_depended_on=[(programmes[pk], relied[pk]) for pk in top_ids],
        exposed=exposed,
        isolated=isolated,
        kind_counts=kind_counts,
    )


def link_target_candidates(*, programme: Programme, query: str, limit: int = 20) -> list[Programme]:
    if not query.strip():
        return []
    text = query.strip()
    return list(
        Programme.objects.exclude(pk=programme.pk)
        .filter(
            Q(title__icontains=text)
            | Q(organisation__name__icontains=text)
            | Q(organisation__short_name__iexact=text)
        )
        .select_related("organisation")
        .order_by("title", "organisation__name")[:limit]
    )


def register_summary(*, programmes: QuerySet[Programme]) -> dict:
    """Counts for the figures above the list: how many, how many major, off track, not rated."""
    threshold = settings.PANORAMA_MAJOR_THRESHOLD
    return programmes.aggregate(
        total=Count("pk"),
        major=Count(
            "pk", filter=Q(wlc_forecast__gte=threshold) | Q(wlc_baseline__gte=threshold) | Q(high_risk=True)
        ),
        off_track=Count("pk", filter=Q(confidence__in=OFF_TRACK)),
        not_rated=Count("pk", filter=Q(confidence=Confidence.NOT_RATED)),
        stopped=Count("pk", filter=Q(phase=Phase.STOPPED)),
    )
