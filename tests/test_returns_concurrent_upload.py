"""The same return uploaded twice at once: the second confirmation is refused, as a stale web edit
is, instead of silently replacing the first."""

import pytest

from panorama.core.periods import period_from_label
from panorama.programmes.models import Programme
from panorama.programmes.return_kinds import PROGRESS
from panorama.returns.models import Submission
from panorama.returns.services import pending_create, rows_from_table
from panorama.returns.workflow import WorkflowError, pending_confirm


def upload(world, confidence: str):
    validated = rows_from_table(PROGRESS, [["ADP", confidence]])
    return pending_create(
        actor=world.editor_a,
        kind=PROGRESS,
        organisation=world.body_a,
        period=period_from_label("2025-26 Q3"),
        filename=f"{confidence}.csv",
        source="upload",
        rows=validated.rows,
        problems=[],
        notes=[],
    )


def test_second_of_two_concurrent_uploads_is_refused_not_silently_saved(world):
    Programme.objects.create(organisation=world.body_a, external_ref="ADP", title="ADP")
    first, second = upload(world, "green"), upload(world, "red")
    pending_confirm(actor=world.editor_a, pending=first)
    with pytest.raises(WorkflowError, match="changed since your file was checked"):
        pending_confirm(actor=world.editor_a, pending=second)
    assert Submission.objects.get().filename == "green.csv"


def test_an_upload_checked_after_the_last_draft_replaces_it(world):
    Programme.objects.create(organisation=world.body_a, external_ref="ADP", title="ADP")
    pending_confirm(actor=world.editor_a, pending=upload(world, "green"))
    pending_confirm(actor=world.editor_a, pending=upload(world, "red"))
    assert Submission.objects.get().filename == "red.csv"
