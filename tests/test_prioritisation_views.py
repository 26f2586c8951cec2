"""Scenario pages: who may see, create, change, run and adopt which scenario; what a run shows; and
bad input answered with a specific message that changes nothing."""

import pytest
from django.urls import reverse

from panorama.collaboration.models import Decision
from panorama.core.models import AuditEvent
from panorama.prioritisation import services
from panorama.prioritisation.models import Scenario, ScenarioRun
from panorama.strategy import selectors as strategy
from tests.conftest import client_for
from tests.prioritisation_fixtures import YEARS, below_forecast, small_picture


@pytest.fixture
def picture(world):
    return small_picture(world)


@pytest.fixture
def central(world, picture):
    return services.scenario_create(
        actor=world.analyst,
        data={"name": "Cut", "years": YEARS, "envelopes": {"total": below_forecast()}, "hiring": {"*": "2"}},
    )


@pytest.fixture
def forum_scenario(world, picture):
    return services.scenario_create(
        actor=world.chair,
        data={
            "name": "Forum cut",
            "forum": picture["forum"],
            "years": YEARS,
            "envelopes": {"total": below_forecast()},
        },
    )


def form_data(**changes) -> dict:
    data = {
        "name": "Budget 15% below forecast",
        "years": ", ".join(YEARS),
        "budget": "\n".join(f"{y}: {a}" for y, a in below_forecast().items()),
        "confidence_penalty": "0.5",
        "lock_tag": "legal requirement",
        "hiring": "2",
    }
    for public_id, _ in strategy.ambition_choices():
        data[f"weight_{public_id}"] = "1"
        data[f"coverage_{public_id}"] = "0"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- who may do what -------------------------------------------------------------------------

PERSONAS = ["anonymous", "viewer_a", "editor_a", "editor_b", "member", "chair", "auditor", "analyst"]


def person(world, name):
    return None if name == "anonymous" else getattr(world, name)


@pytest.mark.parametrize(
    "name, detail, edit, run",
    [
        ("anonymous", 302, 302, 302),
        ("viewer_a", 404, 404, 404),
        ("editor_a", 404, 404, 404),  # sits on the forum, but this is the central team's scenario
        ("editor_b", 404, 404, 404),
        ("member", 404, 404, 404),
        ("auditor", 200, 403, 403),
        ("analyst", 200, 200, 302),
    ],
)
def test_central_scenario_is_the_central_teams(client, world, central, name, detail, edit, run):
    client = client_for(client, person(world, name))
    kwargs = {"public_id": central.public_id}
    assert client.get(reverse("prioritisation:detail", kwargs=kwargs)).status_code == detail
    assert client.get(reverse("prioritisation:edit", kwargs=kwargs)).status_code == edit
    assert client.post(reverse("prioritisation:run", kwargs=kwargs)).status_code == run
    assert central.runs.count() == (1 if run == 302 and name != "anonymous" else 0)


@pytest.mark.parametrize(
    "name, detail, edit",
    [
        ("anonymous", 302, 302),
        ("viewer_a", 404, 404),
        ("editor_b", 404, 404),
        ("editor_a", 200, 200),
        ("member", 200, 200),
        ("chair", 200, 200),
        ("auditor", 200, 403),
        ("analyst", 200, 200),
    ],
)
def test_forum_scenario_is_for_the_forums_members(client, world, forum_scenario, name, detail, edit):
    client = client_for(client, person(world, name))
    kwargs = {"public_id": forum_scenario.public_id}
    assert client.get(reverse("prioritisation:detail", kwargs=kwargs)).status_code == detail
    assert client.get(reverse("prioritisation:edit", kwargs=kwargs)).status_code == edit


@pytest.mark.parametrize(
    "name, status, can_create",
    [
        ("viewer_a", 200, False),
        ("editor_b", 200, False),
        ("member", 200, True),
        ("auditor", 200, False),
        ("analyst", 200, True),
    ],
)
def test_list_shows_only_scenarios_the_person_may_see(
    client, world, central, forum_scenario, name, status, can_create
):
    response = client_for(client, person(world, name)).get(reverse("prioritisation:list"))
    assert response.status_code == status
    text = response.content.decode()
    sees_central = name in ("auditor", "analyst")
    sees_forum = name in ("member", "auditor", "analyst")
    assert (">Cut</a>" in text) is sees_central
    assert (">Forum cut</a>" in text) is sees_forum
    assert ("New scenario" in text) is can_create
    create = client.get(reverse("prioritisation:create"))
    assert create.status_code == (200 if can_create else 403)


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(reverse("prioritisation:list"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


# --- creating and editing --------------------------------------------------------------------


def test_analyst_creates_a_central_scenario_and_it_is_recorded(client, world, picture):
    response = client_for(client, world.analyst).post(reverse("prioritisation:create"), form_data())
    scenario = Scenario.objects.get()
    assert response.status_code == 302 and response["Location"] == scenario.get_absolute_url()
    assert scenario.forum is None and scenario.years == YEARS
    assert scenario.envelopes["total"] == below_forecast()
    assert scenario.hiring == {"*": "2"}
    assert AuditEvent.objects.filter(action="prioritisation.scenario.created").count() == 1


def test_forum_member_must_name_the_forum(client, world, picture):
    response = client_for(client, world.member).post(reverse("prioritisation:create"), form_data())
    assert "Choose the forum this scenario is for." in response.content.decode()
    assert not Scenario.objects.exists()
    response = client.post(reverse("prioritisation:create"), form_data(forum="leaders"))
    assert response.status_code == 302
    assert Scenario.objects.get().forum == picture["forum"]


def test_forum_member_cannot_name_a_forum_they_do_not_sit_on(client, world, picture):
    response = client_for(client, world.member).post(
        reverse("prioritisation:create"), form_data(forum="justice")
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Scenario.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "Enter the name."),
        ({"years": "2026"}, "&#x27;2026&#x27; is not a period"),
        ({"years": "2026-28"}, "is not a financial year"),
        ({"years": "2026-27 Q1", "budget": "2026-27 Q1: 100"}, "2026-27 Q1 is a quarter"),
        ({"budget": "2026-27 lots"}, "Line 1: write a year and an amount"),
        ({"budget": "2026-27: lots"}, "Line 1: write a year and an amount"),
        ({"budget": "2030-31: 100"}, "The envelope for 2030-31 is outside the scenario"),
        ({"budget": "2026-27: -5"}, "The envelope for 2026-27 cannot be negative."),
        ({"sector_budgets": "farming 2026-27: 100"}, "farming is not a sector"),
        ({"sector_budgets": "health and care: 100"}, "Line 1 of the envelopes: write a name, a year"),
        ({"confidence_penalty": "2"}, "less than or equal to 1"),
        ({"hiring": "-1"}, "greater than or equal to 0"),
    ],
)
def test_bad_input_gets_a_specific_message_and_changes_nothing(client, world, picture, changes, message):
    events = AuditEvent.objects.count()
    response = client_for(client, world.analyst).post(reverse("prioritisation:create"), form_data(**changes))
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "ds_error-summary" in text
    assert not Scenario.objects.exists()
    assert AuditEvent.objects.count() == events


def test_bad_input_on_edit_leaves_the_scenario_as_it_was(client, world, central):
    response = client_for(client, world.analyst).post(
        reverse("prioritisation:edit", kwargs={"public_id": central.public_id}),
        form_data(budget="2026-27: -5", version=central.version),
    )
    assert "cannot be negative" in response.content.decode()
    central.refresh_from_db()
    assert central.name == "Cut" and central.version == 1


def test_stale_edit_is_refused(client, world, central):
    url = reverse("prioritisation:edit", kwargs={"public_id": central.public_id})
    client_for(client, world.analyst)
    assert client.post(url, form_data(name="First", version=1)).status_code == 302
    response = client.post(url, form_data(name="Second", version=1))
    assert "has changed since this page was loaded" in response.content.decode()
    central.refresh_from_db()
    assert central.name == "First" and central.version == 2


def test_edit_form_shows_what_the_scenario_holds(client, world, central):
    text = (
        client_for(client, world.analyst)
        .get(reverse("prioritisation:edit", kwargs={"public_id": central.public_id}))
        .content.decode()
    )
    assert "2026-27: 11900000" in text and "2026-27, 2027-28" in text


# --- running and what a run shows --------------------------------------------------------------


def test_run_shows_what_is_left_out_and_why(client, world, central):
    client_for(client, world.analyst)
    response = client.post(reverse("prioritisation:run", kwargs={"public_id": central.public_id}))
    assert response.status_code == 302
    run = central.runs.get()
    assert run.status == "optimal" and run.continued == 4 and run.left_out == 1
    text = client.get(central.get_absolute_url()).content.decode()
    assert "Digital front door" in text
    assert "Would need £4,200,000 more within the envelopes" in text
    # The commitment it alone served is left without a programme.
    assert "Commitments left without a programme" in text and "We will 2.1" in text
    # Money and people per year against the envelopes and the workforce.
    assert "11,900,000" in text and "11,000,000" in text
    assert "Software development" in text
    # The data it rests on, and the programme left out for want of a forecast.
    assert "Legacy migration" in text
    event = AuditEvent.objects.get(action="prioritisation.scenario.run")
    assert event.changes["continued"] == [None, 4] and event.changes["status"] == [None, "optimal"]


def test_run_csv_lists_every_programme(client, world, central):
    run = services.scenario_run(actor=world.analyst, scenario=central)
    response = client_for(client, world.auditor).get(
        reverse("prioritisation:run-csv", kwargs={"public_id": run.public_id})
    )
    lines = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert lines.lstrip("\ufeff").splitlines()[0].startswith("Programme,Body,Sector,Status,Why")
    assert "Digital front door" in lines and "stopped" in lines


def test_infeasible_run_names_the_conflict_and_cannot_be_adopted(client, world, picture):
    scenario = services.scenario_create(
        actor=world.analyst,
        data={
            "name": "Impossible",
            "years": YEARS,
            "envelopes": {"total": below_forecast("0.5")},
            "locked": [str(p.public_id) for p in picture["programmes"].values()],
            "hiring": {"*": "5"},
        },
    )
    run = services.scenario_run(actor=world.analyst, scenario=scenario)
    assert run.status == "infeasible"
    text = client_for(client, world.analyst).get(scenario.get_absolute_url()).content.decode()
    assert "No portfolio meets every constraint." in text
    assert "<strong>Envelope:</strong> Total envelope for 20" in text
    assert text.count("<strong>Lock:</strong>") >= 2
    assert "Record the decision" not in text
    response = client.post(
        reverse("prioritisation:adopt", kwargs={"public_id": run.public_id}),
        {"meeting": str(picture["meeting"].public_id)},
        follow=True,
    )
    assert "Only a run that found a portfolio can be adopted." in response.content.decode()
    assert not Decision.objects.exists()


def test_compare_puts_scenarios_side_by_side(client, world, picture, central):
    protect = services.scenario_create(
        actor=world.analyst,
        data={
            "name": "Protect health",
            "years": YEARS,
            "envelopes": {"total": below_forecast()},
            "locked": [
                str(picture["programmes"][t].public_id) for t in ("Digital front door", "Health records")
            ],
        },
    )
    services.scenario_run(actor=world.analyst, scenario=central)
    services.scenario_run(actor=world.analyst, scenario=protect)
    response = client_for(client, world.auditor).get(
        reverse("prioritisation:compare"), {"scenario": [str(central.public_id), str(protect.public_id)]}
    )
    text = response.content.decode()
    assert "Protect health" in text and ">Cut</a>" in text
    assert "Commitments kept served" in text and "Skills shortfall" in text
    assert "3 of 4" in text and "(0 paused, 1 stopped)" in text
    assert "(the greedy rule: " in text


def test_compare_shows_nothing_a_person_may_not_see(client, world, central, forum_scenario):
    text = (
        client_for(client, world.member)
        .get(reverse("prioritisation:compare"), {"scenario": [str(central.public_id)]})
        .content.decode()
    )
    assert ">Cut<" not in text


# --- adoption by a forum -------------------------------------------------------------------------


def test_chair_adopts_a_run_as_a_decision_of_the_forum(client, world, picture, forum_scenario):
    run = services.scenario_run(actor=world.chair, scenario=forum_scenario)
    meeting = picture["meeting"]
    response = client_for(client, world.chair).post(
        reverse("prioritisation:adopt", kwargs={"public_id": run.public_id}),
        {"meeting": str(meeting.public_id)},
        follow=True,
    )
    assert "Digital leaders adopted Forum cut as a decision of Spending round." in response.content.decode()
    decision = Decision.objects.get(meeting=meeting)
    assert "Adopted the prioritisation scenario “Forum cut”" in decision.text
    run.refresh_from_db()
    assert run.adopted_decision == decision
    adopted = AuditEvent.objects.get(action="prioritisation.scenario.adopted")
    assert adopted.changes["decision"] == [None, decision.text]
    assert AuditEvent.objects.filter(action="collaboration.decision.created").count() == 1
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Adopted the prioritisation scenario" in meeting_page


@pytest.mark.parametrize("name", ["member", "editor_a", "auditor"])
def test_only_a_chair_or_analyst_may_adopt(client, world, picture, forum_scenario, name):
    run = services.scenario_run(actor=world.chair, scenario=forum_scenario)
    response = client_for(client, person(world, name)).post(
        reverse("prioritisation:adopt", kwargs={"public_id": run.public_id}),
        {"meeting": str(picture["meeting"].public_id)},
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_an_auditor_who_chairs_the_forum_is_offered_no_adoption_and_may_not_adopt(
    client, world, picture, forum_scenario
):
    from panorama.collaboration import services as collaboration
    from tests.conftest import make_person

    meeting = picture["meeting"]
    chair = make_person("chair@audit.test", role="auditor", body=world.body_a, member_role="viewer")
    collaboration.forum_member_add(
        actor=world.analyst, forum=meeting.forum, person=chair, organisation=world.body_a, role="chair"
    )
    run = services.scenario_run(actor=world.chair, scenario=forum_scenario)
    client_for(client, chair)
    assert "Adopt as a forum" not in client.get(forum_scenario.get_absolute_url()).content.decode()
    response = client.post(
        reverse("prioritisation:adopt", kwargs={"public_id": run.public_id}),
        {"meeting": str(meeting.public_id)},
    )
    assert response.status_code == 403 and not Decision.objects.exists()


def test_forum_scenario_cannot_be_adopted_at_another_forums_meeting(client, world, picture, forum_scenario):
    run = services.scenario_run(actor=world.analyst, scenario=forum_scenario)
    response = client_for(client, world.analyst).post(
        reverse("prioritisation:adopt", kwargs={"public_id": run.public_id}),
        {"meeting": str(picture["other_meeting"].public_id)},
        follow=True,
    )
    assert "Choose the meeting that decided." in response.content.decode()
    assert not Decision.objects.exists()
    assert ScenarioRun.objects.get().adopted_decision is None


def test_a_scenario_that_protects_a_sector_keeps_all_its_programmes(client, world, picture):
    client_for(client, world.analyst)
    response = client.post(
        reverse("prioritisation:create"), form_data(name="Protect health", lock_sectors=["health and care"])
    )
    scenario = Scenario.objects.get()
    assert response.status_code == 302 and scenario.lock_sectors == ["health and care"]
    client.post(reverse("prioritisation:run", kwargs={"public_id": scenario.public_id}))
    programmes = {p["title"]: p for p in scenario.runs.get().result["programmes"]}
    for title in ("Digital front door", "Health records"):
        assert programmes[title]["locked"] and programmes[title]["status"] == "continued"
    text = client.get(scenario.get_absolute_url()).content.decode()
    assert "every programme in health and care" in text
