from panorama.core import audit
from panorama.core.models import AuditEvent
from panorama.organisations import services
from panorama.organisations.models import Organisation


def test_change_records_who_when_and_before_after(world):
    services.organisation_update(
        actor=world.editor_a,
        organisation=world.body_a,
        version=1,
        data={"website": "https://example.scot", "description": "Benefits"},
    )
    event = AuditEvent.objects.get(action="organisations.organisation.changed")
    assert event.actor == world.editor_a
    assert event.organisation_id == world.body_a.pk
    assert event.changes == {"description": ["", "Benefits"], "website": ["", "https://example.scot"]}


def test_stale_edit_is_refused_and_changes_nothing(world):
    services.organisation_update(
        actor=world.analyst, organisation=world.body_a, version=1, data={"kind": "agency 2"}
    )
    try:
        services.organisation_update(
            actor=world.editor_a, organisation=world.body_a, version=1, data={"kind": "x"}
        )
    except services.StaleEdit as exc:
        assert "has changed since this page was loaded" in exc.messages[0]
    else:
        raise AssertionError("a stale save was accepted")
    assert Organisation.objects.get(pk=world.body_a.pk).kind == "agency 2"


def test_deleted_object_is_restored_from_its_trail(world):
    body = Organisation.objects.create(slug="tmp", short_name="TMP", name="Temporary body", sector="justice")
    original_pk = body.pk
    event = audit.delete(actor=world.admin, action="organisations.organisation.deleted", obj=body)
    assert not Organisation.objects.filter(slug="tmp").exists()
    restored = audit.restore(actor=world.admin, event=event)
    assert Organisation.objects.get(slug="tmp").name == "Temporary body"
    assert restored.pk == original_pk
    assert AuditEvent.objects.filter(action="organisations.organisation.restored").exists()


def test_admin_restores_through_the_web(client, world):
    membership = world.viewer_a.memberships.get()
    event = audit.delete(actor=world.admin, action="accounts.membership.deleted", obj=membership)
    client.force_login(world.admin)
    response = client.post(f"/audit/{event.public_id}/restore/")
    assert response.status_code == 302
    assert world.viewer_a.memberships.get().role == "viewer"


def test_auditor_exports_the_trail_as_csv(client, world):
    services.organisation_update(
        actor=world.editor_a, organisation=world.body_a, version=1, data={"website": "https://example.scot"}
    )
    client.force_login(world.auditor)
    response = client.get("/audit/?format=csv&action=organisations")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "editor@a.test,organisations.organisation.changed" in body
    assert "https://example.scot" in body


def test_password_hashes_never_enter_the_trail(world):
    created = AuditEvent.objects.filter(action="accounts.user.created")
    assert created.count() >= len(world.people)  # each persona was created through the service
    for event in created:
        assert event.snapshot["fields"]["password"] is None
        assert "password" not in event.changes


def test_history_shows_on_the_body_page_for_analysts_only(client, world):
    services.organisation_update(
        actor=world.editor_a, organisation=world.body_a, version=1, data={"website": "https://example.scot"}
    )
    client.force_login(world.analyst)
    assert b"Download this history (CSV)" in client.get(f"/organisations/{world.body_a.slug}/").content
    client.force_login(world.viewer_a)
    assert b"Download this history" not in client.get(f"/organisations/{world.body_a.slug}/").content
