"""Programme needs: a body's editors and analysts plan them; nobody else changes or sees them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from panorama.core import audit
from panorama.core.models import AuditEvent
from panorama.skills.models import ProgrammeNeed
from panorama.skills.selectors import quarter_labels
from tests.conftest import client_for

from .skills_fixtures import load_roles, need, programme


@pytest.fixture
def plan(world):
    roles = load_roles()
    return {"roles": roles, "programme": programme(world.body_a, "Benefits case management")}


def form(plan, **changes) -> dict:
    data = {
        "role": plan["roles"]["data-engineer"].pk,
        "period": quarter_labels(count=2)[1],
        "fte": "2.5",
        "level": "expert",
        "note": "Migration to the new platform",
    }
    data.update(changes)
    return data


def test_editor_adds_a_need_to_their_bodys_programme(client, world, plan):
    url = reverse("skills:need-create", kwargs={"public_id": plan["programme"].public_id})
    response = client_for(client, world.editor_a).post(url, form(plan))
    assert response.status_code == 302
    saved = ProgrammeNeed.objects.get()
    assert (saved.fte, saved.level, saved.period.label) == (
        Decimal("2.5"),
        "expert",
        quarter_labels(count=2)[1],
    )
    event = AuditEvent.objects.get(action="skills.programmeneed.created")
    assert event.organisation_id == world.body_a.pk
    page = client.get(reverse("skills:programme-needs", kwargs={"public_id": plan["programme"].public_id}))
    assert b"Data engineer" in page.content


def test_bad_need_lists_every_problem_and_saves_nothing(client, world, plan):
    url = reverse("skills:need-create", kwargs={"public_id": plan["programme"].public_id})
    response = client_for(client, world.analyst).post(url, form(plan, role="", fte="0", period="2099-00 Q1"))
    assert response.status_code == 200
    summary = response.content.decode()
    assert "Choose the role." in summary
    assert "FTE needed: Ensure this value is greater than or equal to 0.1." in summary
    assert "Quarter: Select a valid choice." in summary
    assert not ProgrammeNeed.objects.exists()


def test_a_second_need_for_the_same_role_and_quarter_is_refused(client, world, plan):
    existing = need(plan["programme"], plan["roles"]["data-engineer"], quarter_labels(count=2)[1], 1)
    url = reverse("skills:need-create", kwargs={"public_id": plan["programme"].public_id})
    response = client_for(client, world.editor_a).post(url, form(plan))
    assert "already has a need for Data engineer" in response.content.decode()
    existing.refresh_from_db()
    assert existing.fte == Decimal(1)


def test_stale_edit_is_refused(client, world, plan):
    existing = need(plan["programme"], plan["roles"]["data-engineer"], quarter_labels(count=2)[1], 1)
    url = reverse("skills:need-edit", kwargs={"public_id": existing.public_id})
    ProgrammeNeed.objects.filter(pk=existing.pk).update(version=2)
    response = client_for(client, world.editor_a).post(url, {**form(plan, fte="4"), "version": 1})
    assert "has changed since this page was loaded" in response.content.decode()
    existing.refresh_from_db()
    assert existing.fte == Decimal(1)


def test_viewer_may_see_but_not_change_and_outsider_may_not_see(client, world, plan):
    url = reverse("skills:need-create", kwargs={"public_id": plan["programme"].public_id})
    assert client_for(client, world.viewer_a).post(url, form(plan)).status_code == 403
    client.logout()
    assert client_for(client, world.editor_b).post(url, form(plan)).status_code == 404
    page = reverse("skills:programme-needs", kwargs={"public_id": plan["programme"].public_id})
    assert client.get(page).status_code == 404
    assert not ProgrammeNeed.objects.exists()


def test_removed_need_can_be_restored_from_the_audit_trail(client, world, plan):
    existing = need(plan["programme"], plan["roles"]["data-engineer"], quarter_labels(count=2)[1], 1)
    url = reverse("skills:need-delete", kwargs={"public_id": existing.public_id})
    assert client_for(client, world.editor_a).post(url).status_code == 302
    assert not ProgrammeNeed.objects.exists()
    event = AuditEvent.objects.get(action="skills.programmeneed.deleted")
    audit.restore(actor=world.admin, event=event)
    assert ProgrammeNeed.objects.get().fte == Decimal(1)
