"""/api/v1/picture (the national figures, each with a link to the list behind it), those lists, and
/api/v1/services."""

import json as json_module

from django.http import Http404, HttpRequest, JsonResponse

from panorama.api.framework import (
    BOOLEAN,
    DATE,
    DECIMAL,
    INTEGER,
    PAGE,
    PAGE_SIZE,
    STRING,
    UUID,
    bad_request,
    endpoint,
    json,
    list_of,
    nullable,
    obj,
    paginated,
    path_param,
    query,
)
from panorama.core import catalogue
from panorama.organisations.models import Sector

from . import catalogue as picture_catalogue
from . import lists, selectors
from .models import ServicePhase

PERIOD = query(
    "period",
    "A quarter like 2025-26 Q3 or a financial year like 2025-26; when left out, the quarter bodies are "
    "reporting on (the latest ended quarter with a return window), else the current quarter.",
    {"type": "string", "pattern": r"^\d{4}-\d{2}( Q[1-4])?$"},
)
FIGURES = [
    "bodies_expected",
    "bodies_reported",
    "completeness",
    "commitments_total",
    "commitments_unowned",
    "commitments_without_programme",
    "commitments_stale",
    "programmes_total",
    "programmes_off_track",
    "run_spend",
    "change_spend",
    "funding_gap",
]
PICTURE = obj(
    {
        "period": STRING,
        "bodies_expected": nullable(INTEGER),
        "bodies_reported": nullable(INTEGER),
        "completeness": nullable(
            {**DECIMAL, "description": "Bodies reported as a fraction of bodies expected."}
        ),
        "commitments_total": INTEGER,
        "commitments_unowned": INTEGER,
        "commitments_without_programme": INTEGER,
        "commitments_stale": INTEGER,
        "programmes_total": INTEGER,
        "programmes_off_track": INTEGER,
        "run_spend": nullable(DECIMAL),
        "change_spend": nullable(DECIMAL),
        "funding_gap": nullable(DECIMAL),
        # None where the reader may not open the list (the bodies lists are for analysts).
        "links": obj(dict.fromkeys(FIGURES, nullable(STRING))),
        "pages": obj(dict.fromkeys(FIGURES, nullable(STRING))),
        "figures": {
            "type": "object",
            "description": "Every figure of the catalogue the reader may see, keyed by its key "
            "(/picture/figures/ defines each).",
            "additionalProperties": obj(
                {
                    "key": STRING,
                    "label": STRING,
                    "value": nullable(
                        {"anyOf": [INTEGER, DECIMAL], "description": "A count, or a decimal as a string."}
                    ),
                    "display": STRING,
                    "unit": STRING,
                    "period": STRING,
                    "basis": STRING,
                    "coverage": STRING,
                    "reach": STRING,
                    "note": STRING,
                    "records": nullable(STRING),
                    "page": nullable(STRING),
                }
            ),
        },
    }
)


def _scope(request: HttpRequest):
    try:
        return catalogue.scope_for(request.GET.get("period", "")), None
    except ValueError as exc:
        # The form is checked against PERIOD's pattern first; a well-formed label that names no
        # real financial year (2025-27, 0000-01) is a period that does not exist.
        return None, json({"error": "not found", "detail": str(exc)}, status=404)


@endpoint(
    "core.public",
    path="/api/v1/picture",
    summary="The national picture for a period: completeness, gaps, programmes and money",
    parameters=[PERIOD],
    response=PICTURE,
)
def picture(request: HttpRequest) -> JsonResponse:
    scope, error = _scope(request)
    if error:
        return error
    readings = catalogue.read(scope=scope, reader=request.user)
    uri = request.build_absolute_uri
    data: dict = {"period": scope.label}
    data.update(picture_catalogue.top_level(readings))
    top = picture_catalogue.TOP_LEVEL.items()
    data["links"] = {n: uri(readings[k].api_url) if readings[k].api_url else None for n, k in top}
    data["pages"] = {n: uri(readings[k].records_url) if readings[k].records_url else None for n, k in top}
    data["figures"] = {key: found.as_json(uri) for key, found in readings.items()}
    return json(data)


COMMITMENT = obj(
    {
        "id": UUID,
        "reference": STRING,
        "text": STRING,
        "strategy": STRING,
        "ambition": STRING,
        "owner": nullable(STRING),
        "accountable_person": STRING,
        "status": STRING,
        "last_updated": nullable(DATE),
        "programmes": INTEGER,
        "url": STRING,
    }
)
PROGRAMME = obj(
    {
        "id": UUID,
        "title": STRING,
        "organisation": STRING,
        "phase": STRING,
        "confidence": STRING,
        "last_update": nullable(DATE),
        "url": STRING,
    }
)
BODY = obj({"slug": STRING, "name": STRING, "sector": STRING, "reported": BOOLEAN, "url": STRING})
MONEY_ROW = obj({"label": STRING, "run": DECIMAL, "change": DECIMAL, "required": DECIMAL, "secured": DECIMAL})


def _list(request: HttpRequest, family: str, choices: list[str]) -> JsonResponse:
    scope, error = _scope(request)
    if error:
        return error
    which = request.GET.get("which", choices[0])
    if which not in choices:
        return bad_request(f"which must be one of: {', '.join(choices)}.")
    name = f"{family}-{which}" if which != "all" else family
    items = lists.items(name, scope)
    return paginated(request, items, lambda item: lists.as_json(name, item, request))


@endpoint(
    "core.public",
    path="/api/v1/picture/commitments",
    summary="The commitments behind a figure of the national picture",
    parameters=[
        PERIOD,
        query(
            "which",
            "Which list: all, or a gap.",
            {"type": "string", "enum": lists.COMMITMENT_LISTS},
        ),
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(COMMITMENT),
)
def picture_commitments(request: HttpRequest) -> JsonResponse:
    return _list(request, "commitments", lists.COMMITMENT_LISTS)


@endpoint(
    "core.public",
    path="/api/v1/picture/programmes",
    summary="The programmes behind a figure of the national picture",
    parameters=[
        PERIOD,
        query("which", "Which list.", {"type": "string", "enum": lists.PROGRAMME_LISTS}),
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(PROGRAMME),
)
def picture_programmes(request: HttpRequest) -> JsonResponse:
    return _list(request, "programmes", lists.PROGRAMME_LISTS)


@endpoint(
    "picture.view_all",
    path="/api/v1/picture/bodies",
    summary="The bodies expected to report for a period, and whether they did",
    parameters=[
        PERIOD,
        query("which", "Which list.", {"type": "string", "enum": lists.BODY_LISTS}),
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(BODY),
)
def picture_bodies(request: HttpRequest) -> JsonResponse:
    return _list(request, "bodies", lists.BODY_LISTS)


@endpoint(
    "core.public",
    path="/api/v1/picture/money",
    summary="Run and change spend, and funding required and secured, by sector or by ambition",
    parameters=[
        PERIOD,
        query("which", "Which breakdown.", {"type": "string", "enum": lists.MONEY_LISTS}),
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(MONEY_ROW),
)
def picture_money(request: HttpRequest) -> JsonResponse:
    return _list(request, "money", lists.MONEY_LISTS)


@endpoint(
    "core.public",
    path="/api/v1/picture/records/{name}",
    summary="The records behind a figure whose list has no endpoint of its own (legacy systems, "
    "vacancies by role, lessons marked useful, bodies adopting shared platforms)",
    parameters=[
        path_param("name", "The list's name.", {"type": "string", "enum": lists.OTHER_LISTS}),
        PERIOD,
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of({"type": "object"}),
)
def picture_records(request: HttpRequest, name: str) -> JsonResponse:
    if name not in lists.OTHER_LISTS:
        raise Http404("No such list.")
    if not lists.may_see(name, request.user):
        raise Http404("No such list.")
    scope, error = _scope(request)
    if error:
        return error
    return paginated(request, lists.items(name, scope), lambda item: lists.as_json(name, item, request))


KPI = nullable(DECIMAL)
SERVICE = obj(
    {
        "reference": STRING,
        "name": STRING,
        "organisation": STRING,
        "programme": nullable(UUID),
        "phase": STRING,
        "users": STRING,
        "category": STRING,
        "illustrative": BOOLEAN,
        "latest": nullable(
            obj(
                {
                    "period": STRING,
                    "transactions": nullable(INTEGER),
                    "digital_transactions": nullable(INTEGER),
                    "cost_per_transaction": KPI,
                    "user_satisfaction": KPI,
                    "completion_rate": KPI,
                    "digital_take_up": KPI,
                }
            )
        ),
        "url": STRING,
    }
)
PERFORMANCE = obj(
    {
        "period": STRING,
        "transactions": nullable(INTEGER),
        "digital_transactions": nullable(INTEGER),
        "cost_per_transaction": KPI,
        "digital_cost_per_transaction": KPI,
        "user_satisfaction": KPI,
        "completion_rate": KPI,
        "digital_take_up": KPI,
    }
)


def performance_json(row) -> dict:
    return {
        "period": row.period.label,
        "transactions": row.transactions,
        "digital_transactions": row.digital_transactions,
        "cost_per_transaction": row.cost_per_transaction,
        "digital_cost_per_transaction": row.digital_cost_per_transaction,
        "user_satisfaction": row.user_satisfaction,
        "completion_rate": row.completion_rate,
        "digital_take_up": row.digital_take_up,
    }


def service_json(request: HttpRequest, service, latest=None) -> dict:
    return {
        "reference": service.slug,
        "name": service.name,
        "organisation": service.organisation.slug,
        "programme": str(service.programme.public_id) if service.programme_id else None,
        "phase": service.phase,
        "users": service.users,
        "category": service.category,
        "illustrative": service.illustrative,
        "latest": {k: v for k, v in performance_json(latest).items() if k != "digital_cost_per_transaction"}
        if latest
        else None,
        "url": request.build_absolute_uri(service.get_absolute_url()),
    }


@endpoint(
    "core.public",
    path="/api/v1/services",
    summary="Public services with their latest quarter's performance",
    parameters=[
        query("organisation", "Owner body's slug."),
        query("sector", "Owner body's sector.", {"type": "string", "enum": list(Sector.values)}),
        query("phase", "Phase.", {"type": "string", "enum": list(ServicePhase.values)}),
        query("q", "Name contains."),
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(SERVICE),
)
def services(request: HttpRequest) -> JsonResponse:
    items = selectors.service_list(
        user=request.user,
        organisation=request.GET.get("organisation", "").strip(),
        sector=request.GET.get("sector", "").strip(),
        phase=request.GET.get("phase", "").strip(),
        query=request.GET.get("q", "").strip(),
    )
    # Paginate the ids first, then fetch the page's latest figures in one query.
    response = paginated(request, items, lambda s: {"pk": s.pk})
    if response.status_code != 200:
        return response
    data = json_module.loads(response.content)
    page = list(items.filter(pk__in=[r["pk"] for r in data["results"]]))
    latest = selectors.latest_performance(services=items.filter(pk__in=[s.pk for s in page]))
    order = {r["pk"]: i for i, r in enumerate(data["results"])}
    page.sort(key=lambda s: order[s.pk])
    data["results"] = [service_json(request, s, latest.get(s.pk)) for s in page]
    return json(data)


@endpoint(
    "core.public",
    path="/api/v1/services/{reference}",
    summary="One public service and its performance in every quarter",
    parameters=[path_param("reference", "The service's reference.", {"type": "string"})],
    response=obj({**SERVICE["properties"], "performance": {"type": "array", "items": PERFORMANCE}}),
)
def service(request: HttpRequest, reference: str) -> JsonResponse:
    try:
        item = selectors.service_for_user(user=request.user, slug=reference)
    except Http404:
        return json({"error": "not found", "detail": "No such service."}, status=404)
    rows = selectors.service_performance(service=item)
    data = service_json(request, item, rows[-1] if rows else None)
    data["performance"] = [performance_json(r) for r in rows]
    return json(data)
