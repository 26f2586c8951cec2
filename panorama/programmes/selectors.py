"""Reads for the programme register: the filtered list, one programme with its story, the network.

The register is the shared map, so every programme is readable by everyone, signed in or not. A
body's progress narratives and top risks are restricted: only its own people and those who read
everything (analysts, auditors, administrators) see them (`can_see_restricted`).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.permissions import Person
from panorama.organisations.models import Collection, Organisation

from .models import CONFIDENCE_RANK, OFF_TRACK, Confidence, LinkKind, Phase, Programme, ProgrammeLink

# Titles sort as people read them, whatever their case ("CAP", "Case", "COPFS").
TITLE = Lower("title")
SORTS = {
    "title": ("Title (A to Z)", [TITLE, "pk"]),
    "body": ("Body (A to Z)", [Lower("organisation__name"), TITLE, "pk"]),
    "cost": ("Whole-life cost (highest first)", [F("wlc_current").desc(nulls_last=True), TITLE, "pk"]),
    "variance": ("Cost variance (largest first)", [F("variance").desc(nulls_last=True), TITLE, "pk"]),
    "confidence": ("Delivery confidence (worst first)", ["confidence_rank", TITLE, "pk"]),
    "end": ("Forecast end (soonest first)", [F("end_forecast").asc(nulls_last=True), TITLE, "pk"]),
    "updated": ("Last update (most recent first)", [F("last_update").desc(nulls_last=True), TITLE, "pk"]),
}
MAJOR_CHOICES = [("", "Any size"), ("yes", "Major only"), ("no", "Not major")]


@dataclass
class RegisterFilters:
    q: str = ""
    organisation: str = ""  # slug
    sector: str = ""
    commitment: str = ""  # public id
    phase: str = ""
    confidence: str = ""  # one rating, or several separated by commas ("amber-red,red")
    major: str = ""  # "yes", "no" or ""
    platform: str = ""  # slug
    tag: str = ""
    # "": the bodies Panorama serves (as the picture counts them); a collection's slug: that
    # imported register alone; "all": both.
    collection: str = ""
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


def _text_matches(text: str, *, fields: tuple[str, ...]) -> Q:
    """Programmes with `text` anywhere in one of `fields` (any case), or run by a body whose name
    holds it or whose short name it is. The bodies are looked up first (about 1,000 of them) so that
    the condition names only the programme's own columns: an OR across the join to the bodies kept
    PostgreSQL from its trigram indexes of the fields (programmes migration 0005) and had it read
    every programme (the register page searching "portal" at 20,000 programmes: 94 → 31 ms)."""
    bodies = Organisation.objects.filter(Q(name__icontains=text) | Q(short_name__iexact=text))
    condition = Q(organisation__in=list(bodies.values_list("pk", flat=True)))
    for name in fields:
        condition |= Q(**{f"{name}__icontains": text})
    return condition


def programme_list(*, filters: RegisterFilters | None = None) -> QuerySet[Programme]:
    """The register, filtered and sorted. Every filter is optional; unknown values match nothing."""
    f = filters or RegisterFilters()
    programmes = Programme.objects.select_related("organisation", "organisation__collection")
    if f.collection == "all":
        pass
    elif f.collection:
        programmes = programmes.filter(organisation__collection__slug=f.collection)
    else:
        programmes = programmes.served()
    if f.q:
        programmes = programmes.filter(
            _text_matches(f.q.strip(), fields=("title", "summary", "sro", "external_ref"))
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
        programmes = programmes.filter(confidence__in=f.confidence.split(","))
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


# The columns a programme's summary is made from, read as plain values for a list (no model
# instances: building 50 programmes and their bodies cost more than the query).
SUMMARY_COLUMNS = (
    "public_id",
    "title",
    "organisation__slug",
    "organisation__name",
    "organisation__sector",
    "phase",
    "confidence",
    "confidence_reason",
    "high_risk",
    "wlc_baseline",
    "wlc_forecast",
    "start_baseline",
    "start_forecast",
    "end_baseline",
    "end_forecast",
    "sro",
    "last_update",
    "illustrative",
    "external_ref",
    "organisation__collection__slug",
    "organisation__collection__all_major",
)


def programme_summaries(*, filters: RegisterFilters | None = None) -> QuerySet:
    """The register as `programme_list` filters and sorts it, as plain rows of SUMMARY_COLUMNS."""
    return programme_list(filters=filters).values(*SUMMARY_COLUMNS)


def programme_get(*, public_id) -> Programme:
    try:
        return (
            Programme.objects.select_related("organisation", "organisation__collection")
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
    link_count: int
    most_depended_on: list[tuple[Programme, int]]
    exposed: list[Exposure]
    exposed_count: int
    isolated: list[Programme]
    isolated_count: int


def network_analysis(
    *,
    organisation: str = "",
    sector: str = "",
    kind: str = "",
    top: int = 15,
    limit: int | None = 600,
) -> Network:
    """The typed links between programmes and what they show: the most depended-on programmes
    (relied on through "depends on" or "provides a platform to"), the programmes exposed because
    something they rely on is amber-red or red, and the active programmes with no links at all.

    `organisation`, `sector` and `kind` narrow what is listed; reliance is always worked out on
    the whole network, so exposure through another body is never hidden. `limit` caps each list
    on the page (None for the downloads, which carry everything).
    """
    links = ProgrammeLink.objects.all()
    if kind:
        links = links.filter(kind=kind)
    if organisation:
        links = links.filter(
            Q(source__organisation__slug=organisation) | Q(target__organisation__slug=organisation)
        )
    if sector:
        links = links.filter(Q(source__organisation__sector=sector) | Q(target__organisation__sector=sector))
    link_count = links.count()
    links = links.select_related("source__organisation", "target__organisation").order_by(
        "source__title", "kind", "target__title", "pk"
    )
    shown = list(links[:limit] if limit else links)

    # Reliance is worked out on lightweight rows of the whole network.
    reliance: dict[int, set[int]] = defaultdict(set)  # programme -> what it relies on
    for source, target, link_kind in ProgrammeLink.objects.filter(
        kind__in=[LinkKind.DEPENDS_ON, LinkKind.PROVIDES_PLATFORM]
    ).values_list("source_id", "target_id", "kind"):
        if link_kind == LinkKind.DEPENDS_ON:
            reliance[source].add(target)
        else:
            reliance[target].add(source)
    relied = Counter(target for targets in reliance.values() for target in targets)
    off_track = dict(Programme.objects.filter(confidence__in=OFF_TRACK).values_list("pk", "confidence"))
    exposed_ids = {p: sorted(t for t in targets if t in off_track) for p, targets in reliance.items()}
    exposed_ids = {p: ts for p, ts in exposed_ids.items() if ts}
    if organisation or sector:
        scope = Programme.objects.filter(pk__in=list(exposed_ids))
        scope = scope.filter(organisation__slug=organisation) if organisation else scope
        scope = scope.filter(organisation__sector=sector) if sector else scope
        keep = set(scope.values_list("pk", flat=True))
        exposed_ids = {p: ts for p, ts in exposed_ids.items() if p in keep}
    # Worst first: those relying on something red, then on more off-track programmes.
    ranked = sorted(
        exposed_ids,
        key=lambda p: (min(CONFIDENCE_RANK[off_track[t]] for t in exposed_ids[p]), -len(exposed_ids[p]), p),
    )
    listed = ranked[:limit] if limit else ranked
    top_ids = [pk for pk, _ in sorted(relied.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]
    wanted = set(top_ids) | set(listed) | {t for p in listed for t in exposed_ids[p]}
    programmes = {p.pk: p for p in Programme.objects.filter(pk__in=wanted).select_related("organisation")}
    exposed = [Exposure(programmes[p], [programmes[t] for t in exposed_ids[p]]) for p in listed]

    isolated = (
        Programme.objects.active()
        .exclude(Exists(ProgrammeLink.objects.filter(source=OuterRef("pk"))))
        .exclude(Exists(ProgrammeLink.objects.filter(target=OuterRef("pk"))))
    )
    if organisation:
        isolated = isolated.filter(organisation__slug=organisation)
    if sector:
        isolated = isolated.filter(organisation__sector=sector)
    isolated_count = isolated.count()
    isolated = isolated.select_related("organisation").order_by("organisation__name", "title", "pk")
    return Network(
        links=shown,
        link_count=link_count,
        most_depended_on=[(programmes[pk], relied[pk]) for pk in top_ids],
        exposed=exposed,
        exposed_count=len(exposed_ids),
        isolated=list(isolated[:limit] if limit else isolated),
        isolated_count=isolated_count,
    )


def link_target_candidates(*, programme: Programme, query: str, limit: int = 20) -> list[Programme]:
    if not query.strip():
        return []
    return list(
        Programme.objects.exclude(pk=programme.pk)
        .filter(_text_matches(query.strip(), fields=("title",)))
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


def reliance_pairs(*, programme_ids: Iterable[int] | None = None) -> list[tuple[int, int]]:
    """(dependant, prerequisite) for every programme that relies on another: it depends on it, or
    it is provided a platform by it. Only pairs touching `programme_ids` (every pair when None)."""
    links = ProgrammeLink.objects.filter(kind__in=[LinkKind.DEPENDS_ON, LinkKind.PROVIDES_PLATFORM])
    if programme_ids is not None:
        ids = list(programme_ids)
        links = links.filter(Q(source_id__in=ids) | Q(target_id__in=ids))
    pairs = []
    for source, target, kind in links.values_list("source_id", "target_id", "kind").order_by():
        pairs.append((source, target) if kind == LinkKind.DEPENDS_ON else (target, source))
    return pairs


def commitments_served(*, programme_ids: Iterable[int]) -> dict[int, list[int]]:
    """{programme id: ids of the strategy commitments it serves}."""
    served: dict[int, list[int]] = {}
    through = Programme.commitments.through.objects.filter(programme_id__in=list(programme_ids))
    for programme, commitment in through.values_list("programme_id", "commitment_id").order_by():
        served.setdefault(programme, []).append(commitment)
    return served


@dataclass
class CollectionFigures:
    collection: Collection
    bodies: int
    programmes: int
    major: int
    off_track: int
    wlc_forecast: Decimal | None
    by_phase: list[tuple[str, int]]
    by_confidence: list[tuple[str, int]]


def collection_get(*, slug: str) -> Collection:
    try:
        return Collection.objects.get(slug=slug)
    except Collection.DoesNotExist:
        raise Http404("No such collection") from None


def collection_figures(*, collection: Collection) -> CollectionFigures:
    """A collection's own counts, for comparing it with the picture it is kept out of."""
    programmes = Programme.objects.filter(organisation__collection=collection)
    totals = programmes.aggregate(
        total=Count("pk"),
        off=Count("pk", filter=Q(confidence__in=OFF_TRACK)),
        wlc=Sum("wlc_forecast"),
    )
    phases = dict(programmes.values_list("phase").annotate(n=Count("pk")).order_by())
    ratings = dict(programmes.values_list("confidence").annotate(n=Count("pk")).order_by())
    return CollectionFigures(
        collection=collection,
        bodies=collection.organisations.count(),
        programmes=totals["total"],
        major=programmes.major().count(),
        off_track=totals["off"],
        wlc_forecast=totals["wlc"],
        by_phase=[(Phase(k).label if k else "Not given", v) for k, v in sorted(phases.items()) if v],
        by_confidence=[(Confidence(k).label, ratings[k]) for k in Confidence.values if ratings.get(k)],
    )
