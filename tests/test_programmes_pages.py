from decimal import Decimal

import pytest
from django.urls import reverse

from panorama.core.models import AuditEvent
from panorama.core.periods import label_for, period_for_date
from panorama.programmes.models import LinkKind, Programme, ProgrammeLink, Rebaseline
from tests.conftest import TODAY, client_for
from tests.map_factories import MILLION, make_programme, make_update

pytestmark = pytest.mark.django_db

SECRET = "Supplier insolvency is likely"


@pytest.fixture
def programme(world):
    p = make_programme(
        world.body_a, "Benefits case management", wlc_baseline=10 * MILLION, wlc_forecast=12 * MILLION
    )
    make_update(p, narrative="Quarter went well", top_risks=SECRET)
    return p


@pytest.mark.parametrize("persona", [None, "editor_b"])
def test_outsider_never_sees_restricted_narrative_or_risks(client, world, programme, persona):
    client_for(client, world.people.get(persona) if persona else None)
    page = client.get(programme.get_absolute_url())
    assert page.status_code == 200
    assert SECRET.encode() not in page.content
    history_csv = b"".join(client.get(programme.get_absolute_url(), {"format": "csv"}).streaming_content)
    assert SECRET.encode() not in history_csv
    api = client.get(f"/api/v1/programmes/{programme.public_id}").json()
    assert api["updates"][0]["top_risks"] is None
    assert api["updates"][0]["confidence"] == "amber"


@pytest.mark.parametrize("persona", ["viewer_a", "analyst", "auditor"])
def test_body_people_and_central_teams_see_restricted_narrative(client, world, programme, persona):
    client_for(client, world.people[persona])
    assert SECRET.encode() in client.get(programme.get_absolute_url()).content
    assert client.get(f"/api/v1/programmes/{programme.public_id}").json()["updates"][0]["top_risks"] == SECRET


def test_programme_page_shows_variance_history_and_audit_trail_to_auditors(client, world, programme):
    client_for(client, world.editor_a)
    client.post(
        reverse("programmes:edit", kwargs={"public_id": programme.public_id}),
        edit_data(programme, sro="Chief Digital Officer"),
    )
    client.logout()
    client_for(client, world.auditor)
    page = client.get(programme.get_absolute_url())
    assert b"+20%" in page.content
    assert b"programmes.programme.changed" in page.content
    assert page.context["trend"].rows[0][0] == "2025-26 Q1"


def edit_data(programme: Programme, **changes) -> dict:
    data = {
        "version": programme.version,
        "title": programme.title,
        "summary": programme.summary,
        "users": programme.users,
        "sro": programme.sro,
        "phase": programme.phase,
        "confidence": programme.confidence,
        "confidence_reason": "Not yet assessed",
        "wlc_forecast": programme.wlc_forecast or "",
        "source": "",
        "tag_names": "case management, benefits",
    }
    data.update(changes)
    return data


def test_editor_edits_own_programme_but_not_its_original_baseline(client, world, programme):
    client_for(client, world.editor_a)
    response = client.post(
        reverse("programmes:edit", kwargs={"public_id": programme.public_id}),
        edit_data(programme, wlc_baseline="1", title="Benefits case management (phase 2)"),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.title == "Benefits case management (phase 2)"
    assert programme.wlc_baseline == 10 * MILLION
    assert sorted(programme.tags.values_list("name", flat=True)) == ["benefits", "case management"]
    assert AuditEvent.objects.filter(
        action="programmes.programme.changed", object_id=str(programme.pk)
    ).exists()


def test_stale_edit_is_refused_and_changes_nothing(client, world, programme):
    client_for(client, world.editor_a)
    stale = edit_data(programme, title="Mine")
    client.post(
        reverse("programmes:edit", kwargs={"public_id": programme.public_id}),
        edit_data(programme, title="Theirs"),
    )
    response = client.post(reverse("programmes:edit", kwargs={"public_id": programme.public_id}), stale)
    assert response.status_code == 200
    assert "has changed since this page was loaded" in response.content.decode()
    programme.refresh_from_db()
    assert programme.title == "Theirs"


def test_outsider_gets_403_editing_another_bodys_programme_and_changes_nothing(client, world, programme):
    client_for(client, world.editor_b)
    response = client.post(
        reverse("programmes:edit", kwargs={"public_id": programme.public_id}),
        edit_data(programme, title="Hijacked"),
    )
    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.title == "Benefits case management"


def test_not_rated_without_a_reason_is_refused_with_a_specific_message(client, world, programme):
    client_for(client, world.analyst)
    response = client.post(
        reverse("programmes:edit", kwargs={"public_id": programme.public_id}),
        edit_data(programme, confidence="not-rated", confidence_reason="", wlc_forecast="-5"),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Say why the programme is not rated." in text
    assert "cannot be negative" in text


def test_editor_adds_a_programme_for_their_own_body_only(client, world):
    client_for(client, world.editor_a)
    data = {
        "organisation": world.body_a.pk,
        "title": "New portal",
        "phase": "discovery",
        "confidence": "green",
    }
    assert client.post(reverse("programmes:create"), data).status_code == 302
    assert Programme.objects.get(title="New portal").organisation == world.body_a
    refused = client.post(
        reverse("programmes:create"), {**data, "organisation": world.body_b.pk, "title": "Theirs"}
    )
    assert refused.status_code == 200
    assert not Programme.objects.filter(title="Theirs").exists()


def test_progress_update_sets_current_values_and_a_quarter_is_never_reported_twice(
    client, world, programme, pinned_clock
):
    client_for(client, world.editor_a)
    quarter = label_for(period_for_date(TODAY).year, period_for_date(TODAY).quarter)
    data = {
        "period": quarter,
        "confidence": "red",
        "narrative": "Supplier failed",
        "milestones_met": 0,
        "milestones_missed": 3,
        "top_risks": "Supplier",
        "wlc_forecast": "15000000",
        "end_forecast": "2028-03-31",
    }
    url = reverse("programmes:update-create", kwargs={"public_id": programme.public_id})
    assert client.post(url, data).status_code == 302
    programme.refresh_from_db()
    assert (programme.confidence, programme.wlc_forecast) == ("red", Decimal("15000000"))
    assert programme.wlc_baseline == 10 * MILLION
    assert programme.updates.count() == 2
    again = client.post(url, {**data, "confidence": "green"})
    assert again.status_code == 200
    assert programme.updates.count() == 2
    programme.refresh_from_db()
    assert programme.confidence == "red"


def test_rebaseline_is_recorded_beside_the_original_baseline(client, world, programme):
    client_for(client, world.editor_a)
    url = reverse("programmes:rebaseline-create", kwargs={"public_id": programme.public_id})
    response = client.post(
        url, {"agreed_on": "2025-06-30", "wlc": "14000000", "reason": "Board agreed new scope"}
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.wlc_baseline == 10 * MILLION
    assert Rebaseline.objects.get(programme=programme).wlc == Decimal("14000000")
    empty = client.post(url, {"agreed_on": "2025-06-30", "reason": "Nothing new"})
    assert "Give the new whole-life cost, the new end date, or both." in empty.content.decode()


def test_red_programme_puts_its_dependants_at_risk_on_the_network_and_their_pages(client, world, programme):
    hub = make_programme(world.body_b, "Data hub", confidence="red")
    client_for(client, world.editor_a)
    search = client.get(
        reverse("programmes:link-create", kwargs={"public_id": programme.public_id}), {"q": "hub"}
    )
    assert [p.title for p in search.context["candidates"]] == ["Data hub"]
    response = client.post(
        reverse("programmes:link-create", kwargs={"public_id": programme.public_id}),
        {"kind": LinkKind.DEPENDS_ON, "target": str(hub.public_id), "note": "Needs records"},
    )
    assert response.status_code == 302
    network = client.get(reverse("programmes:network"))
    exposed = network.context["network"].exposed
    assert [(e.programme.title, [p.title for p in e.because_of]) for e in exposed] == [
        ("Benefits case management", ["Data hub"])
    ]
    assert network.context["network"].most_depended_on[0][0] == hub
    assert b"<svg" in network.content
    page = client.get(programme.get_absolute_url())
    assert b"At risk through its dependencies" in page.content
    hub_page = client.get(hub.get_absolute_url())
    assert b"Puts 1 programme at risk" in hub_page.content


def test_network_flags_isolated_active_programmes(client, world, programme):
    make_programme(world.body_b, "Retired one", phase="retired")
    network = client.get(reverse("programmes:network")).context["network"]
    assert [p.title for p in network.isolated] == ["Benefits case management"]


def test_outsider_cannot_remove_another_bodys_link(client, world, programme):
    other = make_programme(world.body_b, "Theirs")
    link = ProgrammeLink.objects.create(source=programme, target=other, kind=LinkKind.SHARES_DATA)
    client_for(client, world.editor_b)
    url = reverse(
        "programmes:link-delete", kwargs={"public_id": programme.public_id, "link_id": link.public_id}
    )
    assert client.post(url).status_code == 403
    assert ProgrammeLink.objects.filter(pk=link.pk).exists()
