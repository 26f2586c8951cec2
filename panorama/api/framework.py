"""The JSON API's small framework: one decorator declares an endpoint's permission and its OpenAPI
description together, so the document at /api/v1/openapi.json can never miss an endpoint.

    @endpoint("core.public", path="/api/v1/organisations", summary="Public bodies",
              parameters=[query("sector", "Sector")], response=list_of({"name": STRING, ...}))
    def organisations(request): ...

Lists are paginated with `paginated(request, queryset, serialize)`: {"count", "page", "pages",
"next", "previous", "results"}. Money and other decimals are strings in pounds ("1234.50").
"""

import decimal
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from panorama.accounts.permissions import require

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
DECIMAL = {
    "type": "string",
    "format": "decimal",
    "description": "A decimal number as a string (money in pounds).",
}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
UUID = {"type": "string", "format": "uuid"}


def nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def obj(properties: dict[str, dict]) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties)}


def list_of(item: dict) -> dict:
    return obj(
        {
            "count": INTEGER,
            "page": INTEGER,
            "pages": INTEGER,
            "next": nullable(STRING),
            "previous": nullable(STRING),
            "results": {"type": "array", "items": item},
        }
    )


def query(name: str, description: str, schema: dict | None = None, required: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema or STRING,
    }


def path_param(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema or UUID,
    }


PAGE = query("page", "Page number, from 1.", {"type": "integer", "minimum": 1})
PAGE_SIZE = query(
    "page_size", "Results per page (1 to 500, default 50).", {"type": "integer", "minimum": 1, "maximum": 500}
)


@dataclass
class Endpoint:
    path: str
    method: str
    summary: str
    permission: str
    parameters: list[dict] = field(default_factory=list)
    response: dict = field(default_factory=dict)
    request_body: dict | None = None
    tag: str = ""
    # What a 200 answers with, for an endpoint that serves files: {media type: schema}.
    content: dict[str, dict] | None = None


ENDPOINTS: list[Endpoint] = []


def endpoint(
    permission: str,
    *,
    path: str,
    summary: str,
    parameters: Iterable[dict] = (),
    response: dict | None = None,
    method: str = "GET",
    request_body: dict | None = None,
    tag: str = "",
    content: dict[str, dict] | None = None,
) -> Callable:
    declared = list(parameters)

    def decorator(view: Callable) -> Callable:
        ENDPOINTS.append(
            Endpoint(
                path=path,
                method=method.lower(),
                summary=summary,
                permission=permission,
                parameters=declared,
                response=response or {"type": "object"},
                request_body=request_body,
                tag=tag or path.split("/")[3],
                content=content,
            )
        )
        checked = _checks_query(view, [p for p in declared if p.get("in") == "query"])
        if method.upper() == "GET":
            # A read-only endpoint answers HEAD like GET (without the body) and OPTIONS with what
            # it allows; it refuses other methods with 405, before any CSRF check could say 403.
            allowed = ["GET", "HEAD", "OPTIONS"]
            return csrf_exempt(
                require_http_methods(allowed)(_answers_options(allowed, require(permission)(checked)))
            )
        # Who is asking comes first: an anonymous caller gets 401, as docs/roles.md says, not the
        # CSRF check's 403; a signed-in browser's session is then held to CSRF (a token's request
        # is exempt, see accounts.middleware).
        return csrf_exempt(require_http_methods([method])(require(permission)(csrf_protect(checked))))

    return decorator


def _answers_options(allowed: list[str], view: Callable) -> Callable:
    @wraps(view)
    def answered(request: HttpRequest, *args: Any, **kwargs: Any):
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join(allowed)
            return response
        return view(request, *args, **kwargs)

    return answered


def query_problems(request: HttpRequest, parameters: list[dict]) -> list[str]:
    """What is wrong with the request's query string, judged by the parameters the endpoint
    declares in its OpenAPI description: whole numbers, ranges, allowed values and patterns."""
    problems = []
    for parameter in parameters:
        name, schema = parameter["name"], parameter.get("schema") or {}
        values = request.GET.getlist(name)
        if not values:
            if parameter.get("required"):
                problems.append(f"{name} is required.")
            continue
        value = values[-1]
        if schema.get("type") == "integer":
            try:
                number = int(value)
            except ValueError:
                problems.append(f"{name} must be a whole number, not {value!r}.")
                continue
            if "minimum" in schema and number < schema["minimum"]:
                problems.append(f"{name} must be at least {schema['minimum']}.")
            if "maximum" in schema and number > schema["maximum"]:
                problems.append(f"{name} must be at most {schema['maximum']}.")
        if "enum" in schema and value not in schema["enum"]:
            problems.append(f"{name} must be one of: {', '.join(map(str, schema['enum']))}.")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"{name} {value!r} is not in the expected form.")
    return problems


def _checks_query(view: Callable, parameters: list[dict]) -> Callable:
    if not parameters:
        return view

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any):
        problems = query_problems(request, parameters)
        if problems:
            return bad_request(" ".join(problems))
        return view(request, *args, **kwargs)

    return checked


def as_json(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def paginated(
    request: HttpRequest, items, serialize: Callable[[Any], dict], *, default_size: int = 50
) -> JsonResponse:
    try:
        size = max(1, min(500, int(request.GET.get("page_size", default_size))))
    except ValueError:
        return bad_request("page_size must be a whole number from 1 to 500.")
    paginator = Paginator(items, size)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return bad_request(f"page must be a whole number from 1 to {paginator.num_pages}.")
    except EmptyPage:
        # A well-formed page number past the end: there is no such page (404), not a bad request.
        return JsonResponse(
            {"error": "not found", "detail": f"page must be from 1 to {paginator.num_pages}."}, status=404
        )

    def link(number: int) -> str:
        query_string = request.GET.copy()
        query_string["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query_string.urlencode()}")

    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [serialize(item) for item in page.object_list],
        },
        json_dumps_params={"default": as_json},
    )


def bad_request(detail: str, problems: list[dict] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"error": "bad request", "detail": detail}
    if problems is not None:
        body["problems"] = problems
    return JsonResponse(body, status=400)


def json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"default": as_json})
