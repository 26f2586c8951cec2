"""Cache-Control keeps restricted pages, downloads and API answers out of every cache; a
Permissions-Policy is sent everywhere."""

from django.urls import reverse

NO_STORE = "private, no-store"


def test_public_page_has_a_permissions_policy_and_may_be_cached(client, db):
    response = client.get(reverse("site:home"))
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")


def test_healthz_has_a_permissions_policy(client, db):
    assert "Permissions-Policy" in client.get(reverse("site:healthz"))


def test_signed_in_pages_are_not_stored(client, world):
    client.force_login(world.editor_a)
    response = client.get(reverse("finance:body", kwargs={"slug": world.body_a.slug}))
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE


def test_api_answers_are_not_stored_even_for_the_public(client, db):
    response = client.get(reverse("api:organisations"))
    assert response["Cache-Control"] == NO_STORE


def test_exports_are_not_stored(client, db):
    response = client.get(reverse("returns:template", kwargs={"kind": "progress", "format": "xlsx"}))
    assert response.status_code == 200
    assert response["Cache-Control"] == NO_STORE
