"""The demo picture, loaded once for a whole test module and rolled back after it.

The demo takes ~10 s to load, and the consistency tests only read it, so it is loaded inside one
outer transaction for the module: each test's own transaction is a savepoint inside it, and the
outer one is rolled back at the end, so no other module sees the demo.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.conftest import make_person


@pytest.fixture(scope="module", name="demo_picture")
def demo_picture_fixture(django_db_setup, django_db_blocker) -> dict:
    from panorama.organisations.models import Organisation

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        body = Organisation.objects.get(short_name="SSS")
        people = {
            "analyst": make_person("analyst@consistency.test", role="analyst"),
            "editor": make_person("editor@consistency.test", body=body, member_role="editor"),
            "anonymous": None,
        }
        yield {"people": people, "body": body}
        transaction.set_rollback(True)
