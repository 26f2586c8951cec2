"""Finding programmes in different bodies that appear to do the same thing, and recording what
analysts decide about them. A confirmed or dismissed pair keeps its decision when recomputed."""

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from panorama.accounts import permissions
from panorama.accounts.models import MemberRole, User
from panorama.core import audit, meaning
from panorama.core.notify import notify
from panorama.programmes.models import LinkKind, Programme, ProgrammeLink

from .. import similarity
from ..models import Overlap, OverlapStatus


@dataclass
class RecomputeResult:
    programmes: int = 0
    found: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    kept_decided: int = 0


def programme_items() -> list[similarity.Item]:
    programmes = (
        Programme.objects.active()
        .only("id", "organisation_id", "title", "summary", "users")
        .prefetch_related(
            Prefetch("commitments", to_attr="commitment_list"),
            Prefetch("platforms", to_attr="platform_list"),
            Prefetch("partners", to_attr="partner_list"),
        )
    )
    return [
        similarity.Item(
            key=p.pk,
            organisation=p.organisation_id,
            title=p.title,
            summary=p.summary,
            users=p.users,
            commitments={c.pk: f"{c.reference} {c.text[:80]}" for c in p.commitment_list},
            platforms={pl.pk: pl.name for pl in p.platform_list},
            partners=frozenset(o.pk for o in p.partner_list),
        )
        for p in programmes
    ]


def programme_meanings(items: list[similarity.Item]):
    """One meaning vector per item, in order: as stored (embedded again first where a text changed)."""
    meaning.embeddings_refresh(kind="programme", ids=[item.key for item in items])
    stored = meaning.vectors("programme", [item.key for item in items])
    missing = [item for item in items if item.key not in stored]
    if missing:  # only if a programme changed while this ran
        stored.update(
            zip(
                [i.key for i in missing],
                meaning.embed([f"{i.title}. {i.summary} {i.users}" for i in missing]),
                strict=True,
            )
        )
    return np.stack([stored[item.key] for item in items]) if items else None


def known_pairs() -> list[tuple[int, int]]:
    """Pairs the register already knows about, which the finder need not offer: two programmes
    linked to each other, and two that each declare an overlap with the same programme (boards
    joining one national system overlap it, and so each other, on purpose)."""
    pairs = list(ProgrammeLink.objects.values_list("source_id", "target_id"))
    joining: dict[int, list[int]] = {}
    for source, target in ProgrammeLink.objects.filter(kind=LinkKind.OVERLAPS).values_list(
        "source_id", "target_id"
    ):
        joining.setdefault(target, []).append(source)
    for sources in joining.values():
        pairs.extend(itertools.combinations(sorted(sources), 2))
    return pairs


def overlaps_recompute(*, actor: Any = None) -> RecomputeResult:
    """Run the finder over every active programme. New pairs are added to review; pairs still found
    get fresh scores and reasons; open pairs no longer found are removed; decided pairs stay."""
    items = programme_items()
    matches = similarity.find_overlaps(items, meaning=programme_meanings(items), exclude=known_pairs())
    result = RecomputeResult(programmes=len(items), found=len(matches))
    now = timezone.now()
    with transaction.atomic():
        existing = {(o.programme_a_id, o.programme_b_id): o for o in Overlap.objects.all()}
        seen = set()
        for match in matches:
            a, b = sorted((match.a, match.b))
            seen.add((a, b))
            overlap = existing.get((a, b))
            if overlap is None:
                overlap = Overlap(
                    programme_a_id=a,
                    programme_b_id=b,
                    score=match.score,
                    text_similarity=match.text_similarity,
                    reasons=match.reasons,
                    computed_at=now,
                )
                overlap.save()
                audit.record(actor=actor, action="collaboration.overlap.created", obj=overlap, before={})
                result.created += 1
            elif (overlap.score, overlap.reasons) != (match.score, match.reasons):
                Overlap.objects.filter(pk=overlap.pk).update(
                    score=match.score,
                    text_similarity=match.text_similarity,
                    reasons=match.reasons,
                    computed_at=now,
                )
                result.updated += 1
        for pair, overlap in existing.items():
            if pair in seen:
                continue
            if overlap.status == OverlapStatus.OPEN:
                audit.delete(
                    actor=actor, action="collaboration.overlap.deleted", obj=overlap, note="No longer found."
                )
                result.removed += 1
            else:
                result.kept_decided += 1
    return result


def overlap_decide(*, actor: Any, overlap: Overlap, status: str, note: str = "") -> Overlap:
    if status not in (OverlapStatus.CONFIRMED, OverlapStatus.DISMISSED, OverlapStatus.OPEN):
        raise ValidationError({"status": "Confirm or dismiss the pair."})
    if status == OverlapStatus.DISMISSED and not note.strip():
        raise ValidationError({"note": "Say why the pair is dismissed, so nobody has to ask again."})
    with transaction.atomic():
        before = audit.snapshot(overlap)
        overlap.status = status
        overlap.note = note.strip()
        overlap.decided_by = actor if status != OverlapStatus.OPEN else None
        overlap.decided_at = timezone.now() if status != OverlapStatus.OPEN else None
        overlap.version += 1
        overlap.save()
        audit.record(
            actor=actor, action=f"collaboration.overlap.{status}", obj=overlap, before=before, note=note
        )
    if status == OverlapStatus.CONFIRMED:
        bodies = [overlap.programme_a.organisation_id, overlap.programme_b.organisation_id]
        editors = User.objects.filter(
            memberships__organisation__in=bodies, memberships__role=MemberRole.EDITOR, is_active=True
        ).distinct()
        notify(
            recipients=editors,
            may_see=lambda person: any(
                permissions.can_view_organisation(person, p.organisation)
                for p in (overlap.programme_a, overlap.programme_b)
            ),
            key=f"overlap-confirmed:{overlap.public_id}",
            subject="A collaboration opportunity for your programme",
            body=f"{overlap.programme_a.title} ({overlap.programme_a.organisation.name}) and "
            f"{overlap.programme_b.title} ({overlap.programme_b.organisation.name}) appear to do the same thing.",
            url=overlap.get_absolute_url(),
        )
    return overlap
