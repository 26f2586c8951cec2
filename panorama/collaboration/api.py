"""/api/v1/forums, /challenges, /platforms, /overlaps.

Forums, challenges (with each round's funnel) and platforms (with their adopters) are public; a
forum's member list needs a sign-in; overlaps are for analysts, auditors and the bodies involved.
"""

import json

from django.http import HttpRequest, JsonResponse

from panorama.accounts import permissions
from panorama.api.framework import (
    BOOLEAN,
    DATE,
    DECIMAL,
    INTEGER,
    NUMBER,
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
from panorama.api.framework import json as json_response

from . import selectors
from .models import ChallengeStage, OverlapStatus

ORG = obj({"slug": STRING, "name": STRING, "sector": STRING})
MEMBER = obj({"name": STRING, "organisation": STRING, "sector": STRING, "role": STRING})
FORUM = obj(
    {
        "slug": STRING,
        "name": STRING,
        "purpose": STRING,
        "sectors": obj({"public sector": INTEGER, "industry": INTEGER, "third sector": INTEGER}),
        "members": nullable({"type": "array", "items": MEMBER}),
        "meetings": INTEGER,
        "open_actions": INTEGER,
        "owned_commitments": {
            "type": "array",
            "items": obj({"commitment": UUID, "reference": STRING, "action": STRING, "status": STRING}),
        },
        "illustrative": BOOLEAN,
        "url": STRING,
    }
)
FUNNEL = obj(
    {
        "round": STRING,
        "name": STRING,
        "challenges": INTEGER,
        "applications": INTEGER,
        "shortlisted": INTEGER,
        "exploration_teams": INTEGER,
        "accelerator_teams": INTEGER,
        "adopted": INTEGER,
        "adoption_rate": nullable(NUMBER),
    }
)
CHALLENGE = obj(
    {
        "id": UUID,
        "title": STRING,
        "round": STRING,
        "sponsor": ORG,
        "problem": STRING,
        "budget": nullable(DECIMAL),
        "stage": STRING,
        "applications": INTEGER,
        "exploration_teams": INTEGER,
        "illustrative": BOOLEAN,
        "url": STRING,
    }
)
CHALLENGES = obj({**list_of(CHALLENGE)["properties"], "funnel": {"type": "array", "items": FUNNEL}})
PLATFORM = obj(
    {
        "slug": STRING,
        "name": STRING,
        "kind": STRING,
        "owner": nullable(ORG),
        "adopter_count": INTEGER,
        "adopters": {
            "type": "array",
            "items": obj({**ORG["properties"], "adopted_on": DATE, "status": STRING}),
        },
        "programmes": {"type": "array", "items": obj({"id": UUID, "title": STRING, "organisation": STRING})},
        "url": STRING,
    }
)
PROGRAMME = obj({"id": UUID, "title": STRING, "organisation": ORG})
OVERLAP = obj(
    {
        "id": UUID,
        "programme_a": PROGRAMME,
        "programme_b": PROGRAMME,
        "score": NUMBER,
        "text_similarity": NUMBER,
        "reasons": {"type": "array", "items": STRING},
        "status": STRING,
        "note": STRING,
        "decided_at": nullable(STRING),
    }
)


def _org(o) -> dict | None:
    return None if o is None else {"slug": o.slug, "name": o.name, "sector": o.sector}


@endpoint(
    "core.public",
    path="/api/v1/forums",
    summary="Cross-sector forums, the commitments they own, and (signed in) their members",
    parameters=[PAGE, PAGE_SIZE],
    response=list_of(FORUM),
)
def forums(request: HttpRequest) -> JsonResponse:
    signed_in = permissions.signed_in(request.user)

    def serialise(forum) -> dict:
        sectors = selectors.forum_sectors(forum=forum)
        return {
            "slug": forum.slug,
            "name": forum.name,
            "purpose": forum.purpose,
            "sectors": {group: len(bodies) for group, bodies in sectors.items()},
            "members": [
                {
                    "name": seat.person.full_name,
                    "organisation": seat.organisation.name,
                    "sector": seat.organisation.sector,
                    "role": seat.role,
                }
                for seat in selectors.forum_members(forum=forum)
            ]
            if signed_in
            else None,
            "meetings": forum.meetings.count(),
            "open_actions": forum.open_actions,
            "owned_commitments": [
                {
                    "commitment": str(a.commitment.public_id),
                    "reference": a.commitment.reference,
                    "action": a.title,
                    "status": a.status,
                }
                for a in selectors.action_list(forum=forum, owned_only=True)
            ],
            "illustrative": forum.illustrative,
            "url": request.build_absolute_uri(forum.get_absolute_url()),
        }

    return paginated(request, selectors.forum_list(), serialise)


@endpoint(
    "core.public",
    path="/api/v1/challenges",
    summary="Innovation challenges, with the funnel counts for every round",
    parameters=[
        query("round", "Only this round (its slug)."),
        query(
            "stage", "Only challenges at this stage.", {"type": "string", "enum": list(ChallengeStage.values)}
        ),
        PAGE,
        PAGE_SIZE,
    ],
    response=CHALLENGES,
)
def challenges(request: HttpRequest) -> JsonResponse:
    round_slug = request.GET.get("round", "")
    round_ = selectors.round_list().filter(slug=round_slug).first() if round_slug else None
    if round_slug and round_ is None:
        return bad_request(f"There is no round {round_slug!r}.")
    stage = request.GET.get("stage", "")
    if stage and stage not in ChallengeStage.values:
        return bad_request(f"stage must be one of: {', '.join(ChallengeStage.values)}.")
    items = selectors.challenge_list(round=round_, stage=stage)
    response = paginated(
        request,
        items,
        lambda c: {
            "id": str(c.public_id),
            "title": c.title,
            "round": c.round.slug,
            "sponsor": _org(c.sponsor),
            "problem": c.problem,
            "budget": c.budget,
            "stage": c.stage,
            "applications": c.application_count,
            "exploration_teams": c.exploration_count,
            "illustrative": c.illustrative,
            "url": request.build_absolute_uri(c.get_absolute_url()),
        },
    )
    if response.status_code != 200:
        return response
    body = json.loads(response.content)
    rounds = [round_] if round_ else None
    body["funnel"] = [f.as_dict() for f in selectors.funnel_by_round(rounds=rounds)]
    return json_response(body)


@endpoint(
    "core.public",
    path="/api/v1/platforms",
    summary="Shared platforms, with the bodies that use them and the programmes that build on them",
    parameters=[query("kind", "Only this kind (identity, payments, cloud, …)."), PAGE, PAGE_SIZE],
    response=list_of(PLATFORM),
)
def platforms(request: HttpRequest) -> JsonResponse:
    def serialise(p) -> dict:
        return {
            "slug": p.slug,
            "name": p.name,
            "kind": p.kind,
            "owner": _org(p.owner),
            "adopter_count": p.adopter_count,
            "adopters": [
                {**_org(a.organisation), "adopted_on": a.adopted_on, "status": a.status}
                for a in selectors.platform_adoptions(platform=p)
            ],
            "programmes": [
                {"id": str(prog.public_id), "title": prog.title, "organisation": prog.organisation.slug}
                for prog in selectors.platform_programmes(platform=p)
            ],
            "url": request.build_absolute_uri(f"/collaboration/platforms/{p.slug}/"),
        }

    return paginated(request, selectors.platform_list(kind=request.GET.get("kind", "")), serialise)


@endpoint(
    "core.signed_in",
    path="/api/v1/overlaps",
    summary="Collaboration opportunities: programme pairs with the reason and the analysts' decision "
    "(analysts and auditors see all; others the pairs involving their bodies)",
    parameters=[
        query("status", "Only this status.", {"type": "string", "enum": list(OverlapStatus.values)}),
        query("organisation", "Only pairs involving this body (its slug)."),
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(OVERLAP),
)
def overlaps(request: HttpRequest) -> JsonResponse:
    status = request.GET.get("status", "")
    if status and status not in OverlapStatus.values:
        return bad_request(f"status must be one of: {', '.join(OverlapStatus.values)}.")
    items = selectors.overlap_list(
        user=request.user, status=status, organisation=request.GET.get("organisation", "")
    )

    def programme(p) -> dict:
        return {"id": str(p.public_id), "title": p.title, "organisation": _org(p.organisation)}

    return paginated(
        request,
        items,
        lambda o: {
            "id": str(o.public_id),
            "programme_a": programme(o.programme_a),
            "programme_b": programme(o.programme_b),
            "score": round(o.score, 4),
            "text_similarity": round(o.text_similarity, 4),
            "reasons": o.reasons,
            "status": o.status,
            "note": o.note,
            "decided_at": o.decided_at,
        },
    )
