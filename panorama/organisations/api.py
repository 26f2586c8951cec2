from django.http import HttpRequest, JsonResponse

from panorama.api.framework import PAGE, PAGE_SIZE, STRING, endpoint, list_of, obj, paginated, query

from . import selectors
from .models import Organisation, Sector

ORGANISATION = obj(
    {
        "slug": STRING,
        "name": STRING,
        "short_name": STRING,
        "sector": STRING,
        "kind": STRING,
        "parent": {"type": "string", "nullable": True},
        "url": STRING,
    }
)


def organisation_json(request: HttpRequest, organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "sector": organisation.sector,
        "kind": organisation.kind,
        "parent": organisation.parent.slug if organisation.parent else None,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
    }


@endpoint(
    "core.public",
    path="/api/v1/organisations",
    summary="Public bodies and partners",
    parameters=[
        query("sector", "Only this sector.", {"type": "string", "enum": list(Sector.values)}),
        query("q", "Name contains, or short name is."),
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(ORGANISATION),
)
def organisations(request: HttpRequest) -> JsonResponse:
    items = selectors.organisation_list(
        sector=request.GET.get("sector", ""), query=request.GET.get("q", "").strip()
    )
    return paginated(request, items, lambda o: organisation_json(request, o), default_size=100)
