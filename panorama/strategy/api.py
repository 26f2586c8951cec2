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
from .models import Commitment, CommitmentKind, CommitmentStatus

COMMITMENT = obj(
    {
        "id": UUID,
        "strategy": STRING,
        "part": STRING,
        "reference": STRING,
        "text": STRING,
        "kind": {"type": "string", "enum": list(CommitmentKind.values)},
        "owner": nullable(STRING),
        "accountable_person": STRING,
        "unowned": BOOLEAN,
        "status": {"type": "string", "enum": list(CommitmentStatus.values)},
        "target_date": nullable(DATE),
        "last_updated": nullable(DATE),
        "programme_count": INTEGER,
        "illustrative": BOOLEAN,
        "url": STRING,
    }
)


def commitment_json(request: HttpRequest, c: Commitment) -> dict:
    return {
        "id": str(c.public_id),
        "strategy": c.ambition.strategy.slug,
        "part": c.ambition.title,
        "reference": c.reference,
        "text": c.text,
        "kind": c.kind,
        "owner": c.owner.slug if c.owner else None,
        "accountable_person": c.accountable_person,
        "unowned": c.is_unowned,
        "status": c.status,
        "target_date": c.target_date,
        "last_updated": c.last_updated,
        "programme_count": c.programme_count,
        "illustrative": c.illustrative,
        "url": request.build_absolute_uri(c.get_absolute_url()),
    }


@endpoint(
    "core.public",
    path="/api/v1/commitments",
    summary="Strategy commitments, with the commitments page's filters",
    parameters=[
        query("q", "Words in the commitment, or its reference."),
        query("strategy", "The strategy's slug."),
        query("status", "Status.", {"type": "string", "enum": list(CommitmentStatus.values)}),
        query(
            "kind",
            "Deliverable or statement of ambition.",
            {"type": "string", "enum": list(CommitmentKind.values)},
        ),
        query("owner", "The owning body's slug."),
        query(
            "unowned",
            "Only those the picture counts as unowned (figure commitments.unowned): open, with no owning "
            "body or no accountable person, and no forum that has taken ownership.",
            BOOLEAN,
        ),
        query("without_programme", "Only those no programme serves.", BOOLEAN),
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(COMMITMENT),
)
def commitments(request: HttpRequest) -> JsonResponse:
    """Enumerated values must be valid (400 otherwise); a strategy or body that does not exist
    simply matches nothing."""
    values: dict = {
        name: request.GET.get(name, "").replace("\x00", "").strip() for name in ("q", "strategy", "owner")
    }
    problems = []
    for name, allowed in (("status", CommitmentStatus.values), ("kind", CommitmentKind.values)):
        value = request.GET.get(name, "")
        if name in request.GET and value not in allowed:
            problems.append({"parameter": name, "problem": f"Use one of: {', '.join(allowed)}."})
        values[name] = value
    for name in ("unowned", "without_programme"):
        given = request.GET.getlist(name)
        if any(value not in ("true", "false") for value in given):
            problems.append({"parameter": name, "problem": "Write true or false."})
        values[name] = "true" in given
    if problems:
        return bad_request("Some filters are not valid.", problems)
    filters = selectors.CommitmentFilters(**{k: v for k, v in values.items() if v})
    return paginated(
        request, selectors.commitment_list(filters=filters), lambda c: commitment_json(request, c)
    )
