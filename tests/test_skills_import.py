"""`panorama import workforce FILE`: the returns machinery reads the file; the workforce kind plans and applies."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from panorama.skills.models import WorkforceLine

from .skills_fixtures import load_roles

HEADER = "role,established,permanent,contractors,vacancies,planned_next_year,planned_year_after,median_days_to_hire\n"


def test_import_command_loads_a_workforce_return(world, tmp_path):
    load_roles()
    path = tmp_path / "workforce.csv"
    path.write_text(HEADER + "data-engineer,12,7.5,2,2.5,14,15,96\nUser researcher,4,4,0,0,,,\n")
    call_command("import", "workforce", str(path), organisation=world.body_a.short_name, period="2025-26")
    engineer = WorkforceLine.objects.get(organisation=world.body_a, role__slug="data-engineer")
    assert (engineer.vacancies, engineer.median_days_to_hire, engineer.period.label) == (
        Decimal("2.5"),
        96,
        "2025-26",
    )
    assert WorkforceLine.objects.count() == 2


def test_import_command_refuses_a_return_that_does_not_add_up_and_writes_nothing(world, tmp_path):
    load_roles()
    path = tmp_path / "workforce.csv"
    path.write_text(HEADER + "data-engineer,12,7.5,2,2.5,,,\ndeveloper,10,6,2,1,,,\n")
    errors = io.StringIO()
    with pytest.raises((CommandError, SystemExit)):
        call_command(
            "import",
            "workforce",
            str(path),
            organisation=world.body_a.short_name,
            period="2025-26",
            stderr=errors,
        )
    assert (
        "Row 3, Posts established (FTE): permanent (6.0) + contractors (2.0) + vacant (1.0)"
        in errors.getvalue()
    )
    assert not WorkforceLine.objects.exists()
