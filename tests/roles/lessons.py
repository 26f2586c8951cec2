"""Samples for the lessons app's URLs: body A's restricted lesson and review, a lesson awaiting
moderation, and a programme of body A."""

import datetime
from collections.abc import Callable

from tests.conftest import World


def _lesson(w: World) -> dict:
    from tests.lessons_helpers import make_lesson

    lesson = make_lesson("Sample restricted lesson", organisation=w.body_a, visibility="restricted")
    return {"public_id": lesson.public_id}


def _pending(w: World) -> dict:
    from tests.lessons_helpers import make_lesson

    lesson = make_lesson("Sample pending lesson", actor=w.viewer_a, organisation=w.body_a, publish=False)
    return {"public_id": lesson.public_id}


def _review(w: World):
    from panorama.lessons import services

    return services.review_create(
        actor=w.editor_a,
        data={
            "organisation": w.body_a,
            "programme_name": "Sample programme",
            "kind": "gate-review",
            "gate": "Gate 1",
            "date": datetime.date(2025, 5, 1),
            "visibility": "restricted",
        },
    )


def _recommendation(w: World) -> dict:
    from panorama.lessons import services
    from panorama.lessons.models import Theme

    recommendation = services.recommendation_add(
        actor=w.editor_a,
        review=_review(w),
        text="Plan.",
        theme=Theme.objects.get(slug="planning"),
        priority="essential",
    )
    return {"public_id": recommendation.public_id}


def _programme(w: World) -> dict:
    from tests.lessons_helpers import make_programme

    return {"public_id": make_programme(w.body_a, "Sample programme").public_id}


SAMPLES: dict[str, Callable[[World], dict]] = {
    "lessons:detail": _lesson,
    "lessons:edit": _lesson,
    "lessons:feedback": _lesson,
    "lessons:moderate": _pending,
    "lessons:for-programme": _programme,
    "lessons:review-detail": lambda w: {"public_id": _review(w).public_id},
    "lessons:review-edit": lambda w: {"public_id": _review(w).public_id},
    "lessons:recommendation-add": lambda w: {"public_id": _review(w).public_id},
    "lessons:recommendation-status": _recommendation,
    "api:lessons-for-programme": _programme,
}
POST_DATA: dict[str, dict] = {
    "lessons:feedback": {"useful": "yes"},
    "lessons:moderate": {"decision": "published"},
    "lessons:recommendation-add": {"text": "Fill the posts.", "theme": "resourcing", "priority": "critical"},
    "lessons:recommendation-status": {"status": "done"},
}
