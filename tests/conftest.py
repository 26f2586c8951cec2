"""Shared personas for every test: a viewer and an editor of body A, an editor of body B (the
outsider to A), an analyst, an auditor and an administrator; the demo, loaded once a session; and
the one rule for what runs on which database (see `pytest_collection_modifyitems`)."""

import datetime
import io
import os
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction

# Playwright's sync API keeps an event loop running in the test thread; Django would take that for
# async code and refuse ORM calls from it. The tests' own ORM calls are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The day tests whose answer depends on the date run on (a Monday in 2026-27 Q3): a test asks for the
# `pinned_clock` fixture (or its module asks for `pinned_clock_for_module`) and reads TODAY, never
# the real clock, so it gives the same answer on any day it runs.
PINNED_NOW = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=datetime.UTC)
TODAY = PINNED_NOW.date()


@pytest.fixture
def pinned_clock():
    with time_machine.travel(PINNED_NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(scope="module")
def pinned_clock_for_module():
    """For a module whose module-scoped data (e.g. the demo picture) is made for a date."""
    with time_machine.travel(PINNED_NOW, tick=False) as traveller:
        yield traveller


# --- What runs on which database, and in what order. ------------------------------------------------
#
# `make test` runs the suite twice, on SQLite and on PostgreSQL. The rule: a test runs on both unless
# nothing it proves depends on the database, and then it runs once, on SQLite. Once only:
#   - the real-browser tests (tests/browser/, marked `browser`): layout, scripts and axe are the same
#     whichever database served the page; the same views' answers, permissions and writes are proven
#     on both databases by the test-client tests (tests/test_roles.py and each app's tests);
#   - tests marked `one_database`: e.g. the demo's believability, which checks what the demo says.
# Everything that touches the database's own behaviour (queries, sums, full-text search, locks,
# transactions, migrations, the API's answers, the processes and backups) runs on both.
ONE_DATABASE = "runs once, on SQLite: nothing it proves depends on the database (tests/conftest.py)"


@pytest.hookimpl(trylast=True)  # after pytest-django's own reordering
def pytest_collection_modifyitems(config, items):
    on_sqlite = connection.vendor == "sqlite"
    browser_dir = config.rootpath / "tests" / "browser"
    for item in items:
        if browser_dir in item.path.parents:
            item.add_marker(pytest.mark.browser)
        if not on_sqlite and (item.get_closest_marker("browser") or item.get_closest_marker("one_database")):
            item.add_marker(pytest.mark.skip(reason=ONE_DATABASE))
    # The tests that read the demo run last, together, so the demo is loaded once (see demo_picture).
    reading_the_demo = [item for item in items if "demo_picture" in getattr(item, "fixturenames", ())]
    for item in reading_the_demo:
        marker = item.get_closest_marker("django_db")
        if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
            raise pytest.UsageError(f"{item.nodeid}: a test that reads the demo cannot be transactional")
    items[:] = [item for item in items if item not in reading_the_demo] + reading_the_demo


@pytest.fixture(scope="session")
def _demo_loaded(django_db_setup, django_db_blocker) -> dict:
    """The demo (`panorama demo`, the slowest thing a test can ask for), loaded once a session on the
    pinned day inside one outer transaction that is rolled back at the end. Each test that reads it
    runs inside it in a savepoint of its own, so what a test writes does not reach the next, and the
    tests that ask for it run last (pytest_collection_modifyitems), so no other test sees the demo."""
    from django.core.management import call_command

    from panorama.organisations.models import Organisation

    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        time_machine.travel(PINNED_NOW, tick=False),
    ):
        call_command("demo", stdout=io.StringIO())
        body = Organisation.objects.get(short_name="SSS")
        people = {
            "analyst": make_person("analyst@consistency.test", role="analyst"),
            "editor": make_person("editor@consistency.test", body=body, member_role="editor"),
            "anonymous": None,
        }
        yield {"people": people, "body": body}
        transaction.set_rollback(True)


@pytest.fixture
def demo_picture(_demo_loaded, db, pinned_clock) -> dict:
    """The demo picture, read on the day it was loaded for: {"people": {...}, "body": SSS}."""
    return _demo_loaded


PERSONAS = ["anonymous", "viewer_a", "editor_a", "editor_b", "analyst", "auditor", "admin"]


@dataclass
class World:
    body_a: Any
    body_b: Any
    people: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.people[name] if name in self.people else self.extra[name]
        except KeyError:
            raise AttributeError(name) from None


PASSWORD = "correct-horse-battery-staple"


def make_person(email: str, *, role: str = "", body=None, member_role: str = ""):
    from panorama.accounts import services

    person = services.user_create(
        actor=None,
        email=email,
        full_name=email.split("@")[0].title(),
        password=PASSWORD,
        global_role=role,
        check_password=False,
    )
    if body is not None:
        services.membership_set(actor=None, person=person, organisation=body, role=member_role)
    return person


def make_body(short: str, name: str, sector: str = "central government"):
    from panorama.organisations.models import Organisation

    return Organisation.objects.create(
        slug=short.lower(), short_name=short, name=name, sector=sector, kind="agency"
    )


def _generated_storage_at(folder) -> dict:
    from django.conf import settings

    return {
        **settings.STORAGES,
        "generated": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }


@pytest.fixture(scope="session", autouse=True)
def _generated_files_in_a_folder_of_the_run(tmp_path_factory):
    """Generated files (open data, report PDFs) go to a folder of this test run, never the data
    directory, so parallel runs do not meet."""
    from django.test import override_settings

    with override_settings(STORAGES=_generated_storage_at(tmp_path_factory.mktemp("generated"))):
        yield


@pytest.fixture
def generated_files(tmp_path):
    """A test's own generated files' storage (an empty folder): returns its path."""
    from django.test import override_settings

    folder = tmp_path / "generated"
    with override_settings(STORAGES=_generated_storage_at(folder)):
        yield folder


@pytest.fixture(autouse=True)
def _nothing_kept_from_the_test_before():
    """Answers and figures kept under a data version (core/answers.py) are per process: a test's
    rolled-back writes can leave the version where the test before left it, with other settings."""
    from panorama.core.answers import forget

    forget()


@pytest.fixture(autouse=True)
def _lessons_search_index_starts_empty(request):
    """A transactional test ends by emptying every table Django knows of, but not SQLite's
    full-text index of lessons (a virtual table no model owns): the next test would count the
    lessons that went with the flush. Each transactional test starts with it empty."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return
    request.getfixturevalue("transactional_db")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM lessons_lesson_fts")


@pytest.fixture
def world(db) -> World:
    body_a = make_body("SSS", "Social Security Scotland")
    body_b = make_body("DS", "Disclosure Scotland")
    w = World(body_a=body_a, body_b=body_b)
    w.people = {
        "viewer_a": make_person("viewer@a.test", body=body_a, member_role="viewer"),
        "editor_a": make_person("editor@a.test", body=body_a, member_role="editor"),
        "editor_b": make_person("editor@b.test", body=body_b, member_role="editor"),
        "analyst": make_person("analyst@central.test", role="analyst"),
        "auditor": make_person("auditor@central.test", role="auditor"),
        "admin": make_person("admin@central.test", role="admin"),
    }
    return w


@pytest.fixture
def editor(world):
    return world.editor_a


@pytest.fixture
def viewer(world):
    return world.viewer_a


@pytest.fixture
def outsider(world):
    return world.editor_b


@pytest.fixture
def analyst(world):
    return world.analyst


@pytest.fixture
def auditor(world):
    return world.auditor


def client_for(client, person):
    if person is not None:
        client.force_login(person)
    return client


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    """`panorama worker --once` run inside a test: the test's transaction holds the connection, so
    the worker must not close it between jobs (Django's test client keeps it open for the same reason)."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
