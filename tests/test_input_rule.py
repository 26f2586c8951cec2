"""One input rule for every query parameter and form field: a NUL byte (which PostgreSQL cannot
store or compare) or another control character answers 400, on every database."""

import pytest
from django.urls import reverse

NUL = "a\x00b"

# Each was a 500 on PostgreSQL before the rule.
PROBED = [
    ("/api/v1/organisations", "q"),
    ("/api/v1/services", "q"),
    ("/api/v1/services", "organisation"),
    ("/api/v1/challenges", "round"),
    ("/api/v1/platforms", "kind"),
    ("/api/v1/overlaps", "organisation"),
    ("/api/v1/returns/windows", "kind"),
    ("/api/v1/returns/windows", "status"),
    ("/api/v1/skills/summary", "organisation"),
]


def openapi_query_parameters(client) -> list[tuple[str, str]]:
    document = client.get(reverse("api:openapi")).json()
    found = []
    for path, operations in document["paths"].items():
        if "{" in path or "get" not in operations:
            continue
        found += [(path, p["name"]) for p in operations["get"].get("parameters", []) if p["in"] == "query"]
    return found


def test_probed_parameters_are_in_the_openapi_document(client, db):
    assert set(PROBED) <= set(openapi_query_parameters(client))


def test_nul_in_any_api_query_parameter_is_a_400(client, world):
    client.force_login(world.analyst)
    refused = {}
    for path, name in openapi_query_parameters(client):
        response = client.get(path, {name: NUL})
        refused[(path, name)] = (response.status_code, response["Content-Type"])
    assert all(v == (400, "application/json") for v in refused.values()), refused


@pytest.mark.parametrize("name", ["action", "actor", "object_id"])
def test_nul_in_the_audit_trail_filters_is_a_400(client, world, name):
    client.force_login(world.analyst)
    response = client.get(reverse("site:audit-list"), {name: NUL})
    assert response.status_code == 400
    assert b"Bad request" in response.content


def test_nul_in_a_form_field_is_a_400(client, world):
    client.force_login(world.editor_a)
    response = client.post(reverse("programmes:create"), {"title": NUL})
    assert response.status_code == 400


def test_nul_in_the_sign_in_form_is_a_400(client, db):
    response = client.post(reverse("accounts:sign-in"), {"username": NUL, "password": NUL})
    assert response.status_code == 400


def test_other_control_characters_are_refused_but_tabs_and_new_lines_kept(client, db):
    assert client.get("/api/v1/organisations", {"q": "a\x1bb"}).status_code == 400
    assert client.get("/api/v1/organisations", {"q": "a\tb\r\nc"}).status_code == 200
