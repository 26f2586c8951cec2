"""A person's checked uploads are bounded: at most so many an hour (the web form and the API say
why, the API with 429), and only their newest unconfirmed ones are kept. gunicorn's request limits
and worker recycling are set."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from panorama.accounts.services import token_create
from panorama.core.management.commands.serve import gunicorn_options
from panorama.core.periods import period_from_label
from panorama.programmes.models import Programme
from panorama.returns.models import PendingUpload, ReturnWindow

CSV = b"programme_ref,confidence\nADP,green\n"


@pytest.fixture
def sending(world):
    window = ReturnWindow.objects.create(
        kind="progress", period=period_from_label("2025-26 Q3"), due_on=datetime.date(2026, 1, 31)
    )
    window.expected.set([world.body_a])
    Programme.objects.create(organisation=world.body_a, title="Adult Disability Payment", external_ref="ADP")
    return reverse("returns:send", kwargs={"kind": "progress", "organisation": "sss", "period": "2025-26-q3"})


def upload(client, url):
    return client.post(url, {"file": SimpleUploadedFile("q3.csv", CSV, content_type="text/csv")})


def test_only_a_persons_newest_unconfirmed_uploads_are_kept(client, world, sending, settings):
    settings.PANORAMA_RETURNS_MAX_PENDING = 3
    client.force_login(world.editor_a)
    for _ in range(5):
        assert upload(client, sending).status_code == 302
    assert PendingUpload.objects.filter(created_by=world.editor_a).count() == 3


def test_uploads_past_the_hourly_rate_are_refused_with_the_reason(client, world, sending, settings):
    settings.PANORAMA_RETURNS_UPLOADS_PER_HOUR = 3
    client.force_login(world.editor_a)
    for _ in range(3):
        assert upload(client, sending).status_code == 302
    refused = upload(client, sending)
    assert refused.status_code == 200
    assert b"in the last hour" in refused.content
    assert PendingUpload.objects.count() == 3
    # Another person is not held back by this one.
    client.force_login(world.analyst)
    assert upload(client, sending).status_code == 302


def test_the_api_answers_429_past_the_hourly_rate(client, world, sending, settings):
    settings.PANORAMA_RETURNS_UPLOADS_PER_HOUR = 2
    _, raw = token_create(person=world.editor_a, name="robot", scope="write")
    url = "/api/v1/returns/progress/sss/2025-26-q3?filename=q3.csv"
    answers = [
        client.post(url, CSV, content_type="text/csv", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code
        for _ in range(3)
    ]
    assert answers == [200, 200, 429]


def test_gunicorn_recycles_workers_and_bounds_request_headers():
    options = gunicorn_options(host="127.0.0.1", port=8000, workers=2, threads=4)
    assert options["max_requests"] > 0 and options["max_requests_jitter"] > 0
    assert options["limit_request_line"] <= 8190 and options["limit_request_fields"] <= 100
    assert options["limit_request_field_size"] <= 8190
