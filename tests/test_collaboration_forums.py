import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from panorama.collaboration import selectors, services
from panorama.collaboration.services import StaleEdit
from panorama.core.models import AuditEvent
from panorama.strategy.models import Ambition, Commitment, Strategy
from tests.conftest import make_body, make_person


@pytest.fixture
def commitments(db):
    strategy = Strategy.objects.create(slug="acn", title="A changing nation", short_title="ACN")
    ambition = Ambition.objects.create(strategy=strategy, number=3, title="Digital government and services")
    unowned = Commitment.objects.create(ambition=ambition, reference="3.4", text="Common platforms")
    return unowned, ambition


@pytest.fixture
def forum(world):
    forum = services.forum_create(
        actor=world.analyst, name="Digital Leaders' Forum", purpose="Plan **together**."
    )
    services.forum_member_add(
        actor=world.analyst, forum=forum, person=world.editor_a, organisation=world.body_a, role="chair"
    )
    return forum


def test_forum_takes_ownership_of_an_unowned_commitment_and_the_commitment_shows_it(
    client, world, forum, commitments
):
    unowned, _ = commitments
    services.action_create(
        actor=world.editor_a,
        forum=forum,
        data={
            "title": "Lead the platforms work",
            "commitment": unowned,
            "owns_commitment": True,
            "owner": world.editor_a,
        },
    )
    assert selectors.commitment_forum_owner(commitment=unowned) == forum
    page = client.get(reverse("collaboration:commitment-forums", kwargs={"public_id": unowned.public_id}))
    assert b"Digital Leaders&#x27; Forum</a> (a forum)" in page.content
    listing = client.get(reverse("collaboration:forum-commitments"))
    assert b"Owns it" in listing.content and b"Lead the platforms work" in listing.content
    assert AuditEvent.objects.filter(action="collaboration.action.created").exists()
    # The strategy's own commitment page shows the forum that took it on.
    commitment_page = client.get(unowned.get_absolute_url())
    assert commitment_page.status_code == 200
    assert (
        b"Owner</strong>" in commitment_page.content and b"Lead the platforms work" in commitment_page.content
    )


def test_forum_cannot_take_ownership_of_a_commitment_a_body_owns(world, forum, commitments):
    _, ambition = commitments
    owned = Commitment.objects.create(
        ambition=ambition,
        reference="3.5",
        text="Owned",
        owner=world.body_b,
        accountable_person="Chief Digital Officer",
    )
    with pytest.raises(ValidationError) as error:
        services.action_create(
            actor=world.analyst,
            forum=forum,
            data={"title": "Take it", "commitment": owned, "owns_commitment": True},
        )
    assert "already owned by Disclosure Scotland" in str(error.value)
    assert not forum.actions.exists()


def test_second_forum_cannot_own_a_commitment_another_forum_owns(world, forum, commitments):
    unowned, _ = commitments
    services.action_create(
        actor=world.analyst, forum=forum, data={"title": "A", "commitment": unowned, "owns_commitment": True}
    )
    other = services.forum_create(actor=world.analyst, name="Data Forum", purpose="Data.")
    with pytest.raises(ValidationError, match="already owns commitment 3.4"):
        services.action_create(
            actor=world.analyst,
            forum=other,
            data={"title": "B", "commitment": unowned, "owns_commitment": True},
        )


def test_a_member_must_belong_to_the_body_they_represent(world, forum):
    with pytest.raises(ValidationError, match="does not belong to Disclosure Scotland"):
        services.forum_member_add(
            actor=world.analyst, forum=forum, person=world.viewer_a, organisation=world.body_b
        )


def test_forum_groups_its_bodies_into_public_sector_industry_and_third_sector(client, world, forum):
    industry = make_body("SIS", "ScotlandIS", sector="industry")
    third = make_body("SCVO", "Scottish Council for Voluntary Organisations", sector="third sector")
    for email, body in [("innes@sis.test", industry), ("sorcha@scvo.test", third)]:
        services.forum_member_add(
            actor=world.analyst,
            forum=forum,
            person=make_person(email, body=body, member_role="editor"),
            organisation=body,
        )
    groups = selectors.forum_sectors(forum=forum)
    assert [len(groups[g]) for g in ("public sector", "industry", "third sector")] == [1, 1, 1]
    anonymous = client.get(forum.get_absolute_url())
    assert b"SCVO" in anonymous.content and b"Innes" not in anonymous.content  # names need a sign-in
    client.force_login(world.viewer_a)
    assert b"Innes" in client.get(forum.get_absolute_url()).content


def test_stale_action_edit_is_refused_and_changes_nothing(client, world, forum):
    action = services.action_create(actor=world.analyst, forum=forum, data={"title": "Write the plan"})
    services.action_update(actor=world.analyst, action=action, version=1, data={"status": "in progress"})
    with pytest.raises(StaleEdit):
        services.action_update(actor=world.editor_a, action=action, version=1, data={"status": "done"})
    action.refresh_from_db()
    assert action.status == "in progress"


def test_action_owner_can_update_their_action_but_other_members_cannot(client, world, forum):
    services.forum_member_add(
        actor=world.analyst, forum=forum, person=world.viewer_a, organisation=world.body_a
    )
    action = services.action_create(
        actor=world.analyst, forum=forum, data={"title": "Write the plan", "owner": world.viewer_a}
    )
    url = reverse("collaboration:action-edit", kwargs={"public_id": action.public_id})
    client.force_login(world.viewer_a)
    response = client.post(
        url,
        {
            "version": action.version,
            "title": "Write the plan",
            "status": "done",
            "due": "2026-02-01",
            "owner_email": world.viewer_a.email,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.due == datetime.date(2026, 2, 1)
    client.force_login(world.editor_b)
    assert client.get(url).status_code == 403


def test_action_form_lists_every_problem_and_saves_nothing(client, world, forum, commitments):
    client.force_login(world.editor_a)
    response = client.post(
        reverse("collaboration:action-create", kwargs={"slug": forum.slug}),
        {"title": "", "status": "open", "owner_email": "nobody@nowhere.test", "owns_commitment": "on"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nobody signs in to Panorama as nobody@nowhere.test" in text
    assert "Enter the title." in text
    assert not forum.actions.exists()


def test_meeting_shows_agenda_papers_minutes_and_decisions(client, world, forum):
    meeting = services.meeting_create(
        actor=world.analyst,
        forum=forum,
        data={
            "title": "Priorities",
            "held_on": datetime.date(2026, 1, 20),
            "agenda": "1. **Identity**",
            "minutes": "Agreed <script>x</script>",
        },
    )
    services.paper_add(
        actor=world.analyst, meeting=meeting, title="Identity options paper", url="https://example.org/p.pdf"
    )
    services.decision_add(actor=world.analyst, meeting=meeting, text="Adopt ScotAccount by default.")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<strong>Identity</strong>" in page
    assert "Identity options paper" in page and "Adopt ScotAccount by default." in page
    assert "<script>x" not in page


def test_an_action_owner_who_does_not_chair_cannot_make_the_forum_own_a_commitment(
    client, world, forum, commitments
):
    unowned, _ = commitments
    services.forum_member_add(
        actor=world.analyst, forum=forum, person=world.viewer_a, organisation=world.body_a
    )
    action = services.action_create(
        actor=world.analyst,
        forum=forum,
        data={"title": "Write the plan", "owner": world.viewer_a, "commitment": unowned},
    )
    url = reverse("collaboration:action-edit", kwargs={"public_id": action.public_id})
    client.force_login(world.viewer_a)
    assert b'name="owns_commitment"' not in client.get(url).content
    client.post(
        url,
        {
            "version": action.version,
            "title": "Write the plan",
            "status": "open",
            "commitment": unowned.pk,
            "owns_commitment": "on",
            "owner_email": world.viewer_a.email,
        },
    )
    action.refresh_from_db()
    assert action.owns_commitment is False
    assert selectors.commitment_forum_owner(commitment=unowned) is None
    with pytest.raises(ValidationError, match="chair"):
        services.action_update(
            actor=world.viewer_a, action=action, version=action.version, data={"owns_commitment": True}
        )


def forum_member_kinds(world, forum) -> dict[str, tuple[object, bool]]:
    """Every kind of person who may look at a forum's page, and whether they run the forum: its
    chair, whatever their sector or what they are in their body, and analysts; nobody else."""
    industry = make_body("SOFT", "Software Partners Ltd", sector="industry")
    charity = make_body("CHAR", "Digital Inclusion Charity", sector="third sector")
    third = make_body("THRD", "A third public body")
    kinds = {
        "chair (editor of the body they represent)": (world.editor_a, True),
        "analyst, with no seat": (world.analyst, True),
        "member who is a viewer of their body": (world.viewer_a, False),
        "member who is an editor of their body": (
            make_person("ed2@a.test", body=world.body_a, member_role="editor"),
            False,
        ),
        "member from industry": (
            make_person("partner@soft.test", body=industry, member_role="editor"),
            False,
        ),
        "member from the third sector": (
            make_person("member@char.test", body=charity, member_role="editor"),
            False,
        ),
        "member also editor of a body not on the forum": (
            make_person("two@hats.test", body=third, member_role="editor"),
            False,
        ),
        "chair from industry": (make_person("chair@soft.test", body=industry, member_role="viewer"), True),
        "chair who is an auditor": (
            make_person("chair@audit.test", role="auditor", body=third, member_role="viewer"),
            False,
        ),
        "auditor, with no seat": (world.auditor, False),
        "editor of another body, with no seat": (world.editor_b, False),
    }
    from panorama.accounts import services as accounts

    accounts.membership_set(
        actor=None,
        person=kinds["member also editor of a body not on the forum"][0],
        organisation=world.body_a,
        role="viewer",
    )
    seats = {
        "member who is a viewer of their body": (world.body_a, "member"),
        "member who is an editor of their body": (world.body_a, "member"),
        "member from industry": (industry, "member"),
        "member from the third sector": (charity, "member"),
        "member also editor of a body not on the forum": (world.body_a, "member"),
        "chair from industry": (industry, "chair"),
        "chair who is an auditor": (third, "chair"),
    }
    for kind, (body, role) in seats.items():
        services.forum_member_add(
            actor=world.analyst, forum=forum, person=kinds[kind][0], organisation=body, role=role
        )
    return kinds


def test_the_forum_page_offers_new_action_exactly_to_every_kind_of_member_the_action_page_allows(
    client, world, forum
):
    """Link shown if and only if the form opens and a new action can be saved (the page and the view
    ask the permission module the same question), for every kind of forum member."""
    from panorama.collaboration.models import Action

    create = reverse("collaboration:action-create", kwargs={"slug": forum.slug})
    for kind, (person, may) in forum_member_kinds(world, forum).items():
        client.force_login(person)
        offered = f'href="{create}"' in client.get(forum.get_absolute_url()).content.decode()
        opened = client.get(create).status_code
        posted = client.post(create, {"title": f"Action by {person.email}", "status": "open"})
        saved = Action.objects.filter(forum=forum, title=f"Action by {person.email}").exists()
        assert offered == may, f"{kind}: the forum page {'hides' if may else 'offers'} New action"
        assert (opened, posted.status_code, saved) == ((200, 302, True) if may else (403, 403, False)), kind
    client.logout()
    assert f'href="{create}"' not in client.get(forum.get_absolute_url()).content.decode()
    assert client.get(create).status_code == 302  # anonymous: sent to sign in


def test_an_action_offers_edit_exactly_to_those_who_may_change_it(client, world, forum):
    kinds = forum_member_kinds(world, forum)
    owner = kinds["member from the third sector"][0]
    action = services.action_create(
        actor=world.analyst, forum=forum, data={"title": "Map the data", "owner": owner}
    )
    edit = reverse("collaboration:action-edit", kwargs={"public_id": action.public_id})
    kinds["member from the third sector"] = (owner, True)  # the action's owner reports progress
    for kind, (person, may) in kinds.items():
        client.force_login(person)
        offered = f'href="{edit}"' in client.get(forum.get_absolute_url()).content.decode()
        assert (offered, client.get(edit).status_code) == ((True, 200) if may else (False, 403)), kind
