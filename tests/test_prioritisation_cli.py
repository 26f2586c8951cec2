import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from panorama.prioritisation.models import Scenario


@pytest.mark.django_db
def test_prioritise_prints_the_run_as_json_and_keeps_it(capsys):
    scenario = Scenario.objects.create(name="Cut", years=["2026-27"], envelopes={"total": {"2026-27": "100"}})
    call_command("prioritise", "Cut", "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "optimal"
    assert scenario.runs.count() == 1


@pytest.mark.django_db
def test_prioritise_names_an_unknown_scenario():
    with pytest.raises(CommandError, match="no scenario called"):
        call_command("prioritise", "Nothing")
