"""The public programmes list and the public pages keep an anonymous reader's answer between requests
(core/answers.py), and never past a write: in process, every way of writing a register table changes
the data version (and any domain table the site's), and across processes, two `panorama serve` on one
database see a return sent through the other on their next read, in the API and on the pages."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from panorama.core.answers import SITE, STORE, version
from panorama.programmes.models import Programme
from tests.conftest import make_body

PANORAMA = str(Path(sys.executable).with_name("panorama"))
LIST = "/api/v1/programmes?confidence=red&page_size=50"


# --- In process -----------------------------------------------------------------------------------


def _programme(body, title: str, confidence: str = "red") -> Programme:
    return Programme.objects.create(organisation=body, title=title, confidence=confidence)


def test_every_way_of_writing_the_register_changes_its_version_and_other_writes_do_not(db):
    from panorama.core.models import Period

    body = make_body("SSS", "Social Security Scotland")
    seen = {version("register")}

    def changed() -> bool:
        token = version("register")
        new = token not in seen
        seen.add(token)
        return new

    programme = _programme(body, "Adult Disability Payment")
    assert changed()  # save
    Programme.objects.filter(pk=programme.pk).update(confidence="amber")
    assert changed()  # queryset update
    Programme.objects.bulk_create([Programme(organisation=body, title="Child Payment")])
    assert changed()  # bulk insert, which sends no signal
    with connection.cursor() as cursor:
        cursor.execute("UPDATE organisations_organisation SET name = %s WHERE id = %s", ["SSS", body.pk])
    assert changed()  # plain SQL on the bodies the list names
    Programme.objects.filter(title="Child Payment").delete()
    assert changed()
    Period.objects.create(label="2031-32", kind="year", year=2031, start="2031-04-01", end="2032-03-31")
    assert not changed()  # a table the list does not read


def test_a_kept_answer_is_the_fresh_answer_byte_for_byte_until_a_write(db):
    body = make_body("SSS", "Social Security Scotland")
    _programme(body, "Adult Disability Payment")
    STORE.clear()
    client = Client(HTTP_HOST="localhost")
    fresh = client.get(LIST)
    kept = client.get(LIST)
    assert fresh.status_code == kept.status_code == 200
    assert kept.content == fresh.content
    # Every header but the request's own id, which each answer carries afresh.
    assert fresh["X-Request-ID"] != kept["X-Request-ID"]
    assert dict(kept.items()) | {"X-Request-ID": ""} == dict(fresh.items()) | {"X-Request-ID": ""}
    assert kept["Cache-Control"] == "private, no-store"
    _programme(body, "Child Payment")
    after = client.get(LIST).json()
    assert after["count"] == 2 and {p["title"] for p in after["results"]} == {
        "Adult Disability Payment",
        "Child Payment",
    }


def test_an_unchanged_answer_is_not_modified_and_a_changed_one_is(db):
    body = make_body("SSS", "Social Security Scotland")
    _programme(body, "Adult Disability Payment")
    client = Client(HTTP_HOST="localhost")
    etag = client.get(LIST)["ETag"]
    again = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    _programme(body, "Child Payment")
    changed = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_reader_with_a_token_is_never_given_the_kept_answer(db):
    """The kept answer goes only to requests with no cookie and no Authorization header: a bad token
    is still refused after an anonymous reader's answer was kept for the same address."""
    body = make_body("SSS", "Social Security Scotland")
    _programme(body, "Adult Disability Payment")
    client = Client(HTTP_HOST="localhost")
    assert client.get(LIST).status_code == 200
    assert client.get(LIST).status_code == 200
    refused = client.get(LIST, HTTP_AUTHORIZATION="Bearer not-a-token")
    assert refused.status_code == 401


def test_any_write_to_a_domain_table_changes_the_sites_version_and_reading_does_not(db, analyst):
    from panorama.core.models import Period

    before = version(SITE)
    Client(HTTP_HOST="localhost").get("/picture/")
    assert version(SITE) == before  # reading a page writes nothing watched
    Period.objects.create(label="2031-32", kind="year", year=2031, start="2031-04-01", end="2032-03-31")
    after_period = version(SITE)
    assert after_period != before
    body = make_body("ILF", "Independent Living Fund Scotland")
    assert version(SITE) != after_period
    token = version(SITE)
    with connection.cursor() as cursor:  # plain SQL
        cursor.execute("UPDATE core_period SET label = label")
    assert version(SITE) != token
    programme = _programme(body, "Adult Disability Payment")
    tag = programme.tags.model.objects.create(name="benefits")
    token = version(SITE)
    programme.tags.add(tag)  # a many-to-many link table
    assert version(SITE) != token


def test_a_public_page_is_kept_for_anonymous_readers_only_and_not_past_a_write(db, analyst):
    body = make_body("ILF", "Independent Living Fund Scotland")
    _programme(body, "Adult Disability Payment")
    STORE.clear()
    anonymous = Client(HTTP_HOST="localhost")
    fresh = anonymous.get("/programmes/")
    kept = anonymous.get("/programmes/")
    assert fresh.status_code == kept.status_code == 200 and not fresh.cookies
    assert kept.content == fresh.content and kept["ETag"] == fresh["ETag"]
    assert any(key[0] == version(SITE) for key in STORE.items)
    assert anonymous.get("/programmes/", HTTP_IF_NONE_MATCH=fresh["ETag"]).status_code == 304

    # Someone signed in is never given the kept page: theirs is made for them.
    signed_in = Client(HTTP_HOST="localhost")
    signed_in.force_login(analyst)
    theirs = signed_in.get("/programmes/")
    assert theirs.status_code == 200 and theirs.content != fresh.content
    assert b"Sign out" in theirs.content and b"Sign out" not in kept.content

    _programme(body, "Child Payment")
    after = anonymous.get("/programmes/")
    assert b"Child Payment" in after.content and b"Child Payment" not in fresh.content


# --- Two server processes on one database ---------------------------------------------------------


def _port() -> int:
    """A free port: from PANORAMA_TEST_PORTS ("8166-8169") when a machine shares its ports out."""
    low, _, high = os.environ.get("PANORAMA_TEST_PORTS", "0-0").partition("-")
    for candidate in range(int(low), int(high) + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port")


def _get(port: int, path: str, headers: dict | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "localhost", **(headers or {})})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


SEED = """
from panorama.accounts.services import token_create, user_create
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme
body = Organisation.objects.create(slug="sss", short_name="SSS", name="Social Security Scotland",
                                   sector="central government", kind="agency")
Programme.objects.create(organisation=body, title="Adult Disability Payment", confidence="red")
analyst = user_create(actor=None, email="analyst@gov.test", full_name="Analyst", password="x" * 16,
                      global_role="analyst", check_password=False)
print("TOKEN", token_create(person=analyst, name="test", scope="write")[1])
"""


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, django_db_blocker):
    """A database of its own (a SQLite file, or a PostgreSQL database beside the test database),
    migrated and seeded by the CLI, served by two `panorama serve` processes."""
    data_dir = tmp_path_factory.mktemp("answers")
    env = {
        **os.environ,
        "PANORAMA_DATA_DIR": str(data_dir),
        "PANORAMA_HTTPS": "false",
        "PANORAMA_REQUIRE_2FA": "false",
        "PANORAMA_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DATABASE_URL": "",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the servers run as shipped, not with the tests' settings
    drop = None
    with django_db_blocker.unblock():
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            import psycopg

            name = f"panorama_answers_{os.getpid()}"
            server = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}
            with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {name}")
                admin.execute(f"CREATE DATABASE {name}")
            env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"

            def drop() -> None:
                with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    servers = []
    try:
        subprocess.run([PANORAMA, "migrate", "-v0"], env=env, check=True, timeout=600)
        seeded = subprocess.run(
            [PANORAMA, "shell", "-c", SEED], env=env, check=True, timeout=120, capture_output=True, text=True
        )
        token = next(line.split()[1] for line in seeded.stdout.splitlines() if line.startswith("TOKEN"))
        ports = []
        for _ in range(2):
            port = _port()
            command = [PANORAMA, "serve", "--port", str(port), "--workers", "1", "--threads", "2"]
            servers.append(
                subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            )
            ports.append(port)
            deadline = time.monotonic() + 90
            while True:
                try:
                    if _get(port, "/healthz").status == 200:
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
        yield {"ports": ports, "token": token}
    finally:
        for process in servers:
            process.terminate()
            process.wait(timeout=30)
        if drop is not None:
            drop()


def _send_return(port: int, token: str, title: str) -> dict:
    csv = f"reference,organisation,title,confidence\nT-{title[:8]},SSS,{title},red\n"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(
        "POST",
        "/api/v1/returns/programmes?filename=register.csv",
        body=csv.encode(),
        headers={"Host": "localhost", "Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
    )
    response = conn.getresponse()
    body = json.loads(response.read())
    assert response.status == 200, body
    return body


def _titles(response) -> set[str]:
    return {p["title"] for p in json.loads(response.body)["results"]}


def test_a_return_sent_through_one_server_is_in_the_next_answer_of_the_other(two_servers):
    one, other = two_servers["ports"]
    first = _get(other, LIST)
    kept = _get(other, LIST)  # now given from the other server's kept answers
    assert kept.body == first.body and _titles(kept) == {"Adult Disability Payment"}
    etag = kept.getheader("ETag")
    assert _get(other, LIST, {"If-None-Match": etag}).status == 304

    _send_return(one, two_servers["token"], "Scottish Child Payment")

    for port in (other, one):
        after = _get(port, LIST)
        assert _titles(after) == {"Adult Disability Payment", "Scottish Child Payment"}, port
    assert _get(other, LIST, {"If-None-Match": etag}).status == 200


def test_a_bad_token_is_refused_by_a_server_that_keeps_the_anonymous_answer(two_servers):
    _, other = two_servers["ports"]
    assert _get(other, LIST).status == 200
    assert _get(other, LIST, {"Authorization": "Bearer not-a-token"}).status == 401


def test_a_return_sent_through_one_server_is_on_the_next_public_page_of_the_other(two_servers):
    one, other = two_servers["ports"]
    first = _get(other, "/programmes/")
    kept = _get(other, "/programmes/")
    assert first.status == kept.status == 200 and kept.body == first.body
    assert b"Adult Disability Payment" in kept.body and b"Carer Support Payment" not in kept.body

    _send_return(one, two_servers["token"], "Carer Support Payment")

    for port in (other, one):
        assert b"Carer Support Payment" in _get(port, "/programmes/").body, port
