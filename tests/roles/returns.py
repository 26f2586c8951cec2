"""Samples for the returns URLs: a window, an upload awaiting confirmation, a draft and a mapping,
all of body A's (sent by editor A)."""

import datetime
from collections.abc import Callable

from tests.conftest import World


def _programme(w: World):
    from panorama.programmes.models import Programme

    return Programme.objects.get_or_create(
        organisation=w.body_a, external_ref="ADP", defaults={"title": "ADP"}
    )[0]


def _window(w: World) -> dict:
    from panorama.core.periods import period_from_label
    from panorama.returns.models import ReturnWindow

    window = ReturnWindow.objects.create(
        kind="progress", period=period_from_label("2025-26 Q3"), due_on=datetime.date(2026, 1, 31)
    )
    window.expected.set([w.body_a, w.body_b])
    return {"public_id": window.public_id}


def _pending(w: World) -> dict:
    from panorama.core.periods import period_from_label
    from panorama.programmes.return_kinds import PROGRESS
    from panorama.returns.services import pending_create, rows_from_table

    _programme(w)
    validated = rows_from_table(PROGRESS, [["ADP", "green"]])
    pending = pending_create(
        actor=w.editor_a,
        kind=PROGRESS,
        organisation=w.body_a,
        period=period_from_label("2025-26 Q3"),
        filename="q3.csv",
        source="upload",
        rows=validated.rows,
        problems=[],
        notes=[],
    )
    return {"public_id": pending.public_id}


def _draft(w: World) -> dict:
    from panorama.core.periods import period_from_label
    from panorama.programmes.return_kinds import PROGRESS
    from panorama.returns.services import submission_save_draft

    _programme(w)
    columns = [c.name for c in PROGRESS.columns]
    row = ["2", "ADP", "green"] + [""] * (len(columns) - 2)
    submission, _ = submission_save_draft(
        actor=w.editor_a,
        kind=PROGRESS,
        organisation=w.body_a,
        period=period_from_label("2025-26 Q3"),
        columns=columns,
        table=[row],
    )
    return {"public_id": submission.public_id}


def _mapping(w: World) -> dict:
    from panorama.returns.models import SavedMapping

    mapping = SavedMapping.objects.create(
        name="Tracker",
        kind="progress",
        organisation=w.body_a,
        definition={
            "kind": "progress",
            "fields": {"programme_ref": {"column": "Ref"}, "confidence": {"column": "RAG"}},
        },
    )
    return {"public_id": mapping.public_id}


def _send(w: World) -> dict:
    return {"kind": "progress", "organisation": w.body_a.slug, "period": "2025-26-q3"}


SAMPLES: dict[str, Callable[[World], dict]] = {
    "returns:kind": lambda w: {"kind": "progress"},
    "returns:template": lambda w: {"kind": "progress", "format": "xlsx"},
    "returns:window": _window,
    "returns:window-edit": _window,
    "returns:window-close": _window,
    "returns:window-reopen": _window,
    "returns:send": _send,
    "returns:form": _send,
    "returns:send-template": _send,
    "returns:import": lambda w: {"kind": "programmes"},
    "returns:upload": _pending,
    "returns:upload-confirm": _pending,
    "returns:upload-problems": _pending,
    "returns:submission": _draft,
    "returns:submission-rows": _draft,
    "returns:submission-submit": _draft,
    "returns:submission-accept": _draft,
    "returns:submission-return": _draft,
    "returns:mapping": _mapping,
    "returns:mapping-delete": _mapping,
    "api:returns-upload": lambda w: {
        "kind": "progress",
        "organisation": w.body_a.slug,
        "period": "2025-26-q3",
    },
    "api:returns-import": lambda w: {"kind": "programmes"},
}
POST_DATA: dict[str, dict] = {
    "returns:submission-return": {"comments": "Please add the narrative."},
}
