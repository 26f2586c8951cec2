"""The `panorama` command as a newcomer meets it: real subprocesses, real files, real databases."""

import csv
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from panorama.organisations.services import REFERENCE_CSV

PANORAMA = str(Path(sys.executable).with_name("panorama"))


def run(*args: str, env: dict | None = None, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PANORAMA_HTTPS": "false", **(env or {})}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    if data_dir is not None:
        environment["PANORAMA_DATA_DIR"] = str(data_dir)
    return subprocess.run([PANORAMA, *args], capture_output=True, text=True, env=environment, timeout=120)


@pytest.mark.parametrize(
    "command", ["migrate", "serve", "demo", "createuser", "check", "token", "twofactor", "load_bodies"]
)
def test_every_command_has_real_help(command, tmp_path):
    result = run(command, "--help", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout
    assert len(result.stdout) > 300


def test_data_directory_that_is_a_file_gives_one_sentence(tmp_path):
    not_a_dir = tmp_path / "data"
    not_a_dir.write_text("oops")
    result = run("check", data_dir=not_a_dir)
    assert result.returncode == 1
    assert result.stderr.strip() == f"panorama: The data directory {not_a_dir} is a file, not a directory."
    assert "Traceback" not in result.stderr


def test_corrupt_sqlite_file_gives_one_sentence(tmp_path):
    (tmp_path / "panorama.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run("migrate", data_dir=tmp_path, env={"DATABASE_URL": ""})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is corrupt" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _import_into(data_dir: Path, env: dict) -> subprocess.CompletedProcess:
    (data_dir / "finance.csv").write_text("line_type,change_or_run\nactual,run\n")
    args = (
        "import",
        "finance",
        str(data_dir / "finance.csv"),
        "--organisation",
        "SSS",
        "--period",
        "2025-26",
    )
    return run(*args, data_dir=data_dir, env=env)


def _names_the_missing_migration(result: subprocess.CompletedProcess) -> bool:
    return (
        result.returncode == 1
        and "Traceback" not in result.stderr
        and result.stderr.startswith("panorama: The database has no tables yet: run `panorama migrate` first")
        and len(result.stderr.strip().splitlines()) == 1
    )


def test_a_sqlite_database_not_yet_migrated_gives_one_sentence_naming_the_fix(tmp_path):
    assert _names_the_missing_migration(_import_into(tmp_path, {"DATABASE_URL": ""}))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs the PostgreSQL server the suite runs on")
def test_a_postgresql_database_not_yet_migrated_gives_one_sentence_naming_the_fix(tmp_path):
    import psycopg

    db = connection.settings_dict
    empty = f"panorama_unmigrated_{os.getpid()}"
    server = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f"CREATE DATABASE {empty}")
    try:
        url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{empty}"
        assert _names_the_missing_migration(_import_into(tmp_path, {"DATABASE_URL": url}))
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f"DROP DATABASE {empty}")


def test_unreachable_database_url_gives_one_sentence(tmp_path):
    result = run("migrate", env={"DATABASE_URL": "postgres://nobody:x@127.0.0.1:9/none"}, data_dir=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("panorama: Panorama cannot reach the database named by DATABASE_URL")
    assert len(result.stderr.strip().splitlines()) == 1


def test_secret_key_is_generated_once_into_the_data_directory(tmp_path):
    assert run("check", data_dir=tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    assert run("check", data_dir=tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def test_sqlite_database_uses_wal_in_the_data_directory(tmp_path):
    assert run("migrate", "-v0", data_dir=tmp_path, env={"DATABASE_URL": ""}).returncode == 0
    database = tmp_path / "panorama.sqlite3"
    assert database.exists()
    assert sqlite3.connect(database).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_deploy_check_is_clean_in_the_production_configuration(tmp_path):
    env = {**os.environ}
    env.pop("PANORAMA_HTTPS", None)
    env.pop("PANORAMA_DEBUG", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["PANORAMA_DATA_DIR"] = str(tmp_path)
    # The production configuration, as .env.example documents it: mail goes out by SMTP.
    env["PANORAMA_EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
    result = subprocess.run(
        [PANORAMA, "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='localhost').get('/healthz');"
        "print(r.status_code, json.loads(r.content)['database'])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody:x@127.0.0.1:9/none",
        "PANORAMA_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=60,
    )
    assert result.stdout.split() == ["503", "unreachable"], result.stderr


@pytest.mark.django_db
def test_demo_is_idempotent_and_loads_the_real_bodies(demo_picture):
    """The demo is loaded once a session (demo_picture, by `panorama demo` on an empty database):
    loading it again on the same day changes nothing."""
    from panorama.accounts.models import Membership, User
    from panorama.core.models import AuditEvent
    from panorama.organisations.models import Organisation

    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    events = AuditEvent.objects.count()
    out = io.StringIO()
    call_command("demo", stdout=out)
    sign_ins = io.StringIO()
    call_command("demo", "--sign-ins", stdout=sign_ins)
    listed = sum(1 for line in sign_ins.getvalue().splitlines() if "@" in line and "password" not in line)
    assert f"  {listed} demo people can sign in" in out.getvalue()
    assert "can sign in" not in out.getvalue().replace(f"{listed} demo people can sign in", "")
    assert (Organisation.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert AuditEvent.objects.count() == events
    # The real bodies, one for each row of the shipped list (partners may be illustrative).
    with REFERENCE_CSV.open(encoding="utf-8-sig") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    assert rows >= 220
    assert Organisation.objects.filter(illustrative=False).count() == rows
    assert Organisation.objects.get(short_name="SSS").name == "Social Security Scotland"
    for email in ["analyst@demo.scot", "auditor@demo.scot", "admin@demo.scot", "editor@sss.demo.scot"]:
        assert User.objects.filter(email=email).exists()
    assert Membership.objects.filter(role="editor").values("organisation").distinct().count() >= 3


@pytest.mark.django_db
def test_createuser_and_token_create_print_a_working_token(client):
    from io import StringIO

    from panorama.organisations.models import Organisation

    Organisation.objects.create(
        slug="sss", short_name="SSS", name="Social Security Scotland", sector="central government"
    )
    call_command(
        "createuser",
        "lead@sss.test",
        "--name",
        "Lead",
        "--organisation",
        "SSS",
        "--role",
        "editor",
        "--password",
        "a-long-enough-password",
        stdout=StringIO(),
    )
    out = StringIO()
    call_command("token", "create", "lead@sss.test", "--name", "robot", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("pan_")
    response = client.get("/account/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert b"lead@sss.test" in response.content


def test_demo_sign_ins_list_every_demo_account_including_partners(tmp_path):
    result = run("demo", "--sign-ins", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    for email in ("analyst@demo.scot", "editor@sss.demo.scot", "founder@thistlelabs.demo.scot"):
        assert email in result.stdout
    assert "panorama-demo-2026" in result.stdout
