"""Two-factor sign-in: setting it up, giving a code at each new session, recovery codes, and who
must have it when PANORAMA_REQUIRE_2FA is on."""

import time

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from panorama.accounts import two_factor
from panorama.accounts.models import RecoveryCode, TwoFactor
from panorama.core.models import AuditEvent

SETUP = reverse("accounts:two-factor-setup")
VERIFY = reverse("accounts:two-factor-verify")


def switched_on(person) -> tuple[str, list[str]]:
    secret = two_factor.secret_new()
    codes = two_factor.two_factor_enable(person=person, secret=secret, code=pyotp.TOTP(secret).now())
    return secret, codes


def next_code(secret: str) -> str:
    # The code of the next 30-second step: still accepted (one step of drift), and newer than the
    # step that switched it on, which may not be used again.
    return pyotp.TOTP(secret).at(time.time() + 30)


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_an_analyst_without_a_second_factor_is_sent_to_set_it_up(settings, world):
    settings.PANORAMA_REQUIRE_2FA = True
    for persona in ("analyst", "auditor", "admin"):
        response = signed_in(world.people[persona]).get("/lessons/")
        assert response.status_code == 302
        assert response["Location"] == f"{SETUP}?next=/lessons/"


def test_a_body_s_people_are_not_made_to_set_it_up(settings, world):
    settings.PANORAMA_REQUIRE_2FA = True
    assert signed_in(world.viewer_a).get("/lessons/").status_code == 200
    assert signed_in(world.editor_b).get("/lessons/").status_code == 200


def test_nobody_is_made_to_set_it_up_when_the_setting_is_off(settings, world):
    settings.PANORAMA_REQUIRE_2FA = False
    assert signed_in(world.analyst).get("/lessons/").status_code == 200


def test_setting_up_shows_the_key_and_recovery_codes_once_and_keeps_only_their_hashes(settings, world):
    settings.PANORAMA_REQUIRE_2FA = True
    client = signed_in(world.analyst)
    page = client.get(SETUP + "?next=/lessons/")
    assert page.status_code == 200
    secret = client.session[two_factor.SESSION_PENDING_SECRET]
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page.content.decode()

    wrong = client.post(SETUP, {"code": "12345", "next": "/lessons/"})
    assert wrong.status_code == 400
    assert not TwoFactor.objects.filter(person=world.analyst).exists()

    shown = client.post(SETUP, {"code": pyotp.TOTP(secret).now(), "next": "/lessons/"})
    assert shown.status_code == 200
    codes = shown.context["codes"]
    assert len(codes) == 10 and all(code in shown.content.decode() for code in codes)
    stored = set(RecoveryCode.objects.filter(person=world.analyst).values_list("code_hash", flat=True))
    assert len(stored) == 10 and not stored & set(codes)
    world.analyst.refresh_from_db()
    assert world.analyst.has_two_factor
    event = AuditEvent.objects.get(action="accounts.two_factor.enabled")
    assert secret not in str(event.changes) + str(event.snapshot)
    # This session gave its code; the page now says it is on and shows no codes again.
    assert client.get("/lessons/").status_code == 200
    again = client.get(SETUP)
    assert not any(code in again.content.decode() for code in codes)


def test_a_new_session_gives_a_code_before_anything_else(world):
    secret, _ = switched_on(world.viewer_a)
    client = signed_in(world.viewer_a)
    response = client.get("/lessons/")
    assert response["Location"] == f"{VERIFY}?next=/lessons/"
    assert client.get(reverse("api:lessons")).status_code == 302
    assert client.post(VERIFY, {"code": "000000", "next": "/lessons/"}).status_code == 400
    response = client.post(VERIFY, {"code": next_code(secret), "next": "/lessons/"})
    assert response.status_code == 302 and response["Location"] == "/lessons/"
    assert client.get("/lessons/").status_code == 200


def test_a_code_is_used_once(world):
    secret, _ = switched_on(world.analyst)
    code = next_code(secret)
    assert signed_in(world.analyst).post(VERIFY, {"code": code}).status_code == 302
    assert signed_in(world.analyst).post(VERIFY, {"code": code}).status_code == 400


def test_a_recovery_code_signs_in_once(world):
    _, codes = switched_on(world.analyst)
    assert signed_in(world.analyst).post(VERIFY, {"code": codes[0].lower()}).status_code == 302
    assert signed_in(world.analyst).post(VERIFY, {"code": codes[0]}).status_code == 400
    assert AuditEvent.objects.filter(action="accounts.two_factor.recovery_code_used").count() == 1
    assert two_factor.recovery_codes_left(person=world.analyst) == 9


def test_five_wrong_codes_sign_the_session_out(world):
    switched_on(world.analyst)
    client = signed_in(world.analyst)
    for _ in range(4):
        assert client.post(VERIFY, {"code": "000000"}).status_code == 400
    response = client.post(VERIFY, {"code": "000000"})
    assert response["Location"] == reverse("accounts:sign-in")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.two_factor.failed").count() == 5


@pytest.mark.parametrize("required", [True, False])
def test_an_api_token_is_not_asked_for_a_code(settings, world, required):
    from panorama.accounts import services

    settings.PANORAMA_REQUIRE_2FA = required
    switched_on(world.analyst)
    _, raw = services.token_create(person=world.analyst, name="script")
    response = Client().get(reverse("api:lessons"), headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_someone_who_must_change_their_password_sets_up_the_second_factor_first(settings, world):
    settings.PANORAMA_REQUIRE_2FA = True
    world.analyst.must_change_password = True
    world.analyst.save(update_fields=["must_change_password"])
    client = signed_in(world.analyst)
    response = client.get("/lessons/", follow=True)
    assert response.redirect_chain[-1][0].startswith(SETUP)
    secret = client.session[two_factor.SESSION_PENDING_SECRET]
    assert client.post(SETUP, {"code": pyotp.TOTP(secret).now()}).status_code == 200
    assert client.get("/lessons/")["Location"] == reverse("accounts:password-change")
    assert client.get(reverse("accounts:password-change")).status_code == 200


def test_ten_wrong_codes_from_any_sessions_refuse_even_the_right_one_for_a_while(world):
    secret, _ = switched_on(world.analyst)
    for _ in range(2):
        client = signed_in(world.analyst)
        for _ in range(5):
            client.post(VERIFY, {"code": "000000"})
    response = signed_in(world.analyst).post(VERIFY, {"code": next_code(secret)})
    assert response.status_code == 429
    assert b"Too many wrong codes" in response.content


def test_setting_it_up_again_asks_for_the_password_first(world):
    from panorama.accounts.permissions import SIGNED_IN_AT

    switched_on(world.analyst)
    client = signed_in(world.analyst)
    session = client.session
    session[two_factor.SESSION_VERIFIED] = True
    session[SIGNED_IN_AT] = int(time.time()) - 3600  # a session signed in an hour ago
    session.save()
    response = client.post(SETUP, {"again": "1"})
    assert response["Location"].startswith(reverse("accounts:confirm-password"))
    assert TwoFactor.objects.filter(person=world.analyst).exists()
    session[SIGNED_IN_AT] = int(time.time())
    session.save()
    assert client.post(SETUP, {"again": "1"}).status_code == 200


def test_the_twofactor_command_switches_it_off_for_someone_who_lost_everything(settings, world):
    from io import StringIO

    from django.core.management import call_command

    settings.PANORAMA_REQUIRE_2FA = True
    switched_on(world.analyst)
    out = StringIO()
    call_command("twofactor", "status", "Analyst@central.test", stdout=out)
    assert "is on" in out.getvalue() and "10 recovery codes" in out.getvalue()
    call_command("twofactor", "off", "analyst@central.test", stdout=out)
    world.analyst.refresh_from_db()
    assert not world.analyst.has_two_factor
    assert not TwoFactor.objects.filter(person=world.analyst).exists()
    assert not RecoveryCode.objects.filter(person=world.analyst).exists()
    assert AuditEvent.objects.filter(action="accounts.two_factor.disabled").count() == 1
    # An analyst must have one: the next sign-in sets it up again.
    assert signed_in(world.analyst).get("/lessons/")["Location"].startswith(SETUP)


def test_signing_in_with_the_password_then_asks_for_the_code(world):
    from .conftest import PASSWORD

    secret, _ = switched_on(world.auditor)
    client = Client()
    response = client.post(
        reverse("accounts:sign-in"), {"username": world.auditor.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert b"Your sign-in code" in response.content
    response = client.post(VERIFY, {"code": next_code(secret)})
    assert client.get(response["Location"]).status_code == 200
