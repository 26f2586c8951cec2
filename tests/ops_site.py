# ruff: noqa: S310 - only http://127.0.0.1 addresses of the servers it starts
"""A whole Panorama site run as real processes (migrate, app servers, the worker) in its own data
directory and database, for the operations tests and bench/faults.py: one database (a fresh SQLite
file, or a fresh PostgreSQL database beside the test one when DATABASE_URL names PostgreSQL)."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PANORAMA = str(Path(sys.executable).with_name("panorama"))

# A small world: a body, its editor (with a write token), an analyst (signed in: a session in the
# database), a programme and an open window for the progress return.
SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from panorama.accounts import services
from panorama.core.periods import period_from_label
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme
from panorama.returns.models import ReturnWindow
import datetime

body = Organisation.objects.create(slug="ssa", short_name="SSA", name="Scottish Sample Agency",
                                   sector="central government", kind="agency")
editor = services.user_create(actor=None, email="editor@ssa.test", full_name="Editor", password="x" * 16,
                              check_password=False)
services.membership_set(actor=None, person=editor, organisation=body, role="editor")
analyst = services.user_create(actor=None, email="analyst@ops.test", full_name="Analyst", password="x" * 16,
                               global_role="analyst", check_password=False)
Programme.objects.create(organisation=body, title="Adult Disability Payment", external_ref="ADP")
window = ReturnWindow.objects.create(kind="progress", period=period_from_label("2025-26 Q3"),
                                     due_on=datetime.date(2026, 1, 31))
window.expected.set([body])
_, token = services.token_create(person=editor, name="ops", scope="write")
session = SessionStore()
session[SESSION_KEY] = str(analyst.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = analyst.get_session_auth_hash()
session.create()
print(json.dumps({"token": token, "session": session.session_key}))
"""

PROGRESS_CSV = "programme_ref,confidence,milestones_met,wlc_forecast,end_forecast\nADP,{confidence},2,£1.2bn,31/03/2027\n"


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    return url if url.startswith("postgres") else ""


def fresh_database(name: str) -> str:
    """A new empty database: '' (SQLite in the data directory) or a PostgreSQL URL. Its name ends
    with the test database's, so two runs on different test databases never drop each other's."""
    url = postgres_url()
    if not url:
        return ""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"{name}_{parts.path.lstrip('/')}"[:63]
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


class Site:
    def __init__(self, data_dir: Path, database_url: str) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "panorama.settings",
            "PANORAMA_DATA_DIR": str(self.data_dir),
            # The generated files' storage every process of the site shares (on several machines:
            # a shared volume, or PANORAMA_STORAGE=s3).
            "PANORAMA_FILES_DIR": str(self.data_dir / "files"),
            "DATABASE_URL": database_url,
            "PANORAMA_HTTPS": "false",
            "PANORAMA_REQUIRE_2FA": "false",
            "PANORAMA_SECRET_KEY": "ops-test-" + "k" * 60,
            "PANORAMA_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),  # tests.ops_tasks, for the worker tests
        }
        self.processes: list[subprocess.Popen] = []

    def run(self, *args: str, input: str | None = None, check: bool = True) -> str:
        done = subprocess.run(
            [PANORAMA, *args],
            env=self.env,
            cwd=ROOT,
            input=input,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and done.returncode:
            raise AssertionError(f"panorama {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def run_unchecked(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PANORAMA, *args], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=600
        )

    def shell(self, code: str) -> str:
        return self.run("shell", "--no-imports", "-c", code)

    def setup(self) -> dict:
        self.run("migrate", "-v0")
        return json.loads(self.shell(SETUP).strip().splitlines()[-1])

    def start(self, *args: str, log: str | None = None, env: dict | None = None) -> subprocess.Popen:
        out = open(self.data_dir / (log or f"{args[0]}.log"), "ab")  # noqa: SIM115 - kept for the process
        process = subprocess.Popen(
            [PANORAMA, *args],
            env={**self.env, **(env or {})},
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def serve(self, port: int, *, own_disk: bool = False) -> subprocess.Popen:
        """An app server; with `own_disk`, its data directory is its own, so it shares only the
        database and the generated files' storage with the others (PostgreSQL only: SQLite's
        database is a file in the data directory)."""
        process = self.start(
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--threads",
            "4",
            log=f"serve-{port}.log",
            env={"PANORAMA_DATA_DIR": str(self.data_dir / f"server-{port}")} if own_disk else None,
        )
        wait_for(f"http://127.0.0.1:{port}/healthz")
        return process

    def worker(self) -> subprocess.Popen:
        return self.start("worker", "--interval", "0.2", log="worker.log")

    def stop(self, process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
        if process.poll() is None:
            os.killpg(process.pid, sig)  # the process group we started (gunicorn's workers too)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def stop_all(self) -> None:
        for process in self.processes:
            self.stop(process)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class Browser:
    """A signed-in person's requests: the session cookie and the CSRF token taken from each form."""

    def __init__(self, session_key: str = "") -> None:
        self.cookies = {"sessionid": session_key} if session_key else {}

    def _request(self, url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = urllib.request.urlopen(request, timeout=30)
        except urllib.error.HTTPError as exc:
            response = exc
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return response.status, response.read().decode(errors="replace")

    def get(self, url: str) -> tuple[int, str]:
        return self._request(url)

    def post_form(self, page_url: str, action_url: str) -> int:
        """Post the form on `page_url` whose action is `action_url`, with its hidden fields."""
        _, page = self.get(page_url)
        path = urllib.parse.urlsplit(action_url).path
        form = page[page.index(f'action="{path}"') :]
        form = form[: form.index("</form>")]
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        body = urllib.parse.urlencode(fields).encode()
        status, _ = self._request(
            action_url, body, {"Referer": page_url, "Content-Type": "application/x-www-form-urlencoded"}
        )
        return status


def send_progress_return(base: str, token: str, confidence: str = "Amber") -> dict:
    """The editor sends the body's progress return through the API and submits it."""
    request = urllib.request.Request(
        f"{base}/api/v1/returns/progress/ssa/2025-26-q3?submit=true",
        data=PROGRESS_CSV.format(confidence=confidence).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())
