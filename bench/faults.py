"""Faults: `kill -9` of an app server mid-import, of the worker mid-job and of a CLI import
mid-way, on SQLite and on PostgreSQL. After each kill: nothing partial is written (an import's
rows are all there or none), the other app server kept answering throughout, and the killed
worker's job is run again by the next worker and finishes.

    .venv/bin/python bench/faults.py [--rounds 3] [--databases SQLite,PostgreSQL]

Each database is a fresh site (tests/ops_site.py) on ports 8155–8156. Prints a Markdown table
for docs/performance.md ("Faults").
"""

import argparse
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ops_site import PANORAMA, Site, fresh_database  # noqa: E402

# Another database and other ports where several people share a machine:
# PANORAMA_FAULTS_PG_DB=panorama_mine PANORAMA_FAULTS_PORTS=8140,8141.
PG_URL = (
    f"postgres://panorama:panorama@127.0.0.1:5432/{os.environ.get('PANORAMA_FAULTS_PG_DB', 'panorama_ops')}"
)
SERVER, WITNESS = (int(p) for p in os.environ.get("PANORAMA_FAULTS_PORTS", "8155,8156").split(","))
ROWS_API, ROWS_CLI = 3_000, 20_000


def register_csv(prefix: str, rows: int) -> bytes:
    lines = ["reference,organisation,title"]
    lines += [f"{prefix}-{i:06d},ssa,Fault programme {prefix} {i}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def count(site: Site, prefix: str) -> tuple[int, int]:
    """(programmes, audit events) of one import batch."""
    out = site.shell(
        "from panorama.programmes.models import Programme as P; from panorama.core.models import AuditEvent as A;"
        f" print(P.objects.filter(external_ref__startswith='{prefix}-').count(),"
        f" A.objects.filter(object_repr__contains='Fault programme {prefix} ').count())"
    )
    programmes, events = out.split()
    return int(programmes), int(events)


class Witness(threading.Thread):
    """Reads the other app server every 100 ms while the faults happen; counts what failed."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.url = f"http://127.0.0.1:{port}/api/v1/programmes?page_size=5"
        self.ok = self.failed = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            try:
                with urllib.request.urlopen(self.url, timeout=10) as answer:  # noqa: S310 - our own server
                    self.ok += answer.status == 200
            except (urllib.error.URLError, OSError):
                self.failed += 1
            time.sleep(0.1)


def analyst_token(site: Site) -> str:
    return site.shell(
        "from panorama.accounts import services; from panorama.accounts.models import User;"
        " print(services.token_create(person=User.objects.get(email='analyst@ops.test'), name='faults',"
        " scope='write')[1])"
    ).strip()


def kill_server_mid_import(site: Site, rounds: int) -> dict:
    token = analyst_token(site)
    result = {"kills": 0, "partial": 0, "none": 0, "all": 0}
    for k in range(rounds):
        server = site.serve(SERVER)
        prefix = f"S{k}{random.randrange(10**6)}"
        request = urllib.request.Request(
            f"http://127.0.0.1:{SERVER}/api/v1/returns/programmes",
            data=register_csv(prefix, ROWS_API),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
            method="POST",
        )
        sender = threading.Thread(target=lambda r=request: _quietly(r), daemon=True)
        sender.start()
        time.sleep(random.uniform(0.3, 2.5))
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        result["kills"] += 1
        programmes, events = count(site, prefix)
        if programmes == 0 and events == 0:
            result["none"] += 1
        elif programmes == events == ROWS_API:
            result["all"] += 1
        else:
            result["partial"] += 1
    return result


def _quietly(request) -> None:
    with contextlib.suppress(urllib.error.URLError, OSError, ConnectionError):
        urllib.request.urlopen(request, timeout=120).read()  # noqa: S310 - our own server


def kill_cli_import(site: Site, rounds: int) -> dict:
    result = {"kills": 0, "partial": 0, "none": 0, "all": 0}
    for k in range(rounds):
        prefix = f"C{k}{random.randrange(10**6)}"
        with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as handle:
            handle.write(register_csv(prefix, ROWS_CLI))
        process = subprocess.Popen(
            [PANORAMA, "import", "programmes", handle.name],
            env=site.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(random.uniform(2.0, 8.0))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.unlink(handle.name)
        result["kills"] += 1
        programmes, events = count(site, prefix)
        key = (
            "none" if programmes == events == 0 else "all" if programmes == events == ROWS_CLI else "partial"
        )
        result[key] += 1
    return result


SLOW_JOB = """
from panorama.core import jobs
from tests.ops_tasks import slow_write
print(jobs.enqueue(slow_write, label="A slow write", kwargs={{"slug": "{slug}", "seconds": 30}}).public_id)
"""
REPORT_JOB = """
from panorama.accounts.models import User
from panorama.core import catalogue
from panorama.reports import services
analyst = User.objects.get(email="analyst@ops.test")
report = services.report_prepare(actor=analyst, kind="national", period=catalogue.scope_for("").label, audience="public")
print(report.jobs.get().pk)
"""


def _state(site: Site, job: str) -> str:
    return site.shell(
        f"from panorama.core.models import Job; print(Job.objects.get(public_id='{job}').task.status)"
    ).strip()


def _wait(condition, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def kill_worker_mid_job(site: Site, rounds: int) -> dict:
    result = {"kills": 0, "partial": 0, "recovered": 0, "recovery_seconds": []}
    for k in range(rounds):
        slug = f"w{k}{random.randrange(10**6)}"
        job = site.shell(SLOW_JOB.format(slug=slug)).strip()
        worker = site.worker()
        _wait(lambda j=job: _state(site, j) == "RUNNING")
        time.sleep(random.uniform(0.5, 2.0))
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        result["kills"] += 1
        written = site.shell(
            f"from panorama.organisations.models import Organisation as O; print(O.objects.filter(slug='{slug}').count())"
        ).strip()
        result["partial"] += written != "0"
        started = time.monotonic()
        again = site.worker()
        if _wait(lambda j=job: _state(site, j) == "SUCCESSFUL"):
            result["recovered"] += 1
            result["recovery_seconds"].append(time.monotonic() - started)
        site.stop(again)
    # A real job: a report's PDF, killed while it is drawn, prepared again by the next worker.
    report_job = site.shell(REPORT_JOB).strip()
    status = (
        f"from panorama.reports.models import ReportJob; print(ReportJob.objects.get(pk={report_job}).status)"
    )
    worker = site.worker()
    _wait(lambda: site.shell(status).strip() == "running")
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    result["kills"] += 1
    half = site.shell(
        "from panorama.reports.models import ReportJob, ReportFile;"
        f" j = ReportJob.objects.get(pk={report_job}); print(ReportFile.objects.filter(report=j.report).count())"
    ).strip()
    result["partial"] += half != "0" and site.shell(status).strip() != "done"
    again = site.worker()
    result["recovered"] += _wait(lambda: site.shell(status).strip() == "done")
    site.stop(again)
    return result


def run(label: str, url: str, rounds: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        if url:
            os.environ["DATABASE_URL"] = url
        else:
            os.environ.pop("DATABASE_URL", None)
        site = Site(Path(tmp) / "site", fresh_database(PG_URL.rsplit("/", 1)[1] + "_faults"))
        site.setup()
        site.serve(WITNESS)
        witness = Witness(WITNESS)
        witness.start()
        try:
            figures = {
                "server": kill_server_mid_import(site, rounds),
                "cli": kill_cli_import(site, rounds),
                "worker": kill_worker_mid_job(site, rounds),
            }
        finally:
            witness.running = False
            witness.join()
            site.stop_all()
        figures["witness"] = {"ok": witness.ok, "failed": witness.failed}
        return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--databases", default="SQLite,PostgreSQL")
    args = parser.parse_args()
    rows = []
    for label in args.databases.split(","):
        figures = run(label, "" if label == "SQLite" else PG_URL, args.rounds)
        print(label, figures, flush=True)
        s, c, w, seen = figures["server"], figures["cli"], figures["worker"], figures["witness"]
        recovery = sorted(w["recovery_seconds"])
        rows.append(
            f"| {label} | {s['kills']} ({s['none']} none, {s['all']} all, {s['partial']} partial)"
            f" | {c['kills']} ({c['none']} none, {c['all']} all, {c['partial']} partial)"
            f" | {w['kills']} ({w['partial']} partial; {w['recovered']} run again to the end,"
            f" median {recovery[len(recovery) // 2] if recovery else 0:.1f} s)"
            f" | {seen['ok']} of {seen['ok'] + seen['failed']} |"
        )
    print()
    print(
        "| Database | `kill -9` of an app server mid-import (rows of the import written) |"
        " `kill -9` of a CLI import | `kill -9` of the worker mid-job | the other server's answers |"
    )
    print("|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
