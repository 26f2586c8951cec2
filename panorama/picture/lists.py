"""The lists behind the picture's figures: one name per list, the same rows for the page, the CSV
download and the API, so that a figure and the list it links to always agree."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import BooleanField, Case, Count, IntegerField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse

from panorama.accounts import permissions
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme

from . import figures, sources

COMMITMENT_LISTS = ["all", "unowned", "without-programme", "stale", "off-track", "not-moving"]
PROGRAMME_LISTS = ["all", "off-track", "improving", "on-platforms"]
BODY_LISTS = ["expected", "reported", "missing"]
MONEY_LISTS = ["by-sector", "by-ambition"]

TITLES = {
    "commitments": "All commitments",
    "commitments-unowned": "Commitments with no owner",
    "commitments-without-programme": "Commitments no programme is delivering",
    "commitments-stale": "Commitments with no update for six months or more",
    "commitments-off-track": "Commitments whose programmes are off track",
    "commitments-not-moving": "Commitments whose outcome measures are not moving toward target",
    "programmes": "Active programmes",
    "programmes-off-track": "Programmes off track (amber-red or red)",
    "programmes-improving": "Programmes whose delivery confidence improved",
    "bodies-expected": "Bodies expected to report",
    "bodies-reported": "Bodies that reported",
    "bodies-missing": "Bodies that have not reported",
    "money-by-sector": "Run and change spend, and funding, by sector",
    "money-by-ambition": "Funding required and secured, by ambition",
    "programmes-on-platforms": "Programmes building on a shared platform",
    "legacy-exposed": "Legacy systems past or near the end of vendor support",
    "skills-by-role": "Vacant digital posts by role",
    "lessons-useful": "Lessons readers marked useful",
    "platform-adoptions": "Bodies that have adopted a shared platform",
    "radar-moved": "Technologies that moved on the radar",
}
# Which list each headline figure counts or adds up.
FIGURE_LISTS = {
    "bodies_expected": "bodies-expected",
    "bodies_reported": "bodies-reported",
    "completeness": "bodies-missing",
    "commitments_total": "commitments",
    "commitments_unowned": "commitments-unowned",
    "commitments_without_programme": "commitments-without-programme",
    "commitments_stale": "commitments-stale",
    "commitments_off_track": "commitments-off-track",
    "commitments_not_moving": "commitments-not-moving",
    "programmes_total": "programmes",
    "programmes_off_track": "programmes-off-track",
    "programmes_improving": "programmes-improving",
    "run_spend": "money-by-sector",
    "change_spend": "money-by-sector",
    "funding_gap": "money-by-ambition",
}
RESTRICTED = {"bodies-expected", "bodies-reported", "bodies-missing", "legacy-exposed"}
SKILLS_LISTS = {"skills-by-role"}  # for whoever may read the skills analysis
# Lists of the other families, served by the records endpoint of the API.
OTHER_LISTS = ["legacy-exposed", "skills-by-role", "lessons-useful", "platform-adoptions", "radar-moved"]


def figure_links(figure, scope: figures.Scope, reader) -> tuple[str, str]:
    """The page and the API address of the records behind a catalogue figure, for a reader who may
    see them (blank for one who may not: the figure is published, its records are not)."""
    if not may_see(figure.records, reader):
        return "", ""
    return page_url(figure.records, scope), api_url(figure.records, scope)


def may_see(name: str, reader) -> bool:
    if name in SKILLS_LISTS:
        return permissions.has(reader, "skills.view_analysis")
    return name not in RESTRICTED or permissions.has(reader, "picture.view_all")


def family(name: str) -> str:
    if name in OTHER_LISTS:
        return name
    return name.split("-", 1)[0]


def which(name: str) -> str:
    return name.split("-", 1)[1] if "-" in name else "all"


def page_url(name: str, scope: figures.Scope) -> str:
    return reverse("picture:list", kwargs={"name": name}) + "?" + urlencode({"period": scope.label})


def api_url(name: str, scope: figures.Scope) -> str:
    if name in OTHER_LISTS:
        return (
            reverse("api:picture-records", kwargs={"name": name}) + "?" + urlencode({"period": scope.label})
        )
    return (
        reverse(f"api:picture-{family(name)}")
        + "?"
        + urlencode({"period": scope.label, "which": which(name)})
    )


def items(name: str, scope: figures.Scope) -> Any:
    """The rows of list `name`: a queryset where it can be, so pages and the API paginate it."""
    match name:
        case "commitments":
            qs = figures.commitments_all()
        case "commitments-unowned":
            qs = figures.commitments_unowned()
        case "commitments-without-programme":
            qs = figures.commitments_without_programme()
        case "commitments-stale":
            qs = figures.commitments_stale(scope)
        case "commitments-off-track":
            qs = figures.commitments_off_track()
        case "commitments-not-moving":
            qs = figures.commitments_not_moving(scope)
        case "programmes":
            return figures.programmes_active().select_related("organisation").order_by("title", "pk")
        case "programmes-off-track":
            return figures.programmes_off_track().select_related("organisation").order_by("title", "pk")
        case "programmes-improving":
            return figures.programmes_improving(scope).select_related("organisation").order_by("title", "pk")
        case "bodies-expected" | "bodies-reported" | "bodies-missing":
            return _bodies(name, scope)
        case "programmes-on-platforms":
            return sources.programmes_on_platforms().select_related("organisation").order_by("title", "pk")
        case "legacy-exposed":
            return sources.legacy_exposed_systems()
        case "skills-by-role":
            return sources.vacancies_by_role(scope=scope)
        case "lessons-useful":
            return sources.lessons_useful()
        case "platform-adoptions":
            return sources.adopting_bodies()
        case "radar-moved":
            return sources.technologies_moved(scope=scope)
        case "money-by-sector":
            return sources.money_by_sector(scope=scope) or []
        case "money-by-ambition":
            return sources.money_by_ambition(scope=scope) or []
        case _:
            raise KeyError(name)
    return (
        qs.select_related("ambition__strategy", "owner")
        .annotate(programme_count=_programme_count())
        .order_by("ambition__strategy__slug", "ambition__number", "reference", "pk")
    )


def _programme_count() -> Coalesce:
    """How many programmes deliver each commitment, counted from the link table's index per
    commitment. Count("programmes") joined every link (thousands per commitment at UK scale) and
    grouped the wide rows: 140 ms for a page of 24 commitments."""
    links = (
        Programme.commitments.through.objects.filter(commitment_id=OuterRef("pk"))
        .order_by()
        .values("commitment_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(links, output_field=IntegerField()), 0)


def totals(name: str, items: Any) -> dict | None:
    """The totals row of a list of amounts (the same sums as the figures it stands behind)."""
    match family(name):
        case "money":
            return {
                "run": sum((m.run for m in items), Decimal(0)),
                "change": sum((m.change for m in items), Decimal(0)),
                "required": sum((m.required for m in items), Decimal(0)),
                "secured": sum((m.secured for m in items), Decimal(0)),
                "gap": sum((m.gap for m in items), Decimal(0)),
            }
        case "skills-by-role":
            return {
                "vacancies": sum((r["vacancies"] for r in items), Decimal(0)),
                "established": sum((r["established"] for r in items), Decimal(0)),
            }
        case "legacy-exposed":
            return items.aggregate(annual_run_cost=Sum("annual_run_cost"))
    return None


def _bodies(name: str, scope: figures.Scope) -> Any:
    """A queryset, so that the page shows 50 bodies at a time (all 1,000 at UK scale took most of
    the page's time to draw)."""
    completeness = sources.returns_completeness(scope=scope)
    if completeness is None:
        return []
    ids = {
        "bodies-expected": completeness.expected,
        "bodies-reported": completeness.reported,
        "bodies-missing": completeness.expected - completeness.reported,
    }[name]
    reported = When(pk__in=completeness.reported, then=Value(True))
    return (
        Organisation.objects.filter(pk__in=ids)
        .annotate(reported=Case(reported, default=Value(False), output_field=BooleanField()))
        .order_by("name", "pk")
    )


HEADERS = {
    "commitments": [
        "reference",
        "commitment",
        "strategy",
        "ambition",
        "owner",
        "accountable_person",
        "status",
        "last_updated",
        "programmes",
    ],
    "programmes": ["title", "owner", "phase", "confidence", "last_update"],
    "bodies": ["name", "short_name", "sector", "reported"],
    "money": ["label", "run", "change", "required", "secured", "gap"],
    "legacy-exposed": ["system", "body", "end_of_support", "annual_run_cost"],
    "skills-by-role": ["role", "vacancies_fte", "established_fte"],
    "lessons-useful": ["title", "body", "marked_useful"],
    "platform-adoptions": ["body", "short_name", "platforms"],
    "radar-moved": ["technology", "bodies_moved", "moves"],
}


def rows(name: str, scope: figures.Scope) -> Iterable[list]:
    for item in items(name, scope):
        match family(name):
            case "commitments":
                yield [
                    item.reference,
                    item.text,
                    str(item.ambition.strategy),
                    item.ambition.title,
                    item.owner.short_name if item.owner else "",
                    item.accountable_person,
                    item.get_status_display(),
                    item.last_updated,
                    item.programme_count,
                ]
            case "programmes":
                yield [
                    item.title,
                    item.organisation.short_name,
                    item.get_phase_display(),
                    item.get_confidence_display(),
                    item.last_update,
                ]
            case "bodies":
                yield [item.name, item.short_name, item.get_sector_display(), item.reported]
            case "legacy-exposed":
                yield [item.name, item.organisation.short_name, item.end_of_support, item.annual_run_cost]
            case "skills-by-role":
                yield [item["role"], item["vacancies"], item["established"]]
            case "lessons-useful":
                yield [
                    item.title,
                    item.organisation.short_name if item.organisation else "",
                    item.useful_count,
                ]
            case "platform-adoptions":
                yield [item.name, item.short_name, item.platform_count]
            case "radar-moved":
                yield [item.technology.name, item.count, item.summary]
            case "money":
                yield [
                    item.label,
                    item.run,
                    item.change,
                    item.required,
                    item.secured,
                    item.required - item.secured,
                ]


def as_json(name: str, item: Any, request: HttpRequest) -> dict:
    match family(name):
        case "commitments":
            return {
                "id": str(item.public_id),
                "reference": item.reference,
                "text": item.text,
                "strategy": str(item.ambition.strategy),
                "ambition": item.ambition.title,
                "owner": item.owner.slug if item.owner else None,
                "accountable_person": item.accountable_person,
                "status": item.status,
                "last_updated": item.last_updated,
                "programmes": item.programme_count,
                "url": _absolute(request, item),
            }
        case "programmes":
            return {
                "id": str(item.public_id),
                "title": item.title,
                "organisation": item.organisation.slug,
                "phase": item.phase,
                "confidence": item.confidence,
                "last_update": item.last_update,
                "url": _absolute(request, item),
            }
        case "bodies":
            return {
                "slug": item.slug,
                "name": item.name,
                "sector": item.sector,
                "reported": item.reported,
                "url": _absolute(request, item),
            }
        case "legacy-exposed":
            return {
                "id": str(item.public_id),
                "name": item.name,
                "organisation": item.organisation.slug,
                "end_of_support": item.end_of_support,
                "annual_run_cost": item.annual_run_cost,
                "url": _absolute(request, item),
            }
        case "skills-by-role":
            return {"role": item["role"], "vacancies": item["vacancies"], "established": item["established"]}
        case "lessons-useful":
            return {
                "id": str(item.public_id),
                "title": item.title,
                "organisation": item.organisation.slug if item.organisation else None,
                "useful": item.useful_count,
                "url": _absolute(request, item),
            }
        case "platform-adoptions":
            return {
                "slug": item.slug,
                "name": item.name,
                "platforms": item.platform_count,
                "url": request.build_absolute_uri(item.get_absolute_url()),
            }
        case "radar-moved":
            return {
                "slug": item.technology.slug,
                "name": item.technology.name,
                "bodies_moved": item.count,
                "moves": [
                    {
                        "organisation": m.organisation.slug,
                        "from": m.before or None,
                        "to": m.after,
                        "on": m.effective,
                    }
                    for m in item.moves
                ],
                "url": request.build_absolute_uri(item.url),
            }
        case _:
            return {
                "label": item.label,
                "run": item.run,
                "change": item.change,
                "required": item.required,
                "secured": item.secured,
            }


def _absolute(request: HttpRequest, item: Any) -> str:
    url = sources.url_of(item)
    return request.build_absolute_uri(url) if url else ""
