"""/api/v1/scenarios: the scenarios a caller may see, and the whole result of a scenario's latest run."""

import pytest

from panorama.prioritisation import services
from tests.conftest import client_for
from tests.prioritisation_fixtures import YEARS, below_forecast, small_picture

LIST = "/api/v1/scenarios"


@pytest.fixture
def scenarios(world):
    picture = small_picture(world)
    central = services.scenario_create(
        actor=world.analyst,
        data={"name": "Cut", "years": YEARS, "envelopes": {"total": below_forecast()}, "hiring": {"*": "2"}},
    )
    services.scenario_run(actor=world.analyst, scenario=central)
    forum = services.scenario_create(
        actor=world.chair,
        data={"name": "Forum cut", "forum": picture["forum"], "years": YEARS, "envelopes": {}},
    )
    return {"central": central, "forum": forum}


def names(response) -> list[str]:
    assert response.status_code == 200
    return [s["name"] for s in response.json()["results"]]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("analyst", ["Cut", "Forum cut"]),
        ("auditor", ["Cut", "Forum cut"]),
        ("member", ["Forum cut"]),
        ("viewer_a", []),
        ("editor_b", []),
    ],
)
def test_list_holds_the_scenarios_the_caller_may_see(client, world, scenarios, name, expected):
    assert names(client_for(client, getattr(world, name)).get(LIST)) == expected


def test_anonymous_caller_is_refused(client, world, scenarios):
    assert client.get(LIST).status_code == 401
    assert client.get(f"{LIST}/{scenarios['central'].public_id}").status_code == 401


def test_list_gives_the_latest_runs_headline_figures(client, world, scenarios):
    body = client_for(client, world.analyst).get(LIST).json()
    cut = next(s for s in body["results"] if s["name"] == "Cut")
    assert cut["years"] == YEARS and cut["forum"] is None
    run = cut["latest_run"]
    assert run["status"] == "optimal"
    assert (run["continued"], run["left_out"], run["commitments_covered"]) == (4, 1, 3)
    forum = next(s for s in body["results"] if s["name"] == "Forum cut")
    assert forum["forum"] == "Digital leaders" and forum["latest_run"] is None


def test_detail_gives_the_whole_result(client, world, scenarios):
    response = client_for(client, world.auditor).get(f"{LIST}/{scenarios['central'].public_id}")
    result = response.json()["result"]
    assert result["status"] == "optimal" and result["years"] == YEARS
    assert {p["title"]: p["status"] for p in result["programmes"]}["Digital front door"] == "stopped"
    assert [c["reference"] for c in result["commitments_unserved"]] == ["2.1"]
    assert result["envelopes"][0] == {
        "envelope": "Total",
        "year": "2026-27",
        "limit": "11900000",
        "used": "11000000",
        "left": "900000",
        "forecast": "14000000",
    }
    assert result["greedy"]["value"] <= result["value"]
    assert [p["title"] for p in result["data"]["without_forecast"]] == ["Legacy migration"]


@pytest.mark.parametrize("name", ["member", "viewer_a", "editor_b"])
def test_detail_of_a_scenario_the_caller_may_not_see_is_404(client, world, scenarios, name):
    response = client_for(client, getattr(world, name)).get(f"{LIST}/{scenarios['central'].public_id}")
    assert response.status_code == 404


def test_unknown_scenario_is_404(client, world, scenarios):
    response = client_for(client, world.analyst).get(f"{LIST}/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
