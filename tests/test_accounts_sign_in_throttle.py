"""Sign-in throttling: an email locks only from the address that failed for it, an address that
guesses at many emails is refused before any password is hashed, and the real person can always
get back in by resetting their password."""

import re
from unittest import mock

from django.core import mail
from django.test import Client

from panorama.accounts import services
from panorama.accounts.throttle import client_address
from panorama.core.models import AuditEvent

from .conftest import PASSWORD


def sign_in(client: Client, email: str, password: str, address: str):
    return client.post("/sign-in/", {"username": email, "password": password}, REMOTE_ADDR=address)


def test_an_attacker_elsewhere_cannot_lock_the_real_person_out(world):
    attacker = Client()
    for _ in range(6):
        sign_in(attacker, world.admin.email, "wrong password", "203.0.113.9")
    assert sign_in(attacker, world.admin.email, PASSWORD, "203.0.113.9").status_code == 429
    assert sign_in(Client(), world.admin.email, PASSWORD, "198.51.100.7").status_code == 302


def test_an_address_guessing_at_many_emails_is_refused_without_hashing_a_password(world, settings):
    settings.PANORAMA_SIGN_IN_ADDRESS_LIMIT = 8
    flood = Client()
    for n in range(8):
        assert sign_in(flood, f"nobody{n}@example.test", "guess", "203.0.113.9").status_code == 200
    with (
        mock.patch("django.contrib.auth.hashers.PBKDF2PasswordHasher.verify") as pbkdf2,
        mock.patch("django.contrib.auth.hashers.MD5PasswordHasher.verify") as md5,
    ):
        refused = sign_in(flood, world.editor_a.email, PASSWORD, "203.0.113.9")
        assert not pbkdf2.called and not md5.called
    assert refused.status_code == 429
    assert b"from your network" in refused.content
    assert sign_in(Client(), world.editor_a.email, PASSWORD, "198.51.100.7").status_code == 302


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(rf, settings):
    settings.PANORAMA_TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"  # what the client wrote itself (1.2.3.4) is ignored
    settings.PANORAMA_TRUSTED_PROXIES = 0
    assert client_address(request) == "10.0.0.2"


def test_a_locked_out_person_resets_their_password_by_email_and_signs_in(world):
    _, raw = services.token_create(person=world.editor_a, name="robot")
    for _ in range(6):
        sign_in(Client(), world.editor_a.email, "wrong password", "127.0.0.1")
    client = Client()
    assert sign_in(client, world.editor_a.email, PASSWORD, "127.0.0.1").status_code == 429
    assert client.post("/password-reset/", {"email": world.editor_a.email}).status_code == 302
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password = form_page.redirect_chain[-1][0]
    new = "a-brand-new-password-42"
    done = client.post(set_password, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert sign_in(Client(), world.editor_a.email, new, "127.0.0.1").status_code == 302
    assert Client().get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert AuditEvent.objects.filter(action="accounts.user.password_changed", actor=world.editor_a).exists()


def test_a_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client, world):
    response = client.post("/password-reset/", {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert not mail.outbox
