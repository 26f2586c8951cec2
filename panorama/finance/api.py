"""/api/v1/finance/summary and /api/v1/legacy-systems. Money is a decimal string in pounds."""

from django.http import Http404, HttpRequest, JsonResponse

from panorama.accounts import permissions
from panorama.api.framework import (
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
    query,
)
from panorama.core.models import Period, PeriodKind
from panorama.core.periods import parse_label
from panorama.organisations.models import Organisation, Sector

from . import selectors
from .models import LegacySystem, LineType


def _nul_problem(request: HttpRequest) -> JsonResponse | None:
    # A NUL character can never be part of a slug, year or search, and PostgreSQL refuses it.
    if any("\x00" in value for values in request.GET.lists() for value in values[1]):
        return bad_request("Query parameters cannot contain NUL characters.")
    return None


NO_NUL = {"type": "string", "pattern": r"^[^\u0000]*$"}

SUMMARY = obj(
    {
        "year": nullable(STRING),
        "basis": STRING,
        "sector": nullable(STRING),
        "organisation": nullable(STRING),
        "run": DECIMAL,
        "change": DECIMAL,
        "total": DECIMAL,
        "run_share": nullable(DECIMAL),
        "required": DECIMAL,
        "available": DECIMAL,
        "gap": DECIMAL,
    }
)


@endpoint(
    "core.public",
    path="/api/v1/finance/summary",
    summary="Digital spend (run and change) and funding (required, available, gap) for a year",
    parameters=[
        query(
            "year",
            "Financial year, like 2025-26 (default: the latest year of actuals).",
            {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
        ),
        query("sector", "Only this sector.", {"type": "string", "enum": list(Sector.values)}),
        query(
            "organisation",
            "One body's slug: only for its own people, analysts and auditors (404 to anyone else).",
            NO_NUL,
        ),
        query(
            "basis",
            "Which lines to add up (default actual).",
            {"type": "string", "enum": list(LineType.values)},
        ),
    ],
    response=SUMMARY,
)
def finance_summary(request: HttpRequest) -> JsonResponse:
    if refused := _nul_problem(request):
        return refused
    basis = request.GET.get("basis", LineType.ACTUAL)
    if basis not in LineType.values:
        return bad_request(f"basis must be one of {', '.join(LineType.values)}.")
    sector = request.GET.get("sector", "").strip()
    if sector and sector not in Sector.values:
        return bad_request(f"sector must be one of: {', '.join(Sector.values)}.")
    organisation = None
    if slug := request.GET.get("organisation", "").strip():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None or not permissions.has(request.user, "finance.view_body", organisation):
            raise Http404("No such public body, or its figures are not yours to see.")
    label = request.GET.get("year", "").strip()
    if label:
        try:
            year, quarter = parse_label(label)
        except ValueError as exc:
            # Well formed (the pattern) but no such year, like 2024-26.
            raise Http404(str(exc)) from None
        if quarter is not None:
            return bad_request("year must be a financial year like 2025-26, not a quarter.")
        period = Period.objects.filter(kind=PeriodKind.YEAR, year=year).first()
    else:
        period = selectors.finance_default_year(basis=basis)
    summary = selectors.finance_summary(period=period, basis=basis, sector=sector, organisation=organisation)
    return json(
        {
            "year": period.label if period else (label or None),
            "basis": basis,
            "sector": sector or None,
            "organisation": organisation.slug if organisation else None,
            "run": summary.run,
            "change": summary.change,
            "total": summary.total,
            "run_share": summary.run_share,
            "required": summary.required,
            "available": summary.available,
            "gap": summary.gap,
        }
    )


LEGACY_SYSTEM = obj(
    {
        "id": UUID,
        "organisation": STRING,
        "name": STRING,
        "business_function": STRING,
        "technology": STRING,
        "supplier": STRING,
        "year_into_service": nullable(INTEGER),
        "contract_end": nullable(DATE),
        "end_of_support": nullable(DATE),
        "support_status": {"type": "string", "enum": list(selectors.LEGACY_STATUS_LABELS)},
        "annual_run_cost": DECIMAL,
        "risk": INTEGER,
        "users_affected": nullable(INTEGER),
        "replacing_programme": nullable(UUID),
        "illustrative": {"type": "boolean"},
    }
)


def legacy_system_json(system: LegacySystem) -> dict:
    return {
        "id": str(system.public_id),
        "organisation": system.organisation.slug,
        "name": system.name,
        "business_function": system.business_function,
        "technology": system.technology,
        "supplier": system.supplier,
        "year_into_service": system.year_into_service,
        "contract_end": system.contract_end,
        "end_of_support": system.end_of_support,
        "support_status": selectors.legacy_status(system),
        "annual_run_cost": system.annual_run_cost,
        "risk": system.risk,
        "users_affected": system.users_affected,
        "replacing_programme": str(system.replacing_programme.public_id)
        if system.replacing_programme
        else None,
        "illustrative": system.illustrative,
    }


@endpoint(
    "core.signed_in",
    path="/api/v1/legacy-systems",
    summary="Legacy systems of the bodies whose register you may see (all, for analysts and auditors)",
    parameters=[
        query("organisation", "One body's slug.", NO_NUL),
        query("sector", "Only this sector.", {"type": "string", "enum": list(Sector.values)}),
        query(
            "status",
            "Vendor support: past, near (within PANORAMA_LEGACY_NEAR_MONTHS), past-or-near, supported or unknown.",
            {"type": "string", "enum": ["past", "near", "past-or-near", "supported", "unknown"]},
        ),
        query("risk", "Only risk at least this (1 to 5).", {"type": "integer", "minimum": 1, "maximum": 5}),
        query("no_replacement", "true: only systems with no replacing programme.", {"type": "boolean"}),
        query("q", "Name, business function, technology or supplier contains.", NO_NUL),
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(LEGACY_SYSTEM),
)
def legacy_systems(request: HttpRequest) -> JsonResponse:
    if refused := _nul_problem(request):
        return refused
    get = request.GET
    visible = selectors.visible_bodies(user=request.user)
    organisation = None
    if slug := get.get("organisation", "").strip():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None or not permissions.has(request.user, "finance.view_body", organisation):
            raise Http404("No such public body, or its register is not yours to see.")
    sector = get.get("sector", "").strip()
    if sector and sector not in Sector.values:
        return bad_request(f"sector must be one of: {', '.join(Sector.values)}.")
    status = get.get("status", "").strip()
    if status and status not in ("past", "near", "past-or-near", "supported", "unknown"):
        return bad_request("status must be past, near, past-or-near, supported or unknown.")
    risk = None
    if get.get("risk"):
        try:
            risk = int(get["risk"])
        except ValueError:
            risk = 0
        if not 1 <= risk <= 5:
            return bad_request("risk must be a whole number from 1 to 5.")
    no_replacement = get.get("no_replacement", "").lower()
    if no_replacement not in ("", "true", "false"):
        return bad_request("no_replacement must be true or false.")
    systems = selectors.legacy_systems(
        visible=visible,
        organisation=organisation,
        sector=sector,
        status=status,
        risk_at_least=risk,
        no_replacement=no_replacement == "true",
        query=get.get("q", "").strip(),
    )
    return paginated(request, systems, legacy_system_json)
