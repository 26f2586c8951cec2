"""Several processes on one database, as production runs them: two app servers and a worker, a
worker killed mid-job, and a backup restored into an empty site. Each test starts real
`panorama` processes on a fresh database (SQLite, or PostgreSQL when DATABASE_URL names it)."""

import json
import os
import signal
import time

import pytest

from tests.ops_site import Browser, Site, fresh_database, postgres_url, send_progress_return

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

# Ports of the servers these tests start (PANORAMA_OPS_TEST_PORT moves them, for runs side by side).
PORT = int(os.environ.get("PANORAMA_OPS_TEST_PORT", "8151"))

# What is compared before and after a restore: API answers, the open data, a published report's PDF
# (each body's SHA-256, so bytes are compared, and its text where it is text), and the audit trail.
SNAPSHOT = """
import hashlib, json
from django.test import Client
from panorama.core.models import AuditEvent
from panorama.reports.models import Report
client = Client()
urls = ["/api/v1/programmes", "/api/v1/organisations", "/api/v1/picture/programmes",
        "/api/v1/returns/windows", "/open-data/programmes.csv", "/open-data/bodies.json",
        "/open-data/datapackage.json"]
urls += [f"/reports/{r.public_id}/report.pdf" for r in Report.objects.filter(status="published")]
def body(response):
    return response.getvalue() if response.streaming else response.content
answers = {}
for url in urls:
    response = client.get(url)
    data = body(response)
    answers[url] = [response.status_code, hashlib.sha256(data).hexdigest(), len(data),
                    "" if url.endswith(".pdf") else data.decode()]
trail = list(AuditEvent.objects.order_by("id").values_list(
    "public_id", "action", "actor_label", "object_id", "object_repr", "at", "changes", "snapshot"))
print(json.dumps({"answers": answers, "trail": trail}, default=str))
"""

# The analyst prepares the national report (the worker draws its PDF), then publishes it.
PREPARE_REPORT = """
from panorama.accounts.models import User
from panorama.core.catalogue import scope_for
from panorama.reports import services
analyst = User.objects.get(email="analyst@ops.test")
report = services.report_prepare(actor=analyst, kind="national", period=scope_for("").label, audience="public")
print(report.public_id)
"""
PUBLISH_REPORT = """
from panorama.accounts.models import User
from panorama.reports import services
from panorama.reports.models import Report
report = Report.objects.get(public_id="{public_id}")
services.report_publish(actor=User.objects.get(email="analyst@ops.test"), report=report)
"""


def _wait(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)
    return found


def _accept_latest(site: Site, base: str, session: str) -> None:
    submission = site.shell(
        "from panorama.returns.models import Submission; print(Submission.objects.latest('id').public_id)"
    ).strip()
    page = f"{base}/returns/submissions/{submission}/"
    assert Browser(session).post_form(page, f"{page}accept/") in (200, 302)


@pytest.fixture
def site(tmp_path):
    site = Site(tmp_path / "site", fresh_database("panorama_ops_t_site"))
    site.env["PANORAMA_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    yield site
    site.stop_all()


def test_two_servers_and_a_worker_share_sessions_the_queue_the_open_data_and_the_audit_trail(site):
    people = site.setup()
    one, two = f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{PORT + 1}"
    site.serve(PORT)
    # On PostgreSQL server two has a disk of its own: it shares only the database and the
    # generated files' storage with server one and the worker.
    site.serve(PORT + 1, own_disk=bool(postgres_url()))
    site.worker()
    analyst_on_two = Browser(people["session"])
    assert analyst_on_two.get(f"{two}/open-data/programmes.csv")[0] == 200  # first visit publishes

    sent = send_progress_return(one, people["token"], confidence="Amber")  # the editor, through one
    assert sent["status"] == "submitted", sent
    _accept_latest(site, one, people["session"])  # the analyst, through one: a session in the database

    status, body = analyst_on_two.get(f"{two}/api/v1/programmes")
    assert status == 200 and json.loads(body)["results"][0]["confidence"] == "amber"
    # The worker regenerates the open data; server two serves it.
    _wait(lambda: "amber" in analyst_on_two.get(f"{two}/open-data/programmes.csv")[1])
    status, trail = analyst_on_two.get(f"{two}/audit/?action=returns.submission.accepted")
    assert status == 200 and "returns.submission.accepted" in trail and "analyst@ops.test" in trail
    status, jobs = analyst_on_two.get(f"{two}/jobs/")
    assert "Regenerate the open data after a return was accepted" in jobs and "Done" in jobs
    assert json.loads(analyst_on_two.get(f"{two}/readyz")[1])["queue"]["state"] == "ok"


SLOW_JOB = """
from panorama.core import jobs
from tests.ops_tasks import slow_write
print(jobs.enqueue(slow_write, label="A slow write", kwargs={"slug": "half", "seconds": 30}).public_id)
"""


def test_a_worker_killed_mid_job_leaves_nothing_half_written_and_the_job_runs_again(site):
    site.setup()
    job = site.shell(SLOW_JOB).strip()
    first = site.worker()
    state = f"from panorama.core.models import Job; print(Job.objects.get(public_id='{job}').task.status)"
    _wait(lambda: site.shell(state).strip() == "RUNNING")
    time.sleep(1)  # inside the job's transaction, which has written its row and not committed
    site.stop(first, signal.SIGKILL)
    written = "from panorama.organisations.models import Organisation as O; print(O.objects.filter(slug='half').count())"
    assert site.shell(written).strip() == "0"  # nothing half-applied
    assert site.shell(state).strip() == "RUNNING"  # as the killed worker left it
    site.worker()  # a new worker finds it and runs it again (the second attempt does not sleep)
    _wait(lambda: site.shell(state).strip() == "SUCCESSFUL")
    assert site.shell(written).strip() == "1"


def test_a_backup_restored_into_an_empty_site_gives_the_same_answers_and_audit_trail(site, tmp_path):
    people = site.setup()
    site.serve(PORT + 2)
    send_progress_return(f"http://127.0.0.1:{PORT + 2}", people["token"], confidence="Red")
    _accept_latest(site, f"http://127.0.0.1:{PORT + 2}", people["session"])
    report = site.shell(PREPARE_REPORT).strip().splitlines()[-1]
    site.run("worker", "--once")  # the open data and the report's PDF
    site.shell(PUBLISH_REPORT.format(public_id=report))
    before = json.loads(site.shell(SNAPSHOT).strip().splitlines()[-1])
    assert '"red"' in before["answers"]["/api/v1/programmes"][3]
    pdf = before["answers"][f"/reports/{report}/report.pdf"]
    assert pdf[0] == 200 and pdf[2] > 1000  # a real PDF, compared by its bytes' hash
    assert "red" in before["answers"]["/open-data/programmes.csv"][3]
    site.stop_all()
    backup = tmp_path / "panorama.tar.gz"
    site.run("backup", str(backup))

    restored = Site(tmp_path / "restored", fresh_database("panorama_ops_t_restored"))
    restored.env["PANORAMA_ALLOWED_HOSTS"] = site.env["PANORAMA_ALLOWED_HOSTS"]
    restored.run("restore", str(backup))
    restored.run("migrate", "-v0")
    assert sorted(p.name for p in (restored.data_dir / "files").rglob("*.pdf")) == [
        p.name for p in (site.data_dir / "files").rglob("*.pdf")
    ]  # written back through the storage API
    after = json.loads(restored.shell(SNAPSHOT).strip().splitlines()[-1])
    assert after == before
    refused = restored.run_unchecked("restore", str(backup))
    assert refused.returncode == 1 and "already holds data" in refused.stderr  # never over a live site
