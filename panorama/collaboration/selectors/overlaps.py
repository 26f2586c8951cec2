"""Reading the overlap finder's collaboration opportunities. Analysts and auditors see every pair;
a body's people see the pairs that involve their body; nobody else sees any."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.permissions import Person

from ..models import Overlap, OverlapStatus


def overlap_list(
    *, user: Person, status: str = "", organisation: str = "", query: str = ""
) -> QuerySet[Overlap]:
    overlaps = Overlap.objects.select_related(
        "programme_a__organisation", "programme_b__organisation", "decided_by"
    )
    visible = permissions.visible_organisation_ids(user)
    if visible is not None:
        overlaps = overlaps.filter(
            Q(programme_a__organisation__in=visible) | Q(programme_b__organisation__in=visible)
        )
    if status:
        overlaps = overlaps.filter(status=status)
    if organisation:
        overlaps = overlaps.filter(
            Q(programme_a__organisation__slug=organisation) | Q(programme_b__organisation__slug=organisation)
        )
    if query:
        overlaps = overlaps.filter(
            Q(programme_a__title__icontains=query) | Q(programme_b__title__icontains=query)
        )
    return overlaps.order_by("-score", "id")


def _root(parent: dict[int, int], x: int) -> int:
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def overlap_groups(*, overlaps: QuerySet[Overlap], limit: int = 12) -> list[dict]:
    """Programmes linked by overlaps, gathered into groups: "these N bodies are each building the same
    thing". Confirmed pairs form their own groups (first), pairs still to review theirs; dismissed
    pairs join nothing."""
    pairs = list(overlaps.filter(status__in=[OverlapStatus.CONFIRMED, OverlapStatus.OPEN]))
    groups = []
    for status in (OverlapStatus.CONFIRMED, OverlapStatus.OPEN):
        parent: dict[int, int] = {}
        programmes = {}
        for overlap in pairs:
            if overlap.status != status:
                continue
            programmes[overlap.programme_a_id] = overlap.programme_a
            programmes[overlap.programme_b_id] = overlap.programme_b
            parent[_root(parent, overlap.programme_a_id)] = _root(parent, overlap.programme_b_id)
        members: dict[int, list] = {}
        for pk, programme in programmes.items():
            members.setdefault(_root(parent, pk), []).append(programme)
        for items in members.values():
            bodies = {p.organisation_id for p in items}
            if len(bodies) < 3:
                continue
            items.sort(key=lambda p: (p.organisation.name, p.title))
            groups.append(
                {"programmes": items, "bodies": len(bodies), "confirmed": status == OverlapStatus.CONFIRMED}
            )
    groups.sort(key=lambda g: (not g["confirmed"], -g["bodies"], g["programmes"][0].title))
    return groups[:limit]


def overlap_can_see(*, user: Person, overlap: Overlap) -> bool:
    return permissions.has(user, "organisations.view", overlap.programme_a.organisation) or permissions.has(
        user, "organisations.view", overlap.programme_b.organisation
    )


def overlap_for_user(*, user: Person, public_id) -> Overlap:
    try:
        overlap = Overlap.objects.select_related(
            "programme_a__organisation", "programme_b__organisation", "decided_by"
        ).get(public_id=public_id)
    except (Overlap.DoesNotExist, ValueError):
        raise Http404("No such overlap.") from None
    if not overlap_can_see(user=user, overlap=overlap):
        raise Http404("No such overlap.")
    return overlap


def overlap_for_deciding(*, user: Person, public_id) -> Overlap:
    overlap = overlap_for_user(user=user, public_id=public_id)
    if not permissions.has(user, "collaboration.manage"):
        raise PermissionDenied("Only portfolio analysts confirm or dismiss overlaps.")
    return overlap


def overlaps_for_programme(*, programme) -> QuerySet[Overlap]:
    return Overlap.objects.filter(Q(programme_a=programme) | Q(programme_b=programme)).exclude(
        status="dismissed"
    )
