from django.db.models import Count, QuerySet
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.permissions import Person

from .models import Organisation


def organisation_list(
    *, sector: str = "", query: str = "", include_inactive: bool = False
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("parent")
    if not include_inactive:
        organisations = organisations.filter(active=True)
    if sector:
        organisations = organisations.filter(sector=sector)
    if query:
        organisations = organisations.filter(name__icontains=query) | organisations.filter(
            short_name__iexact=query
        )
    return organisations.order_by("name")


def organisation_get(*, slug: str) -> Organisation:
    """Any body's public reference data: who it is, which sector it belongs to."""
    try:
        return Organisation.objects.select_related("parent").get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404("No such public body.") from None


def organisation_for_editing(*, user: Person, slug: str) -> Organisation:
    organisation = organisation_get(slug=slug)
    permissions.check(user, "organisations.change", organisation)
    return organisation


def organisation_members(*, organisation: Organisation):
    return organisation.memberships.select_related("person").order_by("role", "person__full_name")


def sector_counts() -> dict[str, int]:
    return dict(
        Organisation.objects.filter(active=True)
        .values_list("sector")
        .annotate(n=Count("id"))
        .values_list("sector", "n")
    )
