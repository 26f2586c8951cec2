"""GET /api/v1/skills/summary: role-family figures for everyone signed in; one body's only for its own."""

import datetime

import pytest
import time_machine

from panorama.core import periods

from .conftest import TODAY, client_for
from .skills_fixtures import line, load_roles, need, programme

URL = "/api/v1/skills/summary"


@pytest.fixture
def figures(world, pinned_clock):
    roles = load_roles()
    line(world.body_a, 2025, roles["developer"], 10, 5, 2, 3)
    line(world.body_a, 2025, roles["data-scientist"], 4, 2, 0, 2)
    line(world.body_b, 2025, roles["developer"], 10, 9, 1, 0)
    line(world.body_a, 2024, roles["developer"], 8, 8, 0, 0)
    this_quarter = periods.label_for(periods.financial_year_of(TODAY), periods.quarter_of(TODAY))
    delivery = programme(world.body_a, "Benefits platform")
    need(delivery, roles["developer"], this_quarter, 4)
    need(programme(world.body_b, "Disclosure system"), roles["frontend-developer"], this_quarter, 2.5)
    return roles


def family(body: dict, slug: str) -> dict:
    return next(r for r in body["results"] if r["role_family_slug"] == slug)


def test_summary_totals_the_latest_year_by_role_family(client, world, figures):
    body = client_for(client, world.viewer_a).get(URL, {"period": "2025-26"}).json()
    software = family(body, "software-development")
    assert software == {
        "role_family": "Software development",
        "role_family_slug": "software-development",
        "established": "20.0",
        "filled": "17.0",
        "contractors": "3.0",
        "vacancies": "3.0",
        "vacancy_rate": "0.150",
        "contractor_share": "0.176",
        "demand_next_4q": "6.5",
    }
    assert family(body, "data")["vacancy_rate"] == "0.500"
    assert family(body, "architecture")["vacancy_rate"] is None


def test_default_period_is_the_latest_year_with_returns(client, world, figures):
    client_for(client, world.analyst)
    with time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False):
        assert client.get(URL).json()["period"] == "2025-26"
    # Before 2025-26 began, its returns are not yet the current picture: the year before is.
    with time_machine.travel(datetime.datetime(2025, 3, 31, 12, tzinfo=datetime.UTC), tick=False):
        assert client.get(URL).json()["period"] == "2024-25"


def test_sector_filter_counts_only_that_sectors_bodies(client, world, figures):
    world.body_b.sector = "justice"
    world.body_b.save()
    body = client_for(client, world.analyst).get(URL, {"period": "2025-26", "sector": "justice"}).json()
    assert family(body, "software-development")["established"] == "10.0"
    assert family(body, "software-development")["demand_next_4q"] == "2.5"


def test_body_sees_its_own_return(client, world, figures):
    response = client_for(client, world.viewer_a).get(
        URL, {"period": "2025-26", "organisation": world.body_a.slug}
    )
    assert response.status_code == 200
    assert family(response.json(), "software-development")["vacancies"] == "3.0"


def test_outsider_never_sees_another_bodys_return(client, world, figures):
    response = client_for(client, world.editor_b).get(
        URL, {"period": "2025-26", "organisation": world.body_a.slug}
    )
    assert response.status_code == 404
    assert "results" not in response.json()


def test_auditor_sees_any_bodys_return(client, world, figures):
    response = client_for(client, world.auditor).get(
        URL, {"period": "2025-26", "organisation": world.body_b.slug}
    )
    assert family(response.json(), "software-development")["contractors"] == "1.0"


def test_anonymous_person_must_authenticate(client, world, figures):
    assert client.get(URL).status_code == 401


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        # A well-formed year with no returns is not found; a malformed filter is a bad request.
        ({"period": "2031-32"}, 404, "not a financial year with workforce returns"),
        ({"period": "last year"}, 400, "period"),
        ({"sector": "space"}, 400, "sector must be"),
    ],
)
def test_bad_filters_are_refused_with_a_reason(client, world, figures, query, status, message):
    response = client_for(client, world.analyst).get(URL, query)
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_summary_is_in_the_openapi_document(client, world):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    schema = paths["/api/v1/skills/summary"]["get"]
    assert {p["name"] for p in schema["parameters"]} >= {"period", "sector", "organisation"}
