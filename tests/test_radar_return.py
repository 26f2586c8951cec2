"""The technology return: plan checks each row; the import writes stances and their history."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command

from panorama.radar import services
from panorama.radar.models import BodyStance, StanceChange
from panorama.radar.return_kinds import TECHNOLOGY

HEADER = "technology,stance,since,programmes,note,internal\n"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def technologies(world):
    for name in ("Generative AI assistants", "Low-code platforms"):
        services.technology_create(
            actor=None, data={"name": name, "description": "x", "category": "ai and automation"}
        )


def test_technology_kind_is_registered():
    assert "panorama.radar.return_kinds.TECHNOLOGY" in settings.PANORAMA_RETURN_KINDS
    assert TECHNOLOGY.slug == "technology"


def test_import_writes_stances_and_a_second_return_moves_one(world, technologies, tmp_path):
    from panorama.programmes.models import Programme

    Programme.objects.create(organisation=world.body_a, title="Benefits case management")
    path = tmp_path / "technology.csv"
    path.write_text(
        HEADER
        + "generative-ai-assistants,assessing,2026-05-01,,Reading up,no\n"
        + "Low-code platforms,trialling,,Benefits case management,,yes\n"
    )
    call_command("import", "technology", str(path), organisation=world.body_a.short_name, period="2026-27 Q1")
    low_code = BodyStance.objects.get(technology__slug="low-code-platforms")
    assert (low_code.stance, low_code.since, low_code.internal) == (
        "trialling",
        datetime.date(2026, 6, 30),
        True,
    )
    assert [p.title for p in low_code.programmes.all()] == ["Benefits case management"]
    path.write_text(HEADER + "generative-ai-assistants,trialling,2026-10-02,,Pilot,no\n")
    call_command("import", "technology", str(path), organisation=world.body_a.short_name, period="2026-27 Q3")
    assert list(
        StanceChange.objects.filter(technology__slug="generative-ai-assistants").values_list(
            "stance", flat=True
        )
    ) == ["assessing", "trialling"]


def test_a_return_with_an_unknown_technology_writes_nothing(world, technologies, tmp_path):
    import io

    path = tmp_path / "technology.csv"
    path.write_text(HEADER + "generative-ai-assistants,adopted,,,,\nteleportation,trialling,,,,\n")
    errors = io.StringIO()
    with pytest.raises((CommandError, SystemExit)):
        call_command(
            "import",
            "technology",
            str(path),
            organisation=world.body_a.short_name,
            period="2026-27 Q3",
            stderr=errors,
        )
    assert "Row 3, Technology: 'teleportation' is not a technology on the radar" in errors.getvalue()
    assert not BodyStance.objects.exists()
