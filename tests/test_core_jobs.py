"""Background jobs: who sees which, a job left by a dead worker, a large upload imported by the
worker, /readyz, and JSON logs with request ids."""

import datetime
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from panorama.core import jobs
from panorama.core.models import Job
from panorama.core.periods import period_from_label
from panorama.picture.tasks import opendata_regenerate
from panorama.programmes.models import Programme
from panorama.returns.models import ReturnWindow, Submission

pytestmark = pytest.mark.django_db


def _job(person, label: str) -> Job:
    return jobs.enqueue(opendata_regenerate, label=label, actor=person)


def test_each_person_sees_the_jobs_they_started_and_analysts_and_auditors_see_all(client, world):
    mine, theirs = _job(world.editor_a, "Editor A's job"), _job(world.editor_b, "Editor B's job")
    client.force_login(world.editor_a)
    page = client.get(reverse("site:jobs")).content.decode()
    assert "Editor A&#x27;s job" in page and "Editor B" not in page
    assert client.get(reverse("site:job", kwargs={"public_id": theirs.public_id})).status_code == 404
    assert "Waiting" in client.get(reverse("site:job", kwargs={"public_id": mine.public_id})).content.decode()
    for reader in (world.analyst, world.auditor):
        client.force_login(reader)
        page = client.get(reverse("site:jobs")).content.decode()
        assert "Editor A&#x27;s job" in page and "Editor B&#x27;s job" in page
    client.force_login(world.viewer_a)
    assert "No background jobs." in client.get(reverse("site:jobs")).content.decode()


def _left_running(job: Job, attempts: int) -> None:
    dead = f"{socket.gethostname()[:40]}:999999999:dead"  # no such process on this machine
    DBTaskResult.objects.filter(pk=job.task_id).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=[dead] * attempts
    )


def test_a_job_a_killed_worker_left_running_runs_again_then_fails_visibly_after_its_attempts(
    client, world, settings
):
    settings.PANORAMA_TASK_ATTEMPTS = 2
    again, given_up = _job(world.analyst, "Run again"), _job(world.analyst, "Given up")
    _left_running(again, attempts=1)
    _left_running(given_up, attempts=2)
    assert jobs.recover_lost() == jobs.Recovered(retried=1, failed=1)
    assert DBTaskResult.objects.get(pk=again.task_id).status == "READY"
    client.force_login(world.analyst)
    page = client.get(reverse("site:job", kwargs={"public_id": given_up.public_id})).content.decode()
    assert "Failed" in page and "The worker stopped while running this job, 2 times" in page
    call_command("worker", "--once")
    assert DBTaskResult.objects.get(pk=again.task_id).status == "SUCCESSFUL"


def test_a_job_running_in_a_live_worker_is_left_alone(world):
    job = _job(world.analyst, "Running")
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING", worker_ids=[jobs.worker_id()])
    assert jobs.recover_lost() == jobs.Recovered()


def test_readyz_answers_503_when_the_oldest_waiting_job_has_waited_too_long(client, world, settings):
    assert client.get(reverse("site:readyz")).json()["queue"]["state"] == "ok"
    job = _job(world.analyst, "Stuck")
    DBTaskResult.objects.filter(pk=job.task_id).update(
        enqueued_at=timezone.now() - datetime.timedelta(hours=1)
    )
    settings.PANORAMA_READY_QUEUE_SECONDS = 600
    answer = client.get(reverse("site:readyz"))
    assert answer.status_code == 503 and answer.json()["queue"]["oldest_waiting_seconds"] >= 3600


def test_a_large_web_upload_is_imported_by_the_worker_not_the_request(client, world, settings):
    settings.PANORAMA_RETURNS_BACKGROUND_ROWS = 1
    window = ReturnWindow.objects.create(
        kind="progress", period=period_from_label("2025-26 Q3"), due_on=datetime.date(2026, 1, 31)
    )
    window.expected.set([world.body_a])
    for ref in ("ADP", "CDP"):
        Programme.objects.create(organisation=world.body_a, title=f"Programme {ref}", external_ref=ref)
    client.force_login(world.editor_a)
    url = reverse(
        "returns:send", kwargs={"kind": "progress", "organisation": world.body_a.slug, "period": "2025-26-q3"}
    )
    text = "programme_ref,confidence\nADP,Amber\nCDP,Green\n"
    preview = client.post(
        url, {"file": SimpleUploadedFile("q3.csv", text.encode(), content_type="text/csv")}, follow=True
    )
    pending = preview.context["pending"]
    answer = client.post(reverse("returns:upload-confirm", kwargs={"public_id": pending.public_id}))
    assert answer["Location"].startswith("/jobs/") and not Submission.objects.exists()
    call_command("worker", "--once")
    assert Submission.objects.get().organisation == world.body_a
    assert "Done" in client.get(answer["Location"]).content.decode()


def test_json_logs_are_one_object_a_line_with_the_request_id(tmp_path):
    code = (
        "from django.test import Client\n"
        "r = Client().get('/healthz', HTTP_X_REQUEST_ID='req-42')\n"
        "print(r['X-Request-ID'])\n"
    )
    env = {
        "PANORAMA_LOG_FORMAT": "json",
        "PANORAMA_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "PANORAMA_ALLOWED_HOSTS": "testserver",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [str(Path(sys.executable).with_name("panorama")), "shell", "--no-imports", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip().splitlines()[-1] == "req-42"
    lines = [json.loads(line) for line in done.stderr.strip().splitlines()]
    (request,) = [line for line in lines if line["logger"] == "panorama.requests"]
    assert (
        request["request_id"] == "req-42"
        and request["path"] == "/healthz"
        and request["status"] in (200, 503)
    )
