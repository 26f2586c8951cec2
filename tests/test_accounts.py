import pytest
from django.test import Client

from panorama.accounts import services
from panorama.accounts.models import ApiToken, hash_token
from panorama.core.models import AuditEvent

from .conftest import PASSWORD


def test_sign_in_with_email_and_password(client, world):
    response = client.post("/sign-in/", {"username": world.editor_a.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_account_locks_after_five_failures_even_with_the_right_password(client, world):
    for _ in range(5):
        client.post("/sign-in/", {"username": world.editor_a.email, "password": "wrong password"})
    response = client.post("/sign-in/", {"username": world.editor_a.email, "password": PASSWORD})
    assert response.status_code == 429
    assert b"Your account is locked for now" in response.content
    assert client.get("/account/").status_code == 302


def test_session_expires_and_ends_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.parametrize(
    "password, problem",
    [
        ("short1!", "too short"),
        ("password12345", "too common"),
        ("839205718394021", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(world, password, problem):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.user_create(actor=world.admin, email="new@a.test", full_name="New", password=password)
    assert problem in " ".join(error.value.messages)


def test_csrf_is_enforced_on_forms(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.editor_a)
    response = client.post("/account/tokens/", {"name": "forged"})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_token_is_stored_only_as_a_hash_and_carries_its_persons_permissions(client, world):
    token, raw = services.token_create(person=world.editor_a, name="robot")
    stored = ApiToken.objects.get()
    assert stored.token_hash == hash_token(raw)
    assert raw not in str(AuditEvent.objects.values_list("snapshot", flat=True)[::1])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"/organisations/{world.body_a.slug}/edit/", **headers).status_code == 200
    assert client.get(f"/organisations/{world.body_b.slug}/edit/", **headers).status_code == 403
    assert client.get("/audit/", **headers).status_code == 403


def test_revoked_or_unknown_token_is_refused_with_401(client, world):
    token, raw = services.token_create(person=world.editor_a, name="robot")
    services.token_revoke(actor=world.editor_a, token=token)
    assert client.get("/account/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.get("/account/", HTTP_AUTHORIZATION="Bearer pan_nonsense").status_code == 401


def test_token_post_needs_no_csrf_token(world):
    _, raw = services.token_create(person=world.editor_a, name="robot", scope="write")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/returns/progress/sss/2025-26-q3?dry_run=true",
        b"programme_ref,confidence\n",
        content_type="text/csv",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code not in (401, 403)


def test_admin_adds_a_person_with_a_membership(client, world):
    client.force_login(world.admin)
    response = client.post(
        "/people/new/",
        {
            "email": "Lead@Police.test",
            "full_name": "Lead",
            "global_role": "",
            "password": "a-long-enough-password",
        },
    )
    assert response.status_code == 302
    person = services.User.objects.get(email="lead@police.test")
    client.post(
        f"/people/{person.public_id}/",
        {"form": "membership", "organisation": world.body_b.slug, "role": "editor"},
    )
    assert person.memberships.get().organisation == world.body_b
    assert AuditEvent.objects.filter(action="accounts.membership.created", actor=world.admin).exists()


def test_person_form_with_a_taken_email_shows_the_problem_and_adds_nobody(client, world):
    client.force_login(world.admin)
    before = services.User.objects.count()
    response = client.post(
        "/people/new/", {"email": world.editor_a.email, "full_name": "Dup", "password": "x"}
    )
    assert response.status_code == 200
    assert b"ds_error-summary" in response.content
    assert services.User.objects.count() == before


@pytest.mark.parametrize("password", ["password12345", "839205718394021", "short"])
def test_admin_adding_a_person_with_a_weak_password_sees_why_and_adds_nobody(client, world, password):
    client.force_login(world.admin)
    before = services.User.objects.count()
    response = client.post(
        "/people/new/", {"email": "weak@a.test", "full_name": "Weak", "global_role": "", "password": password}
    )
    assert response.status_code == 200
    assert b"ds_error-summary" in response.content
    assert services.User.objects.count() == before


def test_a_person_whose_password_an_administrator_set_must_change_it_at_first_sign_in(client, world):
    person = services.user_create(
        actor=world.admin, email="new@a.test", full_name="New", password="a-long-enough-password"
    )
    assert person.must_change_password
    client.post("/sign-in/", {"username": "new@a.test", "password": "a-long-enough-password"})
    assert client.get("/programmes/")["Location"] == "/account/password/"
    assert client.get("/account/password/").status_code == 200
    new = "my-own-long-password-7"
    response = client.post(
        "/account/password/",
        {"old_password": "a-long-enough-password", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.must_change_password
    assert client.get("/programmes/").status_code == 200


def test_people_made_without_an_administrator_are_not_asked_to_change(world):
    assert not world.editor_a.must_change_password
