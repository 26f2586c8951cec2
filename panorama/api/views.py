from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.common import no_append_slash

from panorama.accounts.permissions import require

from . import openapi
from .framework import ENDPOINTS


@require("core.public")
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi.document(request.build_absolute_uri("/").rstrip("/")))


@require("core.public")
def index(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "documentation": request.build_absolute_uri(reverse("api:docs")),
            "openapi": request.build_absolute_uri(reverse("api:openapi")),
            "endpoints": [
                {
                    "method": e.method.upper(),
                    "path": e.path,
                    "summary": e.summary,
                    "sign_in": e.permission != "core.public",
                }
                for e in sorted(ENDPOINTS, key=lambda e: (e.path, e.method))
            ],
        }
    )


@require("core.public")
def docs(request: HttpRequest) -> HttpResponse:
    """The API documented for people, drawn on the server from the OpenAPI document itself (so it
    cannot drift from it, and needs no script under the site's content security policy)."""
    document = openapi.document(request.build_absolute_uri("/").rstrip("/"))
    groups: dict[str, list[dict]] = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            example = path.replace("{", "").replace("}", "").upper() if "{" in path else path
            groups.setdefault(operation["tags"][0] if operation.get("tags") else "other", []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation["summary"],
                    "sign_in": "security" in operation,
                    "parameters": [p for p in operation.get("parameters", []) if p.get("in") == "query"],
                    "example": example,
                }
            )
    return render(
        request,
        "api/docs.html",
        {"groups": dict(sorted(groups.items())), "server": document["servers"][0]["url"]},
    )


@no_append_slash  # /api/v1/nothing answers 404, not a 301 to /api/v1/nothing/ (which this view answers)
@require("core.public")
def trailing_slash(request: HttpRequest, rest: str) -> HttpResponse:
    """/api/v1/programmes/ finds /api/v1/programmes: a client that adds a slash is sent on (308 keeps
    the method and body) rather than told the endpoint does not exist."""
    target = f"/api/v1/{rest}"
    try:
        match = resolve(target)
    except Resolver404:
        raise Http404("No such endpoint.") from None
    if match.func is trailing_slash:
        raise Http404("No such endpoint.")
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
    response.status_code = 308
    return response
