"""The workforce return kind: plan checks every row's business rules; apply writes what it planned."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from panorama.core import periods
from panorama.core.models import AuditEvent
from panorama.returns.kinds import Context
from panorama.skills.models import WorkforceLine
from panorama.skills.return_kinds import WORKFORCE

from .skills_fixtures import line, load_roles


def row(number: int, role: str, established, permanent, contractors, vacancies, **extra) -> dict:
    values = {
        "_row": number,
        "role": role,
        "established": Decimal(str(established)),
        "permanent": Decimal(str(permanent)),
        "contractors": Decimal(str(contractors)),
        "vacancies": Decimal(str(vacancies)),
        "planned_next_year": None,
        "planned_year_after": None,
        "median_days_to_hire": None,
    }
    values.update(extra)
    return values


@pytest.fixture
def context(world):
    load_roles()
    return Context(
        organisation=world.body_a, period=periods.period_get_or_create(year=2025), actor=world.editor_a
    )


def test_workforce_kind_is_registered_in_settings():
    kinds = [import_string(dotted) for dotted in settings.PANORAMA_RETURN_KINDS]
    assert WORKFORCE in kinds
    assert WORKFORCE.slug == "workforce" and WORKFORCE.period_kind == "year"


def test_plan_then_apply_creates_a_line_per_role_and_records_each(context):
    plan = WORKFORCE.plan(
        context,
        [
            row(2, "data-engineer", 12, 7.5, 2, 2.5, median_days_to_hire=96, planned_next_year=Decimal(14)),
            row(3, "User researcher", 4, 4, 0, 0),
        ],
    )
    assert not plan.problems
    assert plan.counts == {"create": 2, "change": 0, "unchanged": 0}
    WORKFORCE.apply(context, plan)
    engineer = WorkforceLine.objects.get(organisation=context.organisation, role__slug="data-engineer")
    assert (engineer.established, engineer.vacancies, engineer.median_days_to_hire) == (
        Decimal(12),
        Decimal("2.5"),
        96,
    )
    assert engineer.planned_next_year == Decimal(14)
    assert AuditEvent.objects.filter(action="skills.workforceline.created").count() == 2


def test_resending_the_same_return_changes_nothing_and_a_new_figure_is_a_change(context):
    line(context.organisation, 2025, load_roles()["developer"], 10, 6, 2, 2)
    same = WORKFORCE.plan(context, [row(2, "developer", 10, 6, 2, 2)])
    assert same.counts == {"create": 0, "change": 0, "unchanged": 1}
    changed = WORKFORCE.plan(context, [row(2, "developer", 10, 7, 2, 1)])
    assert changed.counts["change"] == 1
    assert "Vacant posts (FTE) 2.0 → 1.0" in changed.actions[0].summary
    WORKFORCE.apply(context, changed)
    assert WorkforceLine.objects.get(role__slug="developer").vacancies == Decimal(1)
    assert AuditEvent.objects.filter(action="skills.workforceline.changed").count() == 1


def test_plan_reports_every_problem_with_its_row_and_writes_nothing(context):
    plan = WORKFORCE.plan(
        context,
        [
            row(2, "wizard", 1, 1, 0, 0),
            row(3, "developer", 10, 6, 2, 1),
            row(4, "developer", 3, 3, 0, 0),
            row(5, "data-analyst", 3, 3, 0, 0, median_days_to_hire=900),
        ],
    )
    messages = {(p.row, p.column): p.message for p in plan.problems}
    assert "'wizard' is not a role" in messages[(2, "Role")]
    assert (
        "= 9.0 FTE, but 10.0 FTE are established: they must add up"
        in messages[(3, "Posts established (FTE)")]
    )
    assert messages[(5, "Median days to hire")] == "Row 5, Median days to hire: must be from 0 to 730 days."
    assert "already given on row 3" in messages[(4, "Role")]
    assert len(plan.problems) == 4
    assert not WorkforceLine.objects.exists()


def test_a_role_given_twice_is_refused(context):
    plan = WORKFORCE.plan(context, [row(2, "developer", 1, 1, 0, 0), row(3, "Developer", 2, 2, 0, 0)])
    assert [p.row for p in plan.problems] == [3]
    assert "already given on row 2" in plan.problems[0].message


def test_a_quarter_is_refused_for_a_yearly_return(context):
    context.period = periods.period_get_or_create(year=2025, quarter=2)
    plan = WORKFORCE.plan(context, [row(2, "developer", 1, 1, 0, 0)])
    assert "financial year" in plan.problems[0].message
