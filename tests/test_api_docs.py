"""The API's front door: /api/v1/ lists the endpoints, a page documents them, and a URL written
with a trailing slash finds the endpoint it names."""

import pytest
from django.urls import reverse

from panorama.api.framework import ENDPOINTS

pytestmark = pytest.mark.django_db


def test_the_api_root_lists_every_endpoint(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    listed = {(e["method"], e["path"]) for e in body["endpoints"]}
    assert listed == {(e.method.upper(), e.path) for e in ENDPOINTS}
    assert body["openapi"].endswith("/api/v1/openapi.json")
    assert body["documentation"].endswith(reverse("api:docs"))
    organisations = next(e for e in body["endpoints"] if e["path"] == "/api/v1/organisations")
    assert organisations["sign_in"] is False and organisations["summary"]


def test_a_trailing_slash_finds_the_endpoint(client):
    response = client.get("/api/v1/organisations/?page_size=2")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/organisations?page_size=2"
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/api/v1/no-such-thing/").status_code == 404


def test_the_documentation_page_documents_every_endpoint_and_how_to_start(client):
    page = client.get(reverse("api:docs"))
    assert page.status_code == 200
    text = page.content.decode()
    for e in ENDPOINTS:
        assert e.path in text
    for step in ["Authorization: Bearer", "page_size", "curl", reverse("accounts:token-create")]:
        assert step in text
    assert "<script" not in text.split("<footer")[0].split("</header>")[-1]


def test_the_footer_and_the_open_data_page_link_to_the_documentation(client):
    docs = reverse("api:docs")
    assert f'href="{docs}"' in client.get(reverse("site:about")).content.decode()
    assert f'href="{docs}"' in client.get(reverse("open_data:index")).content.decode()
