"""The demo's two scenarios: a budget 15 % below forecast, and the same budget protecting health."""

import datetime

import pytest
import time_machine

from panorama.prioritisation import demo
from panorama.prioritisation.models import Scenario
from tests.conftest import make_person
from tests.prioritisation_fixtures import small_picture


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 7, 12, 0), tick=False)
def test_demo_cuts_15_percent_and_protects_health_and_loads_once(world):
    small_picture(world)
    make_person("analyst@demo.scot", role="analyst")
    demo.load(scale="demo")
    demo.load(scale="demo")
    cut, protect = Scenario.objects.get(name=demo.FIRST), Scenario.objects.get(name=demo.SECOND)
    assert Scenario.objects.count() == 2
    assert cut.envelopes["total"]["2026-27"] == "11900000"  # 85 % of the 14m the candidates forecast
    assert protect.lock_sectors == ["health and care"]
    left_out = {p["title"] for p in cut.runs.get().result["programmes"] if p["status"] != "continued"}
    kept = {p["title"]: p for p in protect.runs.get().result["programmes"]}
    assert "Digital front door" in left_out
    assert kept["Digital front door"]["status"] == "continued" and kept["Digital front door"]["locked"]
    assert cut.runs.get().value >= protect.runs.get().value  # protecting costs strategy value
