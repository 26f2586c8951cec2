"""A progress return written as one set (`programmes.services.progress_updates_write`): every row or
none, the trail as `audit.record` writes it, a few statements whatever the number of rows, the
register's data version changed, and the lessons' push check left to the worker."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from panorama.core import answers, audit
from panorama.core.models import AuditEvent
from panorama.core.periods import period_from_label
from panorama.lessons.models import LessonPush
from panorama.programmes.models import Programme, ProgressUpdate
from panorama.returns.imports import return_apply, return_plan
from panorama.returns.kinds import Context
from panorama.returns.registry import kind_get
from panorama.returns.services import return_import
from tests.lessons_helpers import make_lesson

pytestmark = pytest.mark.django_db

Q3 = "2025-26 Q3"


@pytest.fixture
def programmes(world):
    return [
        Programme.objects.create(
            organisation=world.body_a,
            title=f"Programme {n}",
            external_ref=f"P{n}",
            confidence="green",
            wlc_forecast=Decimal("1000000"),
        )
        for n in range(1, 7)
    ]


def progress(world, refs, confidence="amber", **given):
    lines = "".join(f"{ref},{confidence},beta,2,£3m\n" for ref in refs)
    text = "programme_ref,confidence,phase,milestones_met,wlc_forecast\n" + lines
    arguments = {
        "kind": "progress",
        "data": text.encode(),
        "filename": "q3.csv",
        "organisation": world.body_a,
        "period": Q3,
        "actor": world.editor_a,
    }
    return return_import(**{**arguments, **given})


def test_each_row_is_recorded_in_the_trail_as_record_would(world, programmes):
    first = programmes[0]
    assert progress(world, ["P1"]).ok
    update = ProgressUpdate.objects.get(programme=first)
    created = AuditEvent.objects.get(action="programmes.progress_update.created")
    assert (created.actor, created.actor_label) == (world.editor_a, world.editor_a.email)
    assert created.object_id == str(update.pk) and created.object_repr == str(update)
    assert created.changes == audit.diff({}, audit.snapshot(update))
    changed = AuditEvent.objects.get(action="programmes.programme.changed", object_id=str(first.pk))
    assert changed.organisation_id == world.body_a.pk
    assert changed.note == f"From the {Q3} progress return"
    assert changed.changes == {
        "confidence": ["green", "amber"],
        "last_update": [None, period_from_label(Q3).end.isoformat()],
        "phase": ["discovery", "beta"],
        "wlc_forecast": ["1000000.00", "3000000.00"],
    }
    first.refresh_from_db()
    assert (first.confidence, first.version) == ("amber", 2)

    # Sent again with one value changed: the quarter's update changes, before → after.
    assert progress(world, ["P1"], confidence="red").ok
    again = AuditEvent.objects.get(action="programmes.progress_update.changed")
    assert again.changes["confidence"] == ["amber", "red"]
    assert set(again.changes) == {"confidence", "submitted_at"}


def test_a_row_that_fails_as_it_is_written_leaves_nothing_written(world, programmes):
    kind = kind_get("progress")
    context = Context(organisation=world.body_a, period=period_from_label(Q3), actor=world.editor_a)
    rows = [{"_row": n, "programme_ref": f"P{n - 1}", "confidence": "amber"} for n in range(2, 8)]
    plan = return_plan(kind, context, rows)
    assert not plan.problems and plan.counts["create"] == 6
    # Between the plan and the write, someone else reports on the last programme for the quarter.
    ProgressUpdate.objects.create(programme=programmes[-1], period=context.period, confidence="red")
    events, register = AuditEvent.objects.count(), answers.version("register")

    problems = return_apply(kind, context, plan)

    assert [p.message for p in problems] == [
        "Nothing was saved: the database refused the change. Try again; if it happens again, tell the "
        "portfolio team."
    ]
    assert ProgressUpdate.objects.count() == 1
    assert set(Programme.objects.values_list("confidence", "version")) == {("green", 1)}
    assert AuditEvent.objects.count() == events
    assert answers.version("register") == register


def test_the_number_of_statements_does_not_grow_with_the_rows(world, programmes):
    def statements(refs, confidence="amber"):
        with CaptureQueriesContext(connection) as queries:
            assert progress(world, refs, confidence=confidence).ok
        return len(queries)

    statements(["P1"])  # the first return also fills the process's caches (content types, periods)
    assert statements(["P2", "P3"]) == statements(["P4", "P5", "P6"])
    # Every quarter's update changed, and every programme kept in step with it.
    assert statements(["P1"], "red") == statements(["P2", "P3", "P4", "P5", "P6"], "red")


def test_an_accepted_return_changes_the_registers_data_version(world, programmes):
    before = answers.version("register")
    assert progress(world, ["P1", "P2"]).ok
    assert answers.version("register") != before


def test_lessons_are_pushed_by_the_worker_not_the_write(world, programmes):
    make_lesson("Replacing records systems with one contract", "Replace the records systems in stages.")
    records = Programme.objects.create(
        organisation=world.body_a,
        title="Replace the records systems",
        summary="Replace legacy records.",
        external_ref="REC",
    )
    assert progress(world, ["REC"], confidence="red").ok
    assert not LessonPush.objects.exists()
    call_command("worker", "--once", verbosity=0)
    assert LessonPush.objects.filter(programme=records).exists()
