"""The analysis pages: what an analyst reads off them, and what a body's people may not see."""

import datetime

import pytest
from django.urls import reverse

from panorama.core import periods
from tests.conftest import TODAY, client_for, make_body

from .skills_fixtures import line, load_roles, need, programme

# The pipeline is read from this quarter on: the answers depend on the date.
pytestmark = pytest.mark.usefixtures("pinned_clock")


def this_quarter(offset: int = 0) -> str:
    year, quarter = periods.financial_year_of(TODAY), periods.quarter_of(TODAY) + offset
    while quarter > 4:
        year, quarter = year + 1, quarter - 4
    return periods.label_for(year, quarter)


@pytest.fixture
def picture(world):
    """Body A (central government) short of data scientists; a council (local government) even
    shorter; body B comfortable and relying on contractors."""
    roles = load_roles()
    council = make_body("GCC", "Glasgow City Council", sector="local government")
    line(world.body_a, 2025, roles["data-scientist"], 10, 6, 1, 3, median_days_to_hire=150)
    line(council, 2025, roles["data-scientist"], 10, 4, 1, 5, median_days_to_hire=170)
    line(world.body_a, 2025, roles["developer"], 20, 16, 2, 2, median_days_to_hire=90)
    line(world.body_b, 2025, roles["developer"], 20, 10, 10, 0, median_days_to_hire=60)
    line(world.body_b, 2025, roles["service-desk-manager"], 6, 6, 0, 0)
    line(world.body_a, 2024, roles["developer"], 18, 18, 0, 0)
    short = programme(world.body_a, "Benefits case management")
    need(short, roles["data-scientist"], this_quarter(1), 9)  # A has 7 data scientists in post
    fits = programme(world.body_a, "Appointments booking")
    need(fits, roles["developer"], this_quarter(1), 5)  # A has 18 developers in post
    need(programme(world.body_b, "Disclosure checks online"), roles["developer"], this_quarter(2), 40)
    return {"roles": roles, "short": short, "fits": fits, "council": council}


def test_overview_names_the_scarcest_roles_and_the_sector_where_each_is_scarcest(client, world, picture):
    page = client_for(client, world.analyst).get(reverse("skills:overview")).content.decode()
    scarcest = page[page.index('id="scarcest"') : page.index('id="unstaffable"')]
    assert scarcest.index("Data scientist") < scarcest.index("Developer")
    assert "Local government (50.0% vacant)" in scarcest
    assert "40.0%" in scarcest  # 8 of 20 data scientist posts vacant across the sector


def test_staffing_lists_programmes_the_workforce_cannot_staff_and_not_those_it_can(client, world, picture):
    page = client_for(client, world.analyst).get(reverse("skills:staffing")).content.decode()
    assert "Benefits case management" in page
    assert "Disclosure checks online" in page  # needs 40 developers; B has 20 in post
    assert "Appointments booking" not in page
    csv = b"".join(client.get(reverse("skills:staffing"), {"format": "csv"}).streaming_content).decode()
    assert "Benefits case management,Social Security Scotland,Data scientist" in csv
    assert ",9.0,9.0,7.0,2.0" in csv


def test_programmes_of_bodies_without_a_return_are_listed_as_unknown(client, world, picture):
    silent = make_body("NHS24", "NHS 24", sector="health and care")
    need(programme(silent, "Unscheduled care"), picture["roles"]["developer"], this_quarter(1), 3)
    page = client_for(client, world.analyst).get(reverse("skills:staffing")).content.decode()
    unknown = page[page.index('id="no-return"') :]
    assert "Unscheduled care" in unknown


def test_outsider_sees_only_their_own_bodys_programmes_and_contractor_figures(client, world, picture):
    client_for(client, world.editor_b)
    staffing = client.get(reverse("skills:staffing")).content.decode()
    assert "Benefits case management" not in staffing
    assert "Disclosure checks online" in staffing
    contractors = client.get(reverse("skills:contractors")).content.decode()
    assert world.body_a.name not in contractors
    assert "Disclosure Scotland" in contractors
    csv = b"".join(client.get(reverse("skills:contractors"), {"format": "csv"}).streaming_content).decode()
    assert world.body_a.name not in csv


def test_outsider_gets_404_for_another_bodys_workforce_return(client, world, picture):
    response = client_for(client, world.editor_b).get(
        reverse("skills:body", kwargs={"slug": world.body_a.slug})
    )
    assert response.status_code == 404
    assert b"Data scientist" not in response.content


def test_body_page_shows_its_return_role_by_role(client, world, picture):
    url = reverse("skills:body", kwargs={"slug": world.body_a.slug})
    page = client_for(client, world.viewer_a).get(url).content.decode()
    assert "Data scientist" in page and "30.0%" in page
    older = client.get(url, {"period": "2024-25"}).content.decode()
    assert "Data scientist" not in older.split('id="lines"')[1]


def test_heatmap_gives_each_cell_its_figures_as_text(client, world, picture):
    page = client_for(client, world.viewer_a).get(reverse("skills:gaps")).content.decode()
    assert "50.0% vacant" in page  # data, local government
    assert "20.0% contractors" in page  # data, local government: 1 of 5 filled
    assert "pan_heat--5" in page
    csv = b"".join(client.get(reverse("skills:gaps"), {"format": "csv"}).streaming_content).decode()
    assert "Data,Local government,10.0,5.0,1.0,5.0,0.500,0.200" in csv


def test_demand_page_sets_the_pipeline_against_the_workforce(client, world, picture):
    response = client_for(client, world.analyst).get(
        reverse("skills:demand"), {"family": "software-development"}
    )
    page = response.content.decode()
    assert "Software development: programme demand and current supply" in page
    csv = b"".join(client.get(reverse("skills:demand"), {"format": "csv"}).streaming_content).decode()
    assert f"Software development,{this_quarter(2)},40.0,38.0,2.0" in csv
    assert f"Data,{this_quarter(1)},9.0,12.0,0" in csv


def test_shortages_can_be_ranked_by_days_to_hire_and_filtered_by_sector(client, world, picture):
    client_for(client, world.analyst)
    page = client.get(reverse("skills:shortages"), {"order": "days_to_hire"}).content.decode()
    table = page[page.index('id="ranked"') :]
    assert table.index("Data scientist") < table.index("Developer")
    csv = b"".join(
        client.get(
            reverse("skills:shortages"), {"format": "csv", "sector": "local government"}
        ).streaming_content
    ).decode()
    assert "Data scientist" in csv and "Developer" not in csv


def test_trend_shows_each_year_with_returns(client, world, picture):
    page = client_for(client, world.auditor).get(reverse("skills:trend")).content.decode()
    assert "2024-25" in page and "2025-26" in page
    csv = b"".join(client.get(reverse("skills:trend"), {"format": "csv"}).streaming_content).decode()
    assert "2024-25,Software development,18.0,18.0,0.0,0.0,0.000,0.000" in csv


def test_years_and_bodies_with_returns_are_listed_once_each_and_no_others(world, picture):
    """Many lines per year and body, a year and a body with none (a finance year, a quiet body)."""
    from panorama.skills import selectors

    periods.period_get_or_create(year=2023)  # a year that exists without workforce lines
    make_body("QUIET", "A body with no workforce return")
    assert [p.label for p in selectors.workforce_periods()] == ["2024-25", "2025-26"]
    assert [p.label for p in selectors.organisation_periods(organisation=world.body_a)] == [
        "2024-25",
        "2025-26",
    ]
    assert [p.label for p in selectors.organisation_periods(organisation=world.body_b)] == ["2025-26"]
    bodies = selectors.organisations_with_workforce(organisation_ids=None)
    assert sorted(b.short_name for b in bodies) == sorted(
        [world.body_a.short_name, world.body_b.short_name, "GCC"]
    )
    mine = selectors.organisations_with_workforce(organisation_ids={world.body_b.pk})
    assert [b.short_name for b in mine] == [world.body_b.short_name]
    assert selectors.workforce_period_default(today=datetime.date(2025, 6, 1)).label == "2025-26"
    assert selectors.workforce_period_default(today=datetime.date(2025, 3, 31)).label == "2024-25"
    assert selectors.workforce_period_default(today=datetime.date(2024, 3, 31)) is None


def test_pages_say_so_when_there_are_no_returns(client, world):
    load_roles()
    client_for(client, world.analyst)
    assert (
        "No workforce returns have been received yet."
        in client.get(reverse("skills:overview")).content.decode()
    )
    for name in [
        "skills:gaps",
        "skills:shortages",
        "skills:demand",
        "skills:staffing",
        "skills:trend",
        "skills:contractors",
    ]:
        assert client.get(reverse(name)).status_code == 200, name


def test_overview_offers_no_link_to_a_list_of_no_programmes(client, world):
    roles = load_roles()
    line(world.body_a, 2025, roles["developer"], 20, 18, 2, 0)
    need(programme(world.body_a, "Appointments booking"), roles["developer"], this_quarter(1), 5)
    page = client_for(client, world.analyst).get(reverse("skills:overview")).content.decode()
    unstaffable = page[page.index('id="unstaffable"') :]
    assert "All 0 programmes" not in unstaffable
    assert "every planned need can be met by the workforce in post" in unstaffable
