"""Small builders for the lessons tests: a lesson or review with sensible defaults."""

import datetime
from typing import Any

from panorama.lessons import services
from panorama.lessons.models import Theme


def theme(slug: str) -> Theme:
    services.themes_ensure()  # transactional (browser) tests flush the migration's reference data
    return Theme.objects.get(slug=slug)


def make_lesson(
    title: str,
    text: str = "",
    *,
    themes: tuple[str, ...] = ("governance",),
    actor: Any = None,
    publish: bool = True,
    **fields: Any,
):
    data = {
        "title": title,
        "what_happened": text or title,
        "source": "case-study",
        "date": datetime.date(2020, 6, 1),
        "visibility": "public",
        **fields,
    }
    return services.lesson_create(actor=actor, data=data, themes=[theme(s) for s in themes], publish=publish)


def make_programme(organisation, title: str, summary: str = "", **fields: Any):
    from panorama.programmes.models import Programme

    return Programme.objects.create(organisation=organisation, title=title, summary=summary, **fields)
