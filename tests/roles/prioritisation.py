"""Samples for the prioritisation URLs: a central scenario with one run, and a meeting to adopt it at."""

import datetime
from collections.abc import Callable

from tests.conftest import World


def _scenario(w: World):
    from panorama.prioritisation.models import Scenario

    return Scenario.objects.create(
        name="Budget cut", years=["2026-27"], envelopes={"total": {"2026-27": "100"}}
    )


def _run(w: World):
    from panorama.collaboration.models import Forum, Meeting
    from panorama.prioritisation.models import ScenarioRun

    forum = Forum.objects.create(slug="leaders", name="Digital leaders", purpose="Plan together.")
    Meeting.objects.create(forum=forum, title="Spring", held_on=datetime.date(2026, 5, 1))
    return ScenarioRun.objects.create(
        scenario=_scenario(w), status="optimal", result={"years": [], "programmes": []}
    )


SAMPLES: dict[str, Callable[[World], dict]] = {
    "prioritisation:detail": lambda w: {"public_id": _scenario(w).public_id},
    "prioritisation:edit": lambda w: {"public_id": _scenario(w).public_id},
    "prioritisation:run": lambda w: {"public_id": _scenario(w).public_id},
    "prioritisation:adopt": lambda w: {"public_id": _run(w).public_id},
    "prioritisation:run-csv": lambda w: {"public_id": _run(w).public_id},
    "api:scenario": lambda w: {"public_id": _scenario(w).public_id},
}
POST_DATA: dict[str, dict] = {}
