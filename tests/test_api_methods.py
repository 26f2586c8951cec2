"""The API answers as docs/roles.md says whatever the method: an anonymous POST is 401 (not a CSRF
403), HEAD and OPTIONS on a read endpoint are not 405, and a signed-in browser's POST is still
held to CSRF."""

import os
import subprocess
import sys

from django.test import Client
from django.urls import reverse

UPLOAD = {"kind": "progress", "organisation": "sss", "period": "2025-26-q3"}


def test_anonymous_post_is_401_even_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("api:returns-upload", kwargs=UPLOAD), b"", content_type="text/csv")
    assert response.status_code == 401
    assert response.json()["error"]


def test_a_signed_in_browser_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.editor_a)
    response = client.post(reverse("api:returns-upload", kwargs=UPLOAD), b"", content_type="text/csv")
    assert response.status_code == 403


def test_head_and_options_on_a_read_endpoint(client, db):
    url = reverse("api:organisations")
    head = client.head(url)
    assert head.status_code == 200
    options = client.options(url)
    assert options.status_code == 200
    assert "GET" in options["Allow"]
    assert client.delete(url).status_code == 405


def test_check_deploy_passes_on_the_documented_production_settings(tmp_path):
    env = {
        **os.environ,
        "PANORAMA_DATA_DIR": str(tmp_path),
        "PANORAMA_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "PANORAMA_SMTP_HOST": "smtp.example.gov.scot",
        "DJANGO_SETTINGS_MODULE": "panorama.settings",
    }
    for name in ("PANORAMA_HTTPS", "PANORAMA_DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    command = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
