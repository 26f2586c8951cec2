"""Samples for the radar URLs: a technology on which body A holds an internal stance, and body A's question."""

import datetime
from collections.abc import Callable

from tests.conftest import World


def _technology(w: World):
    from panorama.radar import services
    from panorama.radar.models import Technology

    found = Technology.objects.filter(slug="generative-ai-assistants").first()
    if found is not None:
        return found
    technology = services.technology_create(
        actor=None,
        data={
            "name": "Generative AI assistants",
            "description": "Drafting help.",
            "category": "ai and automation",
        },
    )
    services.stance_set(
        actor=None,
        organisation=w.body_a,
        technology=technology,
        stance="trialling",
        since=datetime.date(2026, 1, 5),
        internal=True,
    )
    return technology


def _question(w: World) -> dict:
    from panorama.radar import services

    question = services.question_ask(
        actor=w.editor_a, organisation=w.body_a, technology=_technology(w), title="How?", text="Tell us."
    )
    return {"public_id": question.public_id}


SAMPLES: dict[str, Callable[[World], dict]] = {
    "radar:technology": lambda w: {"slug": _technology(w).slug},
    "radar:technology-edit": lambda w: {"slug": _technology(w).slug},
    "radar:ask": lambda w: {"slug": _technology(w).slug},
    "radar:answer": _question,
    "radar:body": lambda w: {"slug": w.body_a.slug},
    "radar:stance": lambda w: {"slug": w.body_a.slug, "technology": _technology(w).slug},
}
