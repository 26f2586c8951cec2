import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from panorama.collaboration import selectors, services
from panorama.collaboration.models import Application, ChallengeStage
from panorama.core.models import Notification
from tests.conftest import make_body, make_person


@pytest.fixture
def challenge(world):
    round_ = services.round_create(
        actor=world.analyst, name="Round 2025", opened_on=datetime.date(2025, 5, 1)
    )
    return services.challenge_create(
        actor=world.analyst,
        data={
            "round": round_,
            "sponsor": world.body_a,
            "title": "Fewer missed payments",
            "problem": "Why?",
            "budget": Decimal("250000"),
        },
    )


def _teams(n: int) -> list:
    teams = []
    for i in range(n):
        body = make_body(f"CO{i}", f"Company {i} Ltd", sector="industry")
        teams.append((body, make_person(f"founder{i}@co{i}.test", body=body, member_role="editor")))
    return teams


def _apply(challenge, teams) -> list[Application]:
    return [
        services.application_submit(
            actor=person, challenge=challenge, organisation=body, proposal="Our idea."
        )
        for body, person in teams
    ]


def test_the_shortlist_holds_at_most_six_teams(world, challenge):
    apps = _apply(challenge, _teams(7))
    services.challenge_set_stage(actor=world.analyst, challenge=challenge, stage=ChallengeStage.SHORTLIST)
    for application in apps[:6]:
        services.application_advance(actor=world.analyst, application=application, stage="shortlisted")
    with pytest.raises(ValidationError, match="at most 6 teams"):
        services.application_advance(actor=world.analyst, application=apps[6], stage="shortlisted")
    assert challenge.applications.filter(stage="shortlisted").count() == 6


def test_an_application_moves_one_stage_at_a_time_and_only_when_the_challenge_has(world, challenge):
    (application,) = _apply(challenge, _teams(1))
    with pytest.raises(ValidationError, match="only at shortlisting"):
        services.application_advance(actor=world.analyst, application=application, stage="shortlisted")
    services.challenge_set_stage(actor=world.analyst, challenge=challenge, stage=ChallengeStage.SHORTLIST)
    with pytest.raises(ValidationError, match="one stage at a time"):
        services.application_advance(actor=world.analyst, application=application, stage="exploration")
    with pytest.raises(ValidationError, match="moves to exploration"):
        services.challenge_set_stage(
            actor=world.analyst, challenge=challenge, stage=ChallengeStage.ACCELERATOR
        )


def test_a_challenge_follows_the_flow_from_problem_to_adoption(world, challenge):
    apps = _apply(challenge, _teams(5))
    plan = [
        ("shortlist", "shortlisted", 4),
        ("exploration", "exploration", 3),
        ("accelerator", "accelerator", 1),
        ("demo day", "demo day", 1),
    ]
    for challenge_stage, app_stage, keep in plan:
        services.challenge_set_stage(actor=world.analyst, challenge=challenge, stage=challenge_stage)
        for application in apps[:keep]:
            application.refresh_from_db()
            services.application_advance(actor=world.analyst, application=application, stage=app_stage)
    apps[0].refresh_from_db()
    assert apps[0].exploration_fee == Decimal("5000.00")  # the paid exploration stage
    services.application_advance(actor=world.analyst, application=apps[0], stage="adopted")
    services.challenge_set_stage(actor=world.analyst, challenge=challenge, stage=ChallengeStage.ADOPTED)
    (funnel,) = selectors.funnel_by_round(rounds=[challenge.round])
    assert (
        funnel.challenges,
        funnel.applications,
        funnel.shortlisted,
        funnel.exploration,
        funnel.accelerator,
        funnel.adopted,
    ) == (1, 5, 4, 3, 1, 1)
    assert funnel.adoption_rate == 1.0
    apps[4].refresh_from_db()
    assert apps[4].stopped  # never shortlisted: the challenge moved on without it
    # People at the adopted company were told at each step, once per step.
    assert Notification.objects.filter(recipient__email="founder0@co0.test").count() == 5


def test_adoption_needs_an_adopted_team(world, challenge):
    challenge.stage = ChallengeStage.DEMO_DAY
    challenge.save()
    with pytest.raises(ValidationError, match="Mark the team"):
        services.challenge_set_stage(actor=world.analyst, challenge=challenge, stage=ChallengeStage.ADOPTED)


def test_only_editors_of_industry_organisations_can_apply(client, world, challenge):
    with pytest.raises(ValidationError, match="industry organisations"):
        services.application_submit(
            actor=world.editor_b, challenge=challenge, organisation=world.body_b, proposal="x"
        )
    client.force_login(world.editor_b)
    url = reverse("collaboration:application-create", kwargs={"public_id": challenge.public_id})
    assert b"Applications come from industry organisations" in client.get(url).content
    assert client.post(url, {"organisation": world.body_b.pk, "proposal": "x"}).status_code == 403
    assert not Application.objects.exists()


def test_applicants_see_only_their_own_applications(client, world, challenge):
    (first, first_person), (second, second_person) = _teams(2)
    mine, theirs = _apply(challenge, [(first, first_person), (second, second_person)])
    client.force_login(first_person)
    listing = client.get(reverse("collaboration:my-applications")).content.decode()
    assert "Company 0 Ltd" in listing and "Company 1 Ltd" not in listing
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    # Not shortlisted: the public challenge page does not name either team.
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Company 1 Ltd" not in page


def test_applying_through_the_form_submits_once_per_organisation(client, world, challenge):
    ((body, person),) = _teams(1)
    client.force_login(person)
    url = reverse("collaboration:application-create", kwargs={"public_id": challenge.public_id})
    assert client.post(url, {"organisation": body.pk, "proposal": "Use open data."}).status_code == 302
    response = client.post(url, {"organisation": body.pk, "proposal": "Again."})
    assert b"has already applied" in response.content
    assert Application.objects.count() == 1


def test_funnel_page_and_csv_show_every_round(client, world, challenge):
    _apply(challenge, _teams(2))
    page = client.get(reverse("collaboration:challenge-list"))
    assert b"Round 2025" in page.content and b"Teams at each stage, by round" in page.content
    csv = b"".join(
        client.get(reverse("collaboration:challenge-list") + "?format=csv").streaming_content
    ).decode()
    assert (
        "round,challenges,applications,shortlisted,exploration teams,accelerator teams,adopted,adoption rate"
        in csv
    )
    assert "Round 2025,1,2,0,0,0,0," in csv


def test_a_closed_challenge_says_so_before_anyone_fills_in_the_form(client, world, challenge):
    ((body, person),) = _teams(1)
    services.challenge_set_stage(actor=world.analyst, challenge=challenge, stage=ChallengeStage.SHORTLIST)
    client.force_login(person)
    url = reverse("collaboration:application-create", kwargs={"public_id": challenge.public_id})
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "no longer open for applications" in text
    assert 'name="proposal"' not in text
    assert client.post(url, {"organisation": body.pk, "proposal": "Late idea."}).status_code == 200
    assert not Application.objects.exists()
