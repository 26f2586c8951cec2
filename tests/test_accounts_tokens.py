"""API tokens: scopes, expiry, what only a fresh session may do, revocation with the password, and
the raw token kept nowhere but the one answer that shows it."""

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client

from panorama.accounts import services
from panorama.accounts.models import ApiToken, User
from panorama.accounts.permissions import SIGNED_IN_AT
from panorama.core.models import AuditEvent

from .conftest import PASSWORD, PINNED_NOW

RETURN_URL = "/api/v1/returns/progress/sss/2025-26-q3?filename=q3.csv&dry_run=true"


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def stale_session(client: Client) -> None:
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 16 * 60
    session.save()


def test_a_token_is_read_only_unless_made_to_write(world):
    token, _ = services.token_create(person=world.editor_a, name="robot")
    assert token.scope == "read"


def test_a_read_token_reads_but_is_refused_on_every_write(client, world):
    _, raw = services.token_create(person=world.editor_a, name="reader")
    assert client.get("/api/v1/organisations", **bearer(raw)).status_code == 200
    response = client.post(RETURN_URL, b"programme_ref,confidence\n", content_type="text/csv", **bearer(raw))
    assert response.status_code == 403
    assert response.json()["error"] == "read-only token"
    assert client.delete("/api/v1/organisations", **bearer(raw)).status_code == 403


def test_a_write_token_may_send_a_return(client, world):
    _, raw = services.token_create(person=world.editor_a, name="writer", scope="write")
    response = client.post(RETURN_URL, b"programme_ref,confidence\n", content_type="text/csv", **bearer(raw))
    assert response.status_code not in (401, 403)


def test_a_token_expires_after_90_days_and_is_then_refused(client, world, pinned_clock):
    token, raw = services.token_create(person=world.editor_a, name="robot")
    assert token.expires_at == PINNED_NOW + timedelta(days=90)
    pinned_clock.move_to(PINNED_NOW + timedelta(days=90) - timedelta(seconds=1))
    assert client.get("/api/v1/organisations", **bearer(raw)).status_code == 200
    pinned_clock.move_to(PINNED_NOW + timedelta(days=90, seconds=1))
    response = client.get("/api/v1/organisations", **bearer(raw))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_token_cannot_live_longer_than_the_limit(world, settings):
    from django.core.exceptions import ValidationError

    settings.PANORAMA_TOKEN_DAYS = 30
    with pytest.raises(ValidationError):
        services.token_create(person=world.editor_a, name="forever", days=31)


def test_a_token_cannot_mint_tokens(world):
    _, raw = services.token_create(person=world.editor_a, name="robot", scope="write")
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/tokens/", {"name": "child", "scope": "write", "days": 90}, **bearer(raw))
    assert response.status_code == 403
    assert ApiToken.objects.count() == 1


def test_an_administrators_token_cannot_manage_people(client, world):
    _, raw = services.token_create(person=world.admin, name="admin robot", scope="write")
    form = {
        "email": "evil@a.test",
        "full_name": "Evil",
        "global_role": "admin",
        "password": "a-long-password-1",
    }
    assert client.post("/people/new/", form, **bearer(raw)).status_code == 403
    assert client.get("/people/", **bearer(raw)).status_code == 403
    assert not User.objects.filter(email="evil@a.test").exists()


def test_managing_people_asks_for_the_password_again_after_a_quarter_of_an_hour(client, world):
    client.force_login(world.admin)
    assert client.get("/people/").status_code == 200
    stale_session(client)
    response = client.get("/people/?q=a")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/confirm/?next=")
    wrong = client.post("/account/confirm/", {"password": "not it", "next": "/people/?q=a"})
    assert wrong.status_code == 200 and b"not your password" in wrong.content
    right = client.post("/account/confirm/", {"password": PASSWORD, "next": "/people/?q=a"})
    assert right.status_code == 302 and right["Location"] == "/people/?q=a"
    assert client.get("/people/").status_code == 200


def test_minting_a_token_asks_for_the_password_again_when_the_sign_in_is_old(client, world):
    client.force_login(world.editor_a)
    stale_session(client)
    response = client.post("/account/tokens/", {"name": "late", "scope": "read", "days": 90})
    assert response.status_code == 302 and "/account/confirm/" in response["Location"]
    assert not ApiToken.objects.exists()


def test_confirming_goes_only_to_this_site(client, world):
    client.force_login(world.editor_a)
    response = client.post("/account/confirm/", {"password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/account/"


def test_the_new_token_is_shown_once_and_never_kept_in_the_session_table(client, world, pinned_clock):
    client.force_login(world.editor_a)
    response = client.post("/account/tokens/", {"name": "robot", "scope": "write", "days": 30})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    raw = response.context["new_token"]
    assert raw.startswith("pan_") and raw.encode() in response.content and token.scope == "write"
    assert token.expires_at == PINNED_NOW + timedelta(days=30)
    for session in Session.objects.all():
        assert raw not in str(session.get_decoded()) and raw not in session.session_data
    assert raw.encode() not in client.get("/account/").content


def test_changing_the_password_revokes_every_token(client, world):
    _, raw = services.token_create(person=world.editor_a, name="robot")
    client.force_login(world.editor_a)
    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password-9",
            "new_password2": "a-new-long-password-9",
        },
    )
    assert response.status_code == 302
    assert Client().get("/api/v1/organisations", **bearer(raw)).status_code == 401
    assert AuditEvent.objects.filter(action="accounts.token.revoked").count() == 1
    assert AuditEvent.objects.filter(action="accounts.user.password_changed").exists()


def test_switching_a_person_off_revokes_their_tokens(client, world):
    _, raw = services.token_create(person=world.editor_a, name="robot")
    services.user_update(
        actor=world.admin, user=world.editor_a, full_name="Editor", global_role="", is_active=False
    )
    assert ApiToken.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(action="accounts.token.revoked", actor=world.admin).exists()


def test_token_command_makes_a_scoped_expiring_token(world, pinned_clock):
    out = StringIO()
    call_command("token", "create", world.editor_a.email, "--scope", "write", "--days", "7", stdout=out)
    token = ApiToken.objects.get()
    assert token.scope == "write" and token.expires_at == PINNED_NOW + timedelta(days=7)
    listing = StringIO()
    call_command("token", "list", world.editor_a.email, stdout=listing)
    assert "write" in listing.getvalue() and "expires" in listing.getvalue()
