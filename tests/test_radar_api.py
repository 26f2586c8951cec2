"""/api/v1/technologies and /api/v1/technologies/stances: public stances for everyone, internal ones
only for the body's people and the central team."""

import datetime

import pytest

from panorama.radar import services


@pytest.fixture
def stances(world):
    technology = services.technology_create(
        actor=None,
        data={
            "name": "Public cloud hosting",
            "description": "Rented servers.",
            "category": "platforms and cloud",
        },
    )
    for body, stance, internal in ((world.body_a, "trialling", True), (world.body_b, "adopted", False)):
        services.stance_set(
            actor=None,
            organisation=body,
            technology=technology,
            stance=stance,
            since=datetime.date(2026, 5, 1),
            internal=internal,
        )
    return technology


def test_technologies_give_the_ring_from_the_stances_the_caller_may_see(client, world, stances):
    anonymous = client.get("/api/v1/technologies").json()["results"][0]
    assert (anonymous["ring"], anonymous["bodies"], anonymous["stances"]["trialling"]) == ("adopt", 1, 0)
    client.force_login(world.analyst)
    analyst = client.get("/api/v1/technologies").json()["results"][0]
    assert (analyst["bodies"], analyst["stances"]["trialling"]) == (2, 1)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, ["ds"]), ("editor_b", ["ds"]), ("viewer_a", ["ds", "sss"]), ("auditor", ["ds", "sss"])],
)
def test_internal_stances_are_hidden_from_outsiders(client, world, stances, persona, expected):
    if persona:
        client.force_login(world.people[persona])
    response = client.get("/api/v1/technologies/stances", {"technology": stances.slug})
    assert response.status_code == 200
    assert [s["organisation"] for s in response.json()["results"]] == expected


def test_an_unknown_technology_is_a_bad_request(client, stances):
    response = client.get("/api/v1/technologies/stances", {"technology": "teleportation"})
    assert response.status_code == 400 and "no technology 'teleportation'" in response.json()["detail"]


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/technologies", "/api/v1/technologies/stances"} <= set(paths)
