"""Writes: lessons (contributed, moderated, edited), readers' feedback, assurance reviews with their
recommendations and service-standard results, and pushing lessons to programmes.

Every write keeps the full-text index in step (`search.index_lessons`) and is recorded in the audit
trail in the same transaction.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from panorama.accounts import permissions
from panorama.core import audit
from panorama.core.notify import notify
from panorama.programmes.models import CONFIDENCE_RANK, OFF_TRACK, Phase, Programme

from . import search, selectors
from .models import (
    AssuranceReview,
    CriterionAssessment,
    Lesson,
    LessonFeedback,
    LessonPush,
    LessonPushItem,
    Moderation,
    ProgrammeLessonState,
    PushTrigger,
    Recommendation,
    RecommendationStatus,
    Theme,
)
from .standard import CRITERIA, THEMES

logger = logging.getLogger(__name__)


class StaleEdit(ValidationError):
    pass


def _signed_in(actor: Any) -> bool:
    return actor is not None and permissions.signed_in(actor)


def themes_ensure() -> int:
    """Create any of the fixed themes that are missing; returns how many were created."""
    have = set(Theme.objects.values_list("slug", flat=True))
    missing = [
        Theme(slug=slug, name=name, kind=kind, description=description, position=position)
        for position, (slug, name, kind, description) in enumerate(THEMES)
        if slug not in have
    ]
    Theme.objects.bulk_create(missing)
    return len(missing)


# ---------------------------------------------------------------------------------------------
# Lessons


def _check_version(current, version: int, name: str) -> None:
    if current.version != version:
        raise StaleEdit(
            f"{name} has changed since this page was loaded. Reload it and make your change again."
        )


def lesson_create(
    *, actor: Any, data: dict[str, Any], themes: Iterable[Theme], publish: bool | None = None
) -> Lesson:
    """A new lesson. From an analyst it is published at once (unless `publish` says otherwise);
    from anyone else it waits for an analyst to moderate it."""
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": "Choose at least one theme."})
    if publish is None:
        publish = actor is not None and permissions.is_analyst(actor)
    with transaction.atomic():
        lesson = Lesson(**data)
        lesson.contributed_by = actor if _signed_in(actor) else None
        if publish:
            lesson.status = Moderation.PUBLISHED
            lesson.moderated_by = lesson.contributed_by
            lesson.moderated_at = timezone.now()
        else:
            lesson.status = Moderation.PENDING
        lesson.full_clean()
        lesson.save()
        lesson.themes.set(themes)
        search.index_lessons(ids=[lesson.pk])
        audit.record(actor=actor, action="lessons.lesson.created", obj=lesson, before={})
    return lesson


def lesson_update(
    *, actor: Any, lesson: Lesson, version: int, data: dict[str, Any], themes: Iterable[Theme] | None = None
) -> Lesson:
    with transaction.atomic():
        current = Lesson.objects.select_for_update().get(pk=lesson.pk)
        _check_version(current, version, f"The lesson “{current.title}”")
        before = audit.snapshot(current)
        for name, value in data.items():
            setattr(current, name, value)
        current.full_clean()
        current.version += 1
        current.save()
        if themes is not None:
            themes = list(themes)
            if not themes:
                raise ValidationError({"themes": "Choose at least one theme."})
            current.themes.set(themes)
        search.index_lessons(ids=[current.pk])
        audit.record(actor=actor, action="lessons.lesson.changed", obj=current, before=before)
    return current


def lesson_moderate(*, actor: Any, lesson: Lesson, decision: str, note: str = "") -> Lesson:
    """An analyst publishes or rejects a contribution (a rejection needs a reason, which the
    contributor is told)."""
    if decision not in (Moderation.PUBLISHED, Moderation.REJECTED):
        raise ValidationError("Choose whether to publish or reject the lesson.")
    if decision == Moderation.REJECTED and not note.strip():
        raise ValidationError({"note": "Say why the lesson is rejected: the contributor is told."})
    with transaction.atomic():
        current = Lesson.objects.select_for_update().get(pk=lesson.pk)
        before = audit.snapshot(current)
        current.status = decision
        current.moderated_by = actor
        current.moderated_at = timezone.now()
        current.moderation_note = note.strip()[:500]
        current.version += 1
        current.save()
        search.index_lessons(ids=[current.pk])  # the index's moderation marker follows the decision
        audit.record(actor=actor, action=f"lessons.lesson.{decision}", obj=current, before=before)
        if current.contributed_by_id and current.contributed_by_id != getattr(actor, "pk", None):
            verdict = "published" if decision == Moderation.PUBLISHED else "not published"
            notify(
                recipients=[current.contributed_by],
                may_see=lambda person: selectors.lessons_visible(user=person).filter(pk=current.pk).exists(),
                key=f"lessons.moderated.{current.public_id}.{decision}",
                subject=f"Your lesson was {verdict}: {current.title[:120]}",
                body=current.moderation_note,
                url=current.get_absolute_url(),
            )
    return current


def lesson_delete(*, actor: Any, lesson: Lesson) -> None:
    # The lesson leaves the full-text index as it is deleted (a receiver in apps.py).
    audit.delete(actor=actor, action="lessons.lesson.deleted", obj=lesson)


def lesson_feedback_set(
    *, actor: Any, lesson: Lesson, useful: bool, programme: Programme | None = None
) -> LessonFeedback:
    """Record a reader's verdict (one per reader; a second one replaces the first) and keep the
    lesson's useful / not-useful counts, which ranking uses, in step."""
    with transaction.atomic():
        feedback, created = LessonFeedback.objects.update_or_create(
            lesson=lesson, person=actor, defaults={"useful": useful, "programme": programme}
        )
        counts = LessonFeedback.objects.filter(lesson=lesson).aggregate(
            yes=Count("pk", filter=Q(useful=True)), no=Count("pk", filter=Q(useful=False))
        )
        Lesson.objects.filter(pk=lesson.pk).update(useful_count=counts["yes"], not_useful_count=counts["no"])
        audit.record(
            actor=actor,
            action="lessons.feedback.created" if created else "lessons.feedback.changed",
            obj=feedback,
            before={} if created else None,
        )
    return feedback


# ---------------------------------------------------------------------------------------------
# Assurance reviews


def _set_criteria(review: AssuranceReview, results: dict[int, tuple[str, str]]) -> None:
    unknown = set(results) - set(CRITERIA)
    if unknown:
        raise ValidationError(f"The service standard has criteria 1 to 14, not {sorted(unknown)}.")
    review.criteria.exclude(criterion__in=list(results)).delete()
    for criterion, (result, note) in results.items():
        CriterionAssessment.objects.update_or_create(
            review=review, criterion=criterion, defaults={"result": result, "note": note}
        )


def review_create(
    *, actor: Any, data: dict[str, Any], criteria: dict[int, tuple[str, str]] | None = None
) -> AssuranceReview:
    with transaction.atomic():
        review = AssuranceReview(**data, created_by=actor if _signed_in(actor) else None)
        review.full_clean()
        review.save()
        if criteria:
            if not review.is_service_assessment:
                raise ValidationError("Only service-standard assessments record criteria met or not met.")
            _set_criteria(review, criteria)
        audit.record(actor=actor, action="lessons.review.created", obj=review, before={})
    return review


def review_update(
    *,
    actor: Any,
    review: AssuranceReview,
    version: int,
    data: dict[str, Any],
    criteria: dict[int, tuple[str, str]] | None = None,
) -> AssuranceReview:
    with transaction.atomic():
        current = AssuranceReview.objects.select_for_update().get(pk=review.pk)
        _check_version(current, version, "The review")
        before = audit.snapshot(current)
        for name, value in data.items():
            setattr(current, name, value)
        current.full_clean()
        current.version += 1
        current.save()
        if criteria is not None:
            _set_criteria(current, criteria if current.is_service_assessment else {})
        audit.record(actor=actor, action="lessons.review.changed", obj=current, before=before)
    return current


def recommendation_add(
    *, actor: Any, review: AssuranceReview, text: str, theme: Theme, priority: str, status: str = "open"
) -> Recommendation:
    with transaction.atomic():
        number = (
            review.recommendations.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        recommendation = Recommendation(
            review=review, number=number, text=text, theme=theme, priority=priority, status=status
        )
        recommendation.full_clean()
        recommendation.save()
        audit.record(actor=actor, action="lessons.recommendation.created", obj=recommendation, before={})
    return recommendation


def recommendation_set_status(*, actor: Any, recommendation: Recommendation, status: str) -> Recommendation:
    if status not in RecommendationStatus.values:
        raise ValidationError(f"Status must be one of {', '.join(RecommendationStatus.values)}.")
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        before = audit.snapshot(current)
        current.status = status
        current.version += 1
        current.save()
        audit.record(actor=actor, action="lessons.recommendation.changed", obj=current, before=before)
    return current


# ---------------------------------------------------------------------------------------------
# Pushing lessons to programmes


def _trigger(state: ProgrammeLessonState | None, programme: Programme) -> tuple[str, str] | None:
    if programme.phase in (Phase.RETIRED, Phase.STOPPED):
        return None
    if state is None:
        return PushTrigger.REGISTERED, programme.phase
    if programme.phase != state.phase_seen:
        return PushTrigger.PHASE, programme.phase
    if programme.confidence in OFF_TRACK:
        was = CONFIDENCE_RANK.get(state.confidence_seen, 99)
        if CONFIDENCE_RANK[programme.confidence] < was:
            return PushTrigger.CONFIDENCE, programme.confidence
    return None


def lesson_push_check(*, programme: Programme, limit: int = 5, email: bool = True) -> LessonPush | None:
    """Push lessons to a programme if something happened since Panorama last looked: it was
    registered, moved phase, or its delivery confidence fell to amber/red or red. What was seen is
    stored, so the same event never pushes twice, and the notification key makes repeats
    impossible even if it did. With no lessons to offer yet, nothing is recorded, so a later
    check (or the backfill command) still pushes."""
    with transaction.atomic():
        programme = Programme.objects.select_related("organisation").get(pk=programme.pk)
        state = ProgrammeLessonState.objects.select_for_update().filter(programme=programme).first()
        trigger = _trigger(state, programme)
        picks = selectors.lessons_for_programme(programme=programme, limit=limit) if trigger else []
        if trigger and not picks:
            return None
        if state is None:
            state = ProgrammeLessonState(programme=programme)
        state.phase_seen = programme.phase
        state.confidence_seen = programme.confidence
        state.save()
        if not trigger:
            return None
        kind, detail = trigger
        push = LessonPush.objects.create(programme=programme, trigger=kind, detail=detail)
        LessonPushItem.objects.bulk_create(
            LessonPushItem(push=push, lesson=p.lesson, position=i, reasons="; ".join(p.reasons)[:300])
            for i, p in enumerate(picks, start=1)
        )
        audit.record(actor=None, action="lessons.push.created", obj=push, before={})
        url = reverse("lessons:for-programme", kwargs={"public_id": programme.public_id})
        why = {
            PushTrigger.REGISTERED: "was registered",
            PushTrigger.PHASE: f"moved to {programme.get_phase_display().lower()}",
            PushTrigger.CONFIDENCE: f"is now rated {programme.get_confidence_display()}",
        }[kind]
        notify(
            recipients=selectors.programme_editors(programme),
            may_see=lambda person: permissions.can_view_organisation(person, programme.organisation),
            key=f"lessons.push.{programme.public_id}.{kind}.{detail}",
            subject=f"Lessons for {programme.title[:120]}",
            body=f"{programme.title} {why}. Lessons from earlier programmes that fit it:\n"
            + "\n".join(f"- {p.lesson.title} (why: {'; '.join(p.reasons) or 'its themes'})" for p in picks),
            url=url,
            email=email,
        )
    return push


def lessons_push_backfill(*, programmes: Iterable[Programme] | None = None, email: bool = True) -> int:
    """Check every programme (for programmes registered before lessons existed, or bulk-loaded)."""
    pushed = 0
    for programme in programmes if programmes is not None else Programme.objects.order_by("pk").iterator():
        if lesson_push_check(programme=programme, email=email) is not None:
            pushed += 1
    return pushed


def push_after_commit(programme_id: int) -> None:
    """For the post_save receivers: check once the programme's transaction has committed (so its
    tags and latest confidence are in place), never failing the programme's own save."""

    def check() -> None:
        programme = Programme.objects.filter(pk=programme_id).first()
        if programme is not None:
            lesson_push_check(programme=programme)

    transaction.on_commit(check, robust=True)


def push_later(programme_ids: Iterable[int], *, actor: Any = None) -> None:
    """For a bulk write of programmes' reports: one job checks them all (`tasks.lessons_push`),
    queued in the caller's transaction, so the request that wrote them does not wait for the
    lessons' relevance and a rolled-back write queues nothing."""
    from panorama.core import jobs

    from .tasks import lessons_push

    ids = sorted(set(programme_ids))
    if ids:
        jobs.enqueue(
            lessons_push,
            label=f"Push lessons to {len(ids):,} programme{'s' if len(ids) != 1 else ''} after a progress return",
            actor=actor,
            kwargs={"programme_ids": ids},
        )


def lessons_reindex_organisation(*, organisation_id: int) -> None:
    """Index a body's lessons again (its sector is one of the index's markers)."""
    search.index_lessons(
        ids=list(Lesson.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True))
    )
