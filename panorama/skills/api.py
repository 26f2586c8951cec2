from django.http import HttpRequest, JsonResponse

from panorama.api.framework import DECIMAL, STRING, bad_request, endpoint, json, nullable, obj, query
from panorama.organisations.models import Sector

from . import selectors

FAMILY_SUMMARY = obj(
    {
        "role_family": {**STRING, "description": "The role family's name."},
        "role_family_slug": STRING,
        "established": {**DECIMAL, "description": "Posts established (FTE)."},
        "filled": {**DECIMAL, "description": "Posts filled (FTE), by permanent staff or contractors."},
        "contractors": {
            **DECIMAL,
            "description": "Of the filled posts, FTE covered by contractors or interims.",
        },
        "vacancies": {**DECIMAL, "description": "Vacant posts (FTE): established = filled + vacancies."},
        "vacancy_rate": nullable({**DECIMAL, "description": "vacancies / established, 0 to 1."}),
        "contractor_share": nullable({**DECIMAL, "description": "contractors / filled, 0 to 1."}),
        "demand_next_4q": {
            **DECIMAL,
            "description": "FTE the programme pipeline needs in the busiest of the next four quarters.",
        },
    }
)
SUMMARY = obj(
    {
        "period": nullable(STRING),
        "sector": nullable(STRING),
        "organisation": nullable(STRING),
        "results": {"type": "array", "items": FAMILY_SUMMARY},
    }
)


@endpoint(
    "skills.view_analysis",
    path="/api/v1/skills/summary",
    summary="Digital and data workforce by role family: posts, vacancies, contractors and programme demand",
    parameters=[
        query(
            "period",
            "Financial year, e.g. 2025-26 (default: the latest with returns).",
            {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
        ),
        query("sector", "Only bodies in this sector.", {"type": "string", "enum": list(Sector.values)}),
        query(
            "organisation",
            "One body's return, by slug: only for that body's own people, analysts and auditors.",
        ),
    ],
    response=SUMMARY,
)
def skills_summary(request: HttpRequest) -> JsonResponse:
    label = request.GET.get("period", "").strip()
    if label:
        period = selectors.workforce_period_from_label(label)
        if period is None:
            # Well-formed (the framework checks the pattern) but no such year in the returns.
            return json(
                {
                    "error": "not found",
                    "detail": f"period {label!r} is not a financial year with workforce returns, e.g. 2025-26.",
                },
                status=404,
            )
    else:
        period = selectors.workforce_period_default()
    sector = request.GET.get("sector", "").strip()
    if sector and sector not in Sector.values:
        return bad_request(f"sector must be one of: {', '.join(Sector.values)}.")
    organisation_ids = None
    slug = request.GET.get("organisation", "").strip()
    if slug:
        # Raises Http404 for a body the person may not see: the same answer as for no such body.
        organisation = selectors.organisation_for_workforce(user=request.user, slug=slug)
        organisation_ids = {organisation.pk}
    rows = selectors.family_summary(period=period, sector=sector, organisation_ids=organisation_ids)
    return json(
        {
            "period": period.label if period else None,
            "sector": sector or None,
            "organisation": slug or None,
            "results": [
                {
                    "role_family": row.family.name,
                    "role_family_slug": row.family.slug,
                    "established": row.totals.established,
                    "filled": row.totals.filled,
                    "contractors": row.totals.contractors,
                    "vacancies": row.totals.vacancies,
                    "vacancy_rate": row.totals.vacancy_rate,
                    "contractor_share": row.totals.contractor_share,
                    "demand_next_4q": row.demand_next_4q,
                }
                for row in rows
            ],
        }
    )
