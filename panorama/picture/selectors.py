"""Reads for services and their performance."""

from decimal import Decimal

from django.core.files.base import File
from django.db.models import Q, QuerySet
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.permissions import Person
from panorama.core import files
from panorama.core.models import Period
from panorama.organisations.models import Organisation

from .models import OpenDataFile, Service, ServicePerformance

KPIS = [
    ("cost_per_transaction", "Cost per transaction", "£"),
    ("user_satisfaction", "User satisfaction", "%"),
    ("completion_rate", "Completion rate", "%"),
    ("digital_take_up", "Digital take-up", "%"),
]


def services_visible(*, user: Person) -> QuerySet[Service]:
    """Published services, and the unpublished ones of bodies this person may see."""
    services = Service.objects.all()
    visible = permissions.visible_organisation_ids(user)
    if visible is None:
        return services
    return services.filter(Q(published=True) | Q(organisation_id__in=visible))


def service_list(
    *,
    user: Person,
    organisation: str = "",
    phase: str = "",
    category: str = "",
    query: str = "",
    sector: str = "",
) -> QuerySet[Service]:
    services = services_visible(user=user).select_related("organisation", "programme")
    if organisation:
        services = services.filter(organisation__slug=organisation)
    if sector:
        services = services.filter(organisation__sector=sector)
    if phase:
        services = services.filter(phase=phase)
    if category:
        services = services.filter(category=category)
    if query:
        services = services.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return services.order_by("name", "pk")


def service_categories() -> list[str]:
    # order_by() first: the model's ordering by name would make each (category, name) pair distinct.
    return sorted(c for c in Service.objects.order_by().values_list("category", flat=True).distinct() if c)


def service_for_user(*, user: Person, slug: str) -> Service:
    """A service this person may see: 404 for an unpublished service of someone else's body."""
    try:
        service = Service.objects.select_related("organisation", "programme").get(slug=slug)
    except Service.DoesNotExist:
        raise Http404("No such service.") from None
    if not service.published and not permissions.has(user, "organisations.view", service.organisation):
        raise Http404("No such service.")
    return service


def service_for_editing(*, user: Person, slug: str) -> Service:
    service = service_for_user(user=user, slug=slug)
    permissions.check(user, "organisations.change", service.organisation)
    return service


def service_performance(*, service: Service) -> list[ServicePerformance]:
    return list(service.performance.select_related("period").order_by("period__start"))


def latest_performance(*, services: QuerySet[Service]) -> dict[int, ServicePerformance]:
    """The most recent quarter's figures for each service, in one query."""
    latest: dict[int, ServicePerformance] = {}
    for row in (
        ServicePerformance.objects.filter(service__in=services)
        .select_related("period")
        .order_by("service_id", "-period__start")
    ):
        latest.setdefault(row.service_id, row)
    return latest


def kpi_value(row: ServicePerformance | None, name: str) -> Decimal | None:
    if row is None:
        return None
    return row.digital_take_up if name == "digital_take_up" else getattr(row, name)


def service_trend(*, rows: list[ServicePerformance]) -> str:
    """'improving', 'worsening' or '' from the first and last quarters with digital take-up or
    satisfaction: improving when take-up rose and satisfaction did not fall, or the reverse."""
    if len(rows) < 2:
        return ""
    score = 0
    for name in ("digital_take_up", "user_satisfaction", "completion_rate"):
        values = [kpi_value(r, name) for r in rows if kpi_value(r, name) is not None]
        if len(values) >= 2 and values[-1] != values[0]:
            score += 1 if values[-1] > values[0] else -1
    cost = [r.cost_per_transaction for r in rows if r.cost_per_transaction is not None]
    if len(cost) >= 2 and cost[-1] != cost[0]:
        score += 1 if cost[-1] < cost[0] else -1
    return "improving" if score > 0 else "worsening" if score < 0 else ""


def services_of(*, organisation: Organisation, user: Person) -> QuerySet[Service]:
    return services_visible(user=user).filter(organisation=organisation).order_by("name")


def periods_with_performance() -> QuerySet[Period]:
    return Period.objects.filter(pk__in=ServicePerformance.objects.values("period_id")).order_by("start")


# --- Open data ------------------------------------------------------------------------------------


def open_data_files() -> dict[str, OpenDataFile]:
    """Every published file by name, with its size; the bytes are in the generated files' storage."""
    return {f.name: f for f in OpenDataFile.objects.all()}


def open_data_file(*, name: str) -> OpenDataFile | None:
    """One published file's record; a download the client already holds (same ETag) never opens
    its bytes."""
    return OpenDataFile.objects.filter(name=name).first()


def open_data_content(*, item: OpenDataFile) -> File:
    """A published file's bytes, opened from storage once they are checked against the record
    (raises core.files.FileProblem when they are missing or altered)."""
    return files.open_checked(name=item.storage_name, sha256=item.sha256, size=item.size)


def open_data_storage_names() -> list[str]:
    """The names in the generated files' storage that the open data points at (core.files.register)."""
    return list(OpenDataFile.objects.values_list("storage_name", flat=True))


def open_data_published() -> bool:
    return OpenDataFile.objects.filter(name="datapackage.json").exists()
