import uuid

from django.http import HttpRequest, JsonResponse
from django.urls import reverse

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
from panorama.core.answers import public_answer
from panorama.organisations.models import Sector

from . import selectors
from .models import (
    Confidence,
    LinkKind,
    Phase,
    Programme,
    cost_variance,
    is_major,
    schedule_slip_days,
)

PROGRAMME = obj(
    {
        "id": UUID,
        "title": STRING,
        "organisation": STRING,
        "organisation_name": STRING,
        "sector": STRING,
        "phase": {"type": "string", "enum": list(Phase.values)},
        "confidence": {"type": "string", "enum": list(Confidence.values)},
        "confidence_reason": STRING,
        "major": BOOLEAN,
        "high_risk": BOOLEAN,
        "wlc_baseline": nullable(DECIMAL),
        "wlc_forecast": nullable(DECIMAL),
        "cost_variance": nullable(DECIMAL),
        "start_baseline": nullable(DATE),
        "start_forecast": nullable(DATE),
        "end_baseline": nullable(DATE),
        "end_forecast": nullable(DATE),
        "schedule_slip_days": nullable(INTEGER),
        "sro": STRING,
        "last_update": nullable(DATE),
        "illustrative": BOOLEAN,
        "reference": {
            **STRING,
            "description": "Its own reference in the source it came from (re-imports match on it).",
        },
        "collection": {
            **nullable(STRING),
            "description": "The imported collection it belongs to (its slug), or null for the bodies Panorama serves.",
        },
        "url": STRING,
    }
)
UPDATE = obj(
    {
        "period": STRING,
        "confidence": STRING,
        "phase": STRING,
        "milestones_met": INTEGER,
        "milestones_missed": INTEGER,
        "wlc_forecast": nullable(DECIMAL),
        "end_forecast": nullable(DATE),
        "narrative": {
            **nullable(STRING),
            "description": "Null unless you may see the body's restricted data.",
        },
        "top_risks": {
            **nullable(STRING),
            "description": "Null unless you may see the body's restricted data.",
        },
    }
)
PROGRAMME_DETAIL = {
    "allOf": [
        PROGRAMME,
        obj(
            {
                "summary": STRING,
                "users": STRING,
                "source": STRING,
                "partners": {"type": "array", "items": STRING},
                "commitments": {
                    "type": "array",
                    "items": obj({"id": UUID, "strategy": STRING, "reference": STRING}),
                },
                "platforms": {"type": "array", "items": STRING},
                "tags": {"type": "array", "items": STRING},
                "updates": {"type": "array", "items": UPDATE},
                "rebaselines": {
                    "type": "array",
                    "items": obj(
                        {
                            "agreed_on": DATE,
                            "wlc": nullable(DECIMAL),
                            "end_date": nullable(DATE),
                            "reason": STRING,
                        }
                    ),
                },
                "links": {
                    "type": "array",
                    "items": obj(
                        {
                            "kind": {"type": "string", "enum": list(LinkKind.values)},
                            "direction": STRING,
                            "programme": UUID,
                        }
                    ),
                },
            }
        ),
    ]
}

FILTERS = [
    query("q", "Title, summary, SRO or body contains."),
    query("organisation", "The owning body's slug."),
    query("sector", "The owning body's sector.", {"type": "string", "enum": list(Sector.values)}),
    query("commitment", "Serves this commitment (its id).", UUID),
    query("phase", "Lifecycle phase.", {"type": "string", "enum": list(Phase.values)}),
    query("confidence", "Delivery confidence.", {"type": "string", "enum": list(Confidence.values)}),
    query(
        "major",
        "Major programmes only (yes) or none of them (no).",
        {"type": "string", "enum": ["yes", "no"]},
    ),
    query("platform", "Uses this shared platform (its slug)."),
    query("tag", "Has this tag."),
    query(
        "collection",
        "An imported collection's slug, or 'all'; by default only the bodies Panorama serves.",
    ),
    query(
        "sort",
        "Order of results.",
        {"type": "string", "enum": list(selectors.SORTS)},
    ),
]


_NO_ID = uuid.UUID(int=0)


def _summary(row: dict, url: str) -> dict:
    """A programme's summary from its SUMMARY_COLUMNS, with `major`, `cost_variance` and
    `schedule_slip_days` from the functions the model's own properties use."""
    baseline, forecast = row["wlc_baseline"], row["wlc_forecast"]
    variance = cost_variance(baseline=baseline, forecast=forecast)
    end_baseline, end_forecast = row["end_baseline"], row["end_forecast"]
    return {
        "id": str(row["public_id"]),
        "title": row["title"],
        "organisation": row["organisation__slug"],
        "organisation_name": row["organisation__name"],
        "sector": row["organisation__sector"],
        "phase": row["phase"],
        "confidence": row["confidence"],
        "confidence_reason": row["confidence_reason"],
        "major": is_major(
            baseline=baseline,
            forecast=forecast,
            high_risk=row["high_risk"],
            all_major=bool(row["organisation__collection__all_major"]),
        ),
        "high_risk": row["high_risk"],
        "wlc_baseline": baseline,
        "wlc_forecast": forecast,
        "cost_variance": round(variance, 4) if variance is not None else None,
        "start_baseline": row["start_baseline"],
        "start_forecast": row["start_forecast"],
        "end_baseline": end_baseline,
        "end_forecast": end_forecast,
        "schedule_slip_days": schedule_slip_days(baseline=end_baseline, forecast=end_forecast),
        "sro": row["sro"],
        "last_update": row["last_update"],
        "illustrative": row["illustrative"],
        "reference": row["external_ref"],
        "collection": row["organisation__collection__slug"],
        "url": url,
    }


def _attribute(obj, path: str):
    """`organisation__collection__slug` read from the instance as .values() reads it from the row."""
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def programme_json(request: HttpRequest, p: Programme) -> dict:
    row = {name: _attribute(p, name) for name in selectors.SUMMARY_COLUMNS}
    return _summary(row, request.build_absolute_uri(p.get_absolute_url()))


@endpoint(
    "core.public",
    path="/api/v1/programmes",
    summary="The programme register, with the register page's filters",
    parameters=[*FILTERS, PAGE, PAGE_SIZE],
    response=list_of(PROGRAMME),
)
@public_answer("register")
def programmes(request: HttpRequest) -> JsonResponse:
    filters = register_filters(request)
    if isinstance(filters, JsonResponse):
        return filters
    rows = selectors.programme_summaries(filters=filters)
    # Every programme's address is the same but for its id: made once, not reversed per row.
    address = request.build_absolute_uri(reverse("programmes:detail", kwargs={"public_id": _NO_ID}))
    before, after = address.split(str(_NO_ID))
    return paginated(request, rows, lambda row: _summary(row, f"{before}{row['public_id']}{after}"))


ENUMS = {
    "sector": list(Sector.values),
    "phase": list(Phase.values),
    "confidence": list(Confidence.values),
    "major": ["yes", "no"],
    "sort": list(selectors.SORTS),
}


def register_filters(request: HttpRequest) -> selectors.RegisterFilters | JsonResponse:
    """The page's filters from the query string. Enumerated values and ids must be well formed
    (400 otherwise); a body, platform or tag that does not exist simply matches nothing."""
    values = {name: request.GET.get(name, "").replace("\x00", "").strip() for name in FILTER_NAMES}
    problems = [
        {"parameter": name, "problem": f"Use one of: {', '.join(allowed)}."}
        for name, allowed in ENUMS.items()
        if name in request.GET and values[name] not in allowed
    ]
    if "commitment" in request.GET:
        try:
            values["commitment"] = str(uuid.UUID(values["commitment"]))
        except ValueError:
            problems.append({"parameter": "commitment", "problem": "Give the commitment's id, a UUID."})
    if problems:
        return bad_request("Some filters are not valid.", problems)
    return selectors.RegisterFilters(**{k: v for k, v in values.items() if v})


FILTER_NAMES = [
    "q",
    "organisation",
    "sector",
    "commitment",
    "phase",
    "confidence",
    "major",
    "platform",
    "tag",
    "collection",
    "sort",
]


@endpoint(
    "core.public",
    path="/api/v1/programmes/{id}",
    summary="One programme, with its quarterly history, rebaselines and links",
    parameters=[path_param("id", "The programme's id.")],
    response=PROGRAMME_DETAIL,
)
def programme(request: HttpRequest, public_id) -> JsonResponse:
    p = selectors.programme_get(public_id=public_id)
    restricted = selectors.can_see_restricted(user=request.user, programme=p)
    data = programme_json(request, p)
    outgoing, incoming = selectors.programme_links(programme=p)
    data.update(
        {
            "summary": p.summary,
            "users": p.users,
            "source": p.source,
            "partners": [o.slug for o in p.partners.all()],
            "commitments": [
                {"id": str(c.public_id), "strategy": c.ambition.strategy.slug, "reference": c.reference}
                for c in p.commitments.all()
            ],
            "platforms": [pl.slug for pl in p.platforms.all()],
            "tags": [t.name for t in p.tags.all()],
            "updates": [
                {
                    "period": u.period.label,
                    "confidence": u.confidence,
                    "phase": u.phase,
                    "milestones_met": u.milestones_met,
                    "milestones_missed": u.milestones_missed,
                    "wlc_forecast": u.wlc_forecast,
                    "end_forecast": u.end_forecast,
                    "narrative": u.narrative if restricted else None,
                    "top_risks": u.top_risks if restricted else None,
                }
                for u in selectors.programme_updates(programme=p)
            ],
            "rebaselines": [
                {"agreed_on": r.agreed_on, "wlc": r.wlc, "end_date": r.end_date, "reason": r.reason}
                for r in p.rebaselines.all()
            ],
            "links": [
                {"kind": link.kind, "direction": "outgoing", "programme": str(link.target.public_id)}
                for link in outgoing
            ]
            + [
                {"kind": link.kind, "direction": "incoming", "programme": str(link.source.public_id)}
                for link in incoming
            ],
        }
    )
    return json(data)
