import datetime

from django.http import HttpRequest, JsonResponse

from panorama.api.framework import (
    BOOLEAN,
    DATE,
    INTEGER,
    PAGE,
    PAGE_SIZE,
    STRING,
    UUID,
    bad_request,
    endpoint,
    list_of,
    nullable,
    obj,
    paginated,
    query,
)

from . import selectors
from .forms import PUBLIC_SECTORS
from .models import Category, Stance

TECHNOLOGY = obj(
    {
        "slug": STRING,
        "name": STRING,
        "description": STRING,
        "category": {**STRING, "enum": list(Category.values), "description": "The radar's quadrant."},
        "ring": nullable(
            {
                **STRING,
                "enum": list(selectors.RINGS),
                "description": "Where the bodies' stances place it today (adopt, trial, assess, hold); null when no "
                "body has a stance you may see.",
            }
        ),
        "bodies": {**INTEGER, "description": "Bodies with a stance on it that you may see."},
        "stances": obj({s.value: INTEGER for s in Stance}),
        "standards": {"type": "array", "items": obj({"title": STRING, "url": STRING})},
        "risks": obj({"data_protection": STRING, "bias": STRING, "lock_in": STRING, "security": STRING}),
        "guidance": STRING,
        "illustrative": BOOLEAN,
        "url": STRING,
    }
)
STANCE = obj(
    {
        "id": UUID,
        "technology": STRING,
        "organisation": STRING,
        "organisation_name": STRING,
        "sector": STRING,
        "stance": {**STRING, "enum": list(Stance.values)},
        "since": DATE,
        "programmes": {"type": "array", "items": UUID},
        "note": STRING,
        "internal": {
            **BOOLEAN,
            "description": "Internal stances are given only to the body's people and the central team.",
        },
        "illustrative": BOOLEAN,
    }
)
SECTOR = query(
    "sector", "Only bodies in this sector.", {"type": "string", "enum": [s.value for s in PUBLIC_SECTORS]}
)


@endpoint(
    "core.public",
    path="/api/v1/technologies",
    summary="The technology radar: each technology, its ring and how many bodies hold each stance",
    parameters=[
        query("category", "Only this quadrant.", {"type": "string", "enum": list(Category.values)}),
        SECTOR,
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(TECHNOLOGY),
)
def technologies(request: HttpRequest) -> JsonResponse:
    sector = request.GET.get("sector", "")
    blips = {
        b.technology.pk: b
        for b in selectors.radar(user=request.user, as_of=datetime.date.today(), sector=sector)
    }

    def serialise(t) -> dict:
        blip = blips.get(t.pk)
        return {
            "slug": t.slug,
            "name": t.name,
            "description": t.description,
            "category": t.category,
            "ring": blip.ring if blip else None,
            "bodies": blip.bodies if blip else 0,
            "stances": blip.counts if blip else {s.value: 0 for s in Stance},
            "standards": [{"title": title, "url": url} for title, url in t.standard_list],
            "risks": {
                "data_protection": t.risk_data_protection,
                "bias": t.risk_bias,
                "lock_in": t.risk_lock_in,
                "security": t.risk_security,
            },
            "guidance": t.guidance,
            "illustrative": t.illustrative,
            "url": request.build_absolute_uri(t.get_absolute_url()),
        }

    return paginated(request, selectors.technology_list(category=request.GET.get("category", "")), serialise)


@endpoint(
    "core.public",
    path="/api/v1/technologies/stances",
    summary="Where each body stands on each technology: public stances for everyone, internal ones for the body's people and the central team",
    parameters=[
        query("technology", "Only this technology (its slug)."),
        query("organisation", "Only this body (its slug)."),
        query("stance", "Only this stance.", {"type": "string", "enum": list(Stance.values)}),
        SECTOR,
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(STANCE),
)
def stances(request: HttpRequest) -> JsonResponse:
    found = selectors.stances_for_user(user=request.user, sector=request.GET.get("sector", ""))
    slug = request.GET.get("technology", "")
    if slug:
        technology = selectors.technology_list().filter(slug=slug).first()
        if technology is None:
            return bad_request(f"There is no technology {slug!r}: /api/v1/technologies lists them.")
        found = found.filter(technology=technology)
    if organisation := request.GET.get("organisation", ""):
        found = found.filter(organisation__slug=organisation)
    if stance := request.GET.get("stance", ""):
        found = found.filter(stance=stance)

    def serialise(s) -> dict:
        return {
            "id": str(s.public_id),
            "technology": s.technology.slug,
            "organisation": s.organisation.slug,
            "organisation_name": s.organisation.name,
            "sector": s.organisation.sector,
            "stance": s.stance,
            "since": s.since,
            "programmes": [str(p.public_id) for p in s.programmes.all()],
            "note": s.note,
            "internal": s.internal,
            "illustrative": s.illustrative,
        }

    return paginated(request, found.order_by("technology__name", "organisation__name", "pk"), serialise)
