import pytest

from tests.map_factories import MILLION, make_commitment, make_platform, make_programme

pytestmark = pytest.mark.django_db


def test_programmes_api_filters_paginates_and_counts(client, world):
    platform = make_platform()
    for n in range(5):
        p = make_programme(world.body_a, f"Programme {n}", wlc_baseline=MILLION * (n + 1))
        if n % 2 == 0:
            p.platforms.add(platform)
    body = client.get(
        "/api/v1/programmes", {"platform": "scotaccount", "page_size": 2, "sort": "cost"}
    ).json()
    assert body["count"] == 3
    assert body["pages"] == 2
    assert [r["title"] for r in body["results"]] == ["Programme 4", "Programme 2"]
    assert body["results"][0]["wlc_baseline"] == "5000000.00"
    assert body["results"][0]["major"] is True


def test_programme_api_detail_gives_history_and_links(client, world):
    nhs24 = make_programme(
        world.body_a,
        "NHS 24 Future Programme",
        wlc_baseline=MILLION * 758 / 10,
        wlc_forecast=MILLION * 1312 / 10,
    )
    body = client.get(f"/api/v1/programmes/{nhs24.public_id}").json()
    assert body["cost_variance"] == "0.7309"
    assert body["updates"] == [] and body["links"] == []


def test_commitments_api_filters_the_unowned(client, world):
    make_commitment("3.1", owner=world.body_a, person="Chief Designer")
    make_commitment("3.4")
    body = client.get("/api/v1/commitments", {"unowned": "true"}).json()
    assert body["count"] == 1
    assert body["results"][0]["reference"] == "3.4"
    assert body["results"][0]["unowned"] is True
    assert client.get("/api/v1/commitments", {"unowned": "false"}).json()["count"] == 2
    assert client.get("/api/v1/commitments", {"unowned": "null"}).status_code == 400


def test_openapi_document_describes_the_map_endpoints(client, world):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/organisations",
        "/api/v1/programmes",
        "/api/v1/programmes/{id}",
        "/api/v1/commitments",
    ):
        assert path in paths
    names = {p["name"] for p in paths["/api/v1/programmes"]["get"]["parameters"]}
    assert {"commitment", "platform", "major", "confidence", "page", "page_size"} <= names


def test_api_token_carries_its_persons_restricted_access(client, world):
    from panorama.accounts.services import token_create

    programme = make_programme(world.body_a, "Benefits")
    from tests.map_factories import make_update

    make_update(programme, narrative="Only for A")
    _, secret = token_create(person=world.viewer_a, name="t")
    body = client.get(
        f"/api/v1/programmes/{programme.public_id}", HTTP_AUTHORIZATION=f"Bearer {secret}"
    ).json()
    assert body["updates"][0]["narrative"] == "Only for A"
    _, other = token_create(person=world.editor_b, name="t")
    body = client.get(
        f"/api/v1/programmes/{programme.public_id}", HTTP_AUTHORIZATION=f"Bearer {other}"
    ).json()
    assert body["updates"][0]["narrative"] is None
