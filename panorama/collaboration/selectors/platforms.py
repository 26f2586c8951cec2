"""Reading the shared platforms catalogue, who adopts what, and each body's catalogue of systems and
licences. Platforms and their adopters are public; a body's licences and systems are its own
(members and those who read everything)."""

import datetime
from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.permissions import Person
from panorama.organisations.models import Organisation
from panorama.programmes.models import Platform, Programme

from ..models import AdoptionStatus, Licence, PlatformAdoption

IN_USE = [AdoptionStatus.ONBOARDING, AdoptionStatus.LIVE]


def platform_list(*, kind: str = "") -> QuerySet[Platform]:
    """The platforms, each with how many bodies use it and how many programmes build on it. Each
    count is its own subquery: counted over one join of both, every adoption was paired with every
    programme of its platform before the DISTINCT took the pairs apart again (the collaboration
    page at 20,000 programmes: 226 ms for this query)."""
    platforms = _counted(Platform.objects.select_related("owner"))
    if kind:
        platforms = platforms.filter(kind=kind)
    return platforms.order_by("name")


def _counted(platforms: QuerySet[Platform]) -> QuerySet[Platform]:
    """Two counts that must not be confused, defined once for the catalogue and each platform's page:
    adopter_count, the bodies that have recorded adopting the platform (onboarding or live: planned
    and retired adoptions are not in use); programme_count, the programmes in the register that
    name it as a platform they build on, and programme_body_count, the bodies those belong to."""
    links = Programme.platforms.through.objects.all()
    return platforms.annotate(
        adopter_count=_count_per_platform(PlatformAdoption.objects.filter(status__in=IN_USE)),
        programme_count=_count_per_platform(links),
        programme_body_count=_count_per_platform(links, Count("programme__organisation", distinct=True)),
    )


def _count_per_platform(rows: QuerySet, count: Count | None = None) -> Coalesce:
    """How many of `rows` (each with a `platform`) belong to the platform of the outer query."""
    counted = (
        rows.filter(platform=OuterRef("pk"))
        .order_by()
        .values("platform")
        .annotate(n=count or Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def platform_kinds() -> list[str]:
    return sorted(set(Platform.objects.values_list("kind", flat=True)))


def platform_get(*, slug: str) -> Platform:
    """The platform, with the catalogue's counts (see _counted)."""
    try:
        return _counted(Platform.objects.select_related("owner")).get(slug=slug)
    except Platform.DoesNotExist:
        raise Http404("No such platform.") from None


def platform_adoptions(*, platform: Platform, in_use: bool | None = None) -> QuerySet[PlatformAdoption]:
    """Every adoption recorded; with in_use=True the bodies counted as adopting it (adopter_count),
    with in_use=False the others (planned or retired)."""
    adoptions = platform.adoptions.select_related("organisation")
    if in_use is not None:
        adoptions = adoptions.filter(status__in=IN_USE) if in_use else adoptions.exclude(status__in=IN_USE)
    return adoptions.order_by("adopted_on", "organisation__name")


def platform_programmes(*, platform: Platform) -> QuerySet[Programme]:
    return platform.programmes.select_related("organisation").order_by("organisation__name", "title")


def platform_adoption_over_time(*, platform: Platform) -> list[tuple[str, int]]:
    """Bodies using the platform at the end of each financial year since the first adoption: an
    adoption counts from its date until it is retired (retired adoptions count as never live)."""
    adoptions = list(platform.adoptions.values_list("adopted_on", "status"))
    if not adoptions:
        return []
    first = min(day for day, _ in adoptions)
    today = datetime.date.today()
    start_year = first.year if first.month >= 4 else first.year - 1
    end_year = today.year if today.month >= 4 else today.year - 1
    per_year: Counter[int] = Counter()
    for day, status in adoptions:
        if status == AdoptionStatus.RETIRED:
            continue
        per_year[day.year if day.month >= 4 else day.year - 1] += 1
    points, running = [], 0
    for year in range(start_year, end_year + 1):
        running += per_year[year]
        points.append((f"{year}-{(year + 1) % 100:02d}", running))
    return points


def adoption_can_change(*, user: Person, organisation: Organisation) -> bool:
    return permissions.has(user, "organisations.change", organisation)


def adoption_for_editing(*, user: Person, public_id) -> PlatformAdoption:
    try:
        adoption = PlatformAdoption.objects.select_related("platform", "organisation").get(
            public_id=public_id
        )
    except (PlatformAdoption.DoesNotExist, ValueError):
        raise Http404("No such adoption.") from None
    if not adoption_can_change(user=user, organisation=adoption.organisation):
        raise PermissionDenied("Only the adopting body's editors or a portfolio analyst may change this.")
    return adoption


def adoption_bodies_for_person(*, user: Person) -> QuerySet[Organisation]:
    """Bodies on whose behalf a person may record an adoption."""
    ids = permissions.editable_organisation_ids(user)
    bodies = Organisation.objects.filter(active=True)
    if ids is not None:
        bodies = bodies.filter(pk__in=ids)
    return bodies.order_by("name")


# --- A body's catalogue ---------------------------------------------------------------------------


def catalogue_for_user(*, user: Person, slug: str) -> Organisation:
    try:
        organisation = Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such body.") from None
    if not permissions.has(user, "organisations.view", organisation):
        raise Http404("No such catalogue.")
    return organisation


def catalogue_for_editing(*, user: Person, slug: str) -> Organisation:
    organisation = catalogue_for_user(user=user, slug=slug)
    if not permissions.has(user, "organisations.change", organisation):
        raise PermissionDenied("Only the body's editors or a portfolio analyst may change its catalogue.")
    return organisation


def licence_list(*, organisation: Organisation) -> QuerySet[Licence]:
    return organisation.licences.order_by("product")


def licence_totals(*, organisation: Organisation) -> dict:
    return organisation.licences.aggregate(count=Count("id"), annual_cost=Sum("annual_cost"))


def licence_for_editing(*, user: Person, public_id) -> Licence:
    try:
        licence = Licence.objects.select_related("organisation").get(public_id=public_id)
    except (Licence.DoesNotExist, ValueError):
        raise Http404("No such licence.") from None
    if not permissions.has(user, "organisations.view", licence.organisation):
        raise Http404("No such licence.")
    if not permissions.has(user, "organisations.change", licence.organisation):
        raise PermissionDenied("Only the body's editors or a portfolio analyst may change its licences.")
    return licence


def legacy_systems(*, organisation: Organisation) -> list | None:
    """The body's entries in the legacy systems register, read through the finance app's selectors
    (the caller has checked the person may see the body's catalogue). None if that app is absent."""
    try:
        from panorama.finance import selectors as finance_selectors
    except ImportError:
        return None
    reader = getattr(finance_selectors, "legacy_systems", None)
    if reader is None:
        return None
    systems = list(reader(visible=None, organisation=organisation).order_by("name"))
    status = getattr(finance_selectors, "legacy_status", None)
    labels = getattr(finance_selectors, "LEGACY_STATUS_LABELS", {})
    for system in systems:
        system.support_label = labels.get(status(system), "") if status else ""
    return systems


def catalogue_rows(*, organisation: Organisation) -> list[dict]:
    """Licences joined with the legacy systems register on the system's name (case-insensitive):
    one row per system, with the licences it needs; licences for no registered system follow."""
    licences = list(licence_list(organisation=organisation))
    systems = legacy_systems(organisation=organisation) or []
    by_system: dict[str, list[Licence]] = {}
    for licence in licences:
        by_system.setdefault(licence.system.strip().lower(), []).append(licence)
    rows = []
    seen = set()
    for system in systems:
        name = str(getattr(system, "name", system))
        key = name.strip().lower()
        seen.add(key)
        rows.append({"system": system, "name": name, "licences": by_system.get(key, [])})
    for key, items in by_system.items():
        if key not in seen:
            rows.append({"system": None, "name": items[0].system or "", "licences": items})
    return rows
