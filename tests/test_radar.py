"""The technology radar: technologies kept by analysts, bodies' stances with their history, the rings,
movement between quarters, questions and answers, and who sees which stance."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from panorama.core import catalogue
from panorama.core.models import AuditEvent, Notification
from panorama.radar import selectors, services
from panorama.radar.models import BodyStance, StanceChange, Technology

from .conftest import make_body, make_person

D = datetime.date
TODAY = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def genai(world) -> Technology:
    return services.technology_create(
        actor=world.analyst,
        data={
            "name": "Generative AI assistants",
            "description": "Drafting help.",
            "category": "ai and automation",
        },
    )


def _stance(body, technology, stance, since, **extra):
    return services.stance_set(
        actor=None, organisation=body, technology=technology, stance=stance, since=since, **extra
    )


# --- Technologies ----------------------------------------------------------------------------------


def test_analyst_edits_a_technology_with_its_version_and_it_is_recorded(world, genai):
    services.technology_update(
        actor=world.analyst, technology=genai, version=1, data={"risk_bias": "Check drafts about people."}
    )
    genai.refresh_from_db()
    assert (genai.version, genai.risk_bias) == (2, "Check drafts about people.")
    event = AuditEvent.objects.get(action="radar.technology.changed")
    assert event.changes["risk_bias"] == ["", "Check drafts about people."]
    with pytest.raises(ValidationError, match="has changed since this page was loaded"):
        services.technology_update(actor=world.analyst, technology=genai, version=1, data={"risk_bias": "x"})


def test_a_second_technology_with_the_same_name_is_refused(world, genai):
    with pytest.raises(ValidationError, match="already a technology called"):
        services.technology_create(
            actor=world.analyst,
            data={"name": "generative AI assistants", "description": "x", "category": "ai and automation"},
        )
    assert Technology.objects.count() == 1


def test_only_analysts_may_add_a_technology(client, world):
    for person, status in ((world.editor_a, 403), (world.auditor, 403), (world.analyst, 200)):
        client.force_login(person)
        assert client.get(reverse("radar:technology-create")).status_code == status
    response = client.post(
        reverse("radar:technology-create"),
        {
            "name": "Low-code platforms",
            "description": "Forms by configuration.",
            "category": "platforms and cloud",
        },
    )
    assert response.status_code == 302
    assert Technology.objects.get().slug == "low-code-platforms"


# --- Stances and their history --------------------------------------------------------------------


def test_changing_a_stance_keeps_the_history_and_refuses_a_stale_edit(world, genai):
    first = _stance(world.body_a, genai, "assessing", D(2025, 6, 1))
    second = _stance(world.body_a, genai, "trialling", D(2026, 8, 1), version=first.version)
    assert (second.stance, second.since, second.version) == ("trialling", D(2026, 8, 1), 2)
    assert list(StanceChange.objects.values_list("previous", "stance", "effective")) == [
        ("", "assessing", D(2025, 6, 1)),
        ("assessing", "trialling", D(2026, 8, 1)),
    ]
    with pytest.raises(ValidationError, match="has changed since this page was loaded"):
        _stance(world.body_a, genai, "on hold", D(2026, 9, 1), version=1)
    assert AuditEvent.objects.filter(action__startswith="radar.stance.").count() == 2


def test_a_stance_cannot_start_before_the_last_one_nor_in_the_future(world, genai):
    _stance(world.body_a, genai, "trialling", D(2026, 8, 1))
    with pytest.raises(ValidationError, match="cannot start before it"):
        _stance(world.body_a, genai, "on hold", D(2026, 7, 1))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        _stance(world.body_a, genai, "on hold", D(2027, 1, 1))
    assert BodyStance.objects.get().stance == "trialling"


def test_a_stance_names_only_the_body_s_own_programmes(world, genai):
    from panorama.programmes.models import Programme

    theirs = Programme.objects.create(organisation=world.body_b, title="Their programme")
    with pytest.raises(ValidationError, match="is not a programme of"):
        _stance(world.body_a, genai, "trialling", D(2026, 8, 1), programmes=[theirs])
    assert not BodyStance.objects.exists()


def test_editor_records_own_body_stance_but_not_another_s(client, world, genai):
    client.force_login(world.editor_a)
    url = reverse("radar:stance", kwargs={"slug": world.body_a.slug, "technology": genai.slug})
    response = client.post(
        url, {"stance": "trialling", "since": "2026-10-01", "note": "Pilot", "internal": "on"}
    )
    assert response.status_code == 302
    assert BodyStance.objects.get(organisation=world.body_a).internal
    with pytest.raises(Http404):
        selectors.organisation_for_stance(user=world.editor_b, slug=world.body_a.slug)
    with pytest.raises(PermissionDenied):
        selectors.organisation_for_stance(user=world.viewer_a, slug=world.body_a.slug)


def test_internal_stances_are_seen_by_the_body_and_the_central_team_only(world, genai):
    _stance(world.body_a, genai, "trialling", D(2026, 8, 1), internal=True)
    _stance(world.body_b, genai, "adopted", D(2026, 8, 1))
    seen = {
        name: sorted(
            s.organisation.short_name for s in selectors.stances_for_user(user=person, technology=genai)
        )
        for name, person in world.people.items()
    }
    assert seen["viewer_a"] == seen["editor_a"] == ["DS", "SSS"]
    assert seen["editor_b"] == ["DS"]  # the outsider sees body B's public stance only
    assert seen["analyst"] == seen["auditor"] == ["DS", "SSS"]
    from django.contrib.auth.models import AnonymousUser

    assert [s.organisation.short_name for s in selectors.stances_for_user(user=AnonymousUser())] == ["DS"]


# --- The rings and movement --------------------------------------------------------------------------


def test_rings_follow_how_many_bodies_hold_each_stance_and_how_recently(world, genai):
    bodies = [make_body(f"B{i}", f"Body {i}") for i in range(8)]
    for body in bodies[:6]:
        _stance(body, genai, "trialling", D(2026, 9, 1))
    for body in bodies[6:]:
        _stance(body, genai, "on hold", D(2026, 9, 1))
    [blip] = selectors.radar(user=None, as_of=D(2026, 11, 20))
    assert (blip.ring, blip.counts["trialling"], blip.counts["on hold"]) == ("trial", 6, 2)
    assert blip.score == pytest.approx(2.5)
    # Stances more than a year old count half: old adoptions weigh less than fresh trials.
    held = [
        selectors.Held(1, 1, "adopted", D(2024, 1, 1), False),
        selectors.Held(2, 1, "on hold", D(2026, 10, 1), False),
    ]
    assert selectors.ring_for(held, as_of=D(2026, 11, 20)) == ("assess", 2)
    assert selectors.ring_for(held, as_of=D(2024, 11, 20))[0] == "trial"  # both within a year of then


def test_moves_between_quarters_and_the_catalogue_figure(world, genai):
    _stance(world.body_a, genai, "assessing", D(2026, 3, 1))
    _stance(world.body_a, genai, "trialling", D(2026, 8, 10))  # 2026-27 Q2: July to September
    _stance(world.body_b, genai, "adopted", D(2026, 10, 5), internal=True)  # Q3, but internal
    scope = catalogue.scope_for("2026-27 Q2")
    moves = selectors.moves(start=scope.start, end=scope.end, user=None)
    assert [(m.organisation.short_name, m.before, m.after) for m in moves] == [
        ("SSS", "assessing", "trialling")
    ]
    reading = catalogue.read(["radar.moved"], scope=scope, reader=world.editor_b)["radar.moved"]
    assert (reading.value, reading.count) == (1, 1)
    q3 = catalogue.read(["radar.moved"], scope=catalogue.scope_for("2026-27 Q3"), reader=world.analyst)
    assert q3["radar.moved"].value == 0  # internal stances never reach the published figure
    [blip] = selectors.radar(user=None, as_of=scope.end, since=scope.start - datetime.timedelta(days=1))
    assert (blip.previous_ring, blip.ring, blip.moved) == ("assess", "trial", True)


# --- Questions and answers --------------------------------------------------------------------------


def test_a_question_reaches_bodies_using_the_technology_and_the_central_team(world, genai):
    adopter = world.body_b
    _stance(adopter, genai, "adopted", D(2026, 1, 1))
    asker_body = make_body("EDC", "City of Edinburgh Council", "local government")
    lead = make_person("lead@edc.test", body=asker_body, member_role="editor")
    question = services.question_ask(
        actor=lead,
        organisation=asker_body,
        technology=genai,
        title="How did you do the DPIA?",
        text="Details?",
    )
    notified = set(
        Notification.objects.filter(key__startswith="radar.question").values_list(
            "recipient__email", flat=True
        )
    )
    assert notified == {"editor@b.test", "analyst@central.test", "admin@central.test"}
    services.answer_add(
        actor=world.editor_b, question=question, organisation=adopter, text="We finished it first."
    )
    assert Notification.objects.get(key__startswith="radar.answer").recipient == lead
    assert [a.organisation for a in selectors.questions_for(technology=genai)[0].answers.all()] == [adopter]


def test_nobody_speaks_for_a_body_they_do_not_belong_to(world, genai):
    with pytest.raises(ValidationError, match="Choose a body you belong to"):
        services.question_ask(
            actor=world.editor_b, organisation=world.body_a, technology=genai, title="x", text="y"
        )


def test_questions_are_for_people_signed_in_and_auditors_only_read(client, world, genai):
    question = services.question_ask(
        actor=world.editor_a, organisation=world.body_a, technology=genai, title="Where to start?", text="?"
    )
    page = reverse("radar:technology", kwargs={"slug": genai.slug})
    assert "Where to start?" not in client.get(page).content.decode()
    client.force_login(world.auditor)
    assert "Where to start?" in client.get(page).content.decode()
    assert (
        client.post(
            reverse("radar:answer", kwargs={"public_id": question.public_id}), {"text": "x"}
        ).status_code
        == 403
    )


def test_a_stance_made_internal_is_hidden_from_today_but_the_past_stays_as_shown(world, genai):
    first = _stance(world.body_a, genai, "trialling", D(2026, 3, 1))
    _stance(world.body_a, genai, "trialling", D(2026, 3, 1), internal=True, version=first.version)
    assert (world.body_a.pk, genai.pk) in selectors.stances_on(day=D(2026, 11, 19), user=None)
    assert selectors.stances_on(day=D(2026, 11, 20), user=None) == {}
    assert (world.body_a.pk, genai.pk) in selectors.stances_on(day=D(2026, 11, 20), user=world.viewer_a)


# --- Where the radar shows elsewhere: a lesson's page and a body's profile ----------------------------


def test_a_lesson_page_lists_the_technologies_it_is_about(client, world):
    from .lessons_helpers import make_lesson

    lesson = make_lesson("Pilot drafting assistants with a small team first")
    other = make_lesson("Keep the old system running until the new one is proven")
    for name in ("Generative AI assistants", "Automated meeting notes"):
        services.technology_create(
            actor=world.analyst,
            data={"name": name, "description": "x", "category": "ai and automation"},
            links={"lessons": [lesson]},
        )
    page = client.get(reverse("lessons:detail", args=[lesson.public_id])).content.decode()
    assert 'id="technologies"' in page
    first = page.index(f'href="{reverse("radar:technology", args=["automated-meeting-notes"])}"')
    second = page.index(f'href="{reverse("radar:technology", args=["generative-ai-assistants"])}"')
    assert first < second  # by name
    assert (
        'id="technologies"'
        not in client.get(reverse("lessons:detail", args=[other.public_id])).content.decode()
    )


def test_a_body_profile_links_to_its_stances_internal_ones_only_for_those_allowed(client, world, genai):
    cloud = services.technology_create(
        actor=world.analyst,
        data={"name": "Public cloud hosting", "description": "x", "category": "platforms and cloud"},
    )
    _stance(world.body_a, genai, "trialling", D(2026, 8, 1), internal=True)
    public = _stance(world.body_a, cloud, "adopted", D(2025, 4, 1))
    _stance(world.body_b, cloud, "assessing", D(2026, 8, 1))
    url = reverse("organisations:detail", args=[world.body_a.slug])
    internal = BodyStance.objects.get(organisation=world.body_a, technology=genai)

    def profile(person) -> str:
        client.logout()
        if person is not None:
            client.force_login(person)
        return client.get(url).content.decode()

    for person in (None, world.editor_b):
        page = profile(person)
        assert (
            f'href="{public.get_absolute_url()}">Public cloud hosting</a>: adopted since 1 Apr 2025' in page
        )
        assert "Generative AI assistants" not in page  # internal: the body's and the central team's
        assert reverse("radar:body", args=[world.body_a.slug]) not in page
    for person in (world.viewer_a, world.analyst, world.auditor):
        page = profile(person)
        assert f'href="{internal.get_absolute_url()}">Generative AI assistants</a>: trialling' in page
        assert "Public cloud hosting" in page
    # The body's editors are offered the page where its stances are recorded.
    assert reverse("radar:body", args=[world.body_a.slug]) in profile(world.editor_a)
    assert "assessing" not in profile(world.editor_a)  # body B's stance is on B's profile
