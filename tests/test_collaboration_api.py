from django.urls import reverse

from panorama.collaboration import services
from panorama.collaboration.models import Overlap
from panorama.programmes.models import Programme
from tests.conftest import make_body
from tests.roles.collaboration import collaboration_world


def test_challenges_api_gives_the_funnel_for_every_round(client, world):
    collaboration_world(world)
    body = client.get(reverse("api:collaboration-challenges")).json()
    assert body["count"] == 1 and body["results"][0]["budget"] == "250000.00"
    (funnel,) = body["funnel"]
    assert funnel == {
        "round": "civtech-10",
        "name": "CivTech 10",
        "challenges": 1,
        "applications": 1,
        "shortlisted": 0,
        "exploration_teams": 0,
        "accelerator_teams": 0,
        "adopted": 0,
        "adoption_rate": None,
    }
    assert client.get(reverse("api:collaboration-challenges") + "?round=nope").status_code == 400


def test_platforms_api_lists_adopters_and_programmes(client, world):
    sample = collaboration_world(world)
    Programme.objects.filter(organisation=world.body_a).first().platforms.add(sample["platform"])
    (platform,) = client.get(reverse("api:collaboration-platforms")).json()["results"]
    assert platform["adopter_count"] == 1
    assert (
        platform["adopters"][0]["slug"] == world.body_a.slug
        and platform["adopters"][0]["adopted_on"] == "2024-06-01"
    )
    assert platform["programmes"][0]["title"] == "Benefit case management"


def test_forums_api_names_members_only_to_signed_in_people(client, world):
    collaboration_world(world)
    (forum,) = client.get(reverse("api:collaboration-forums")).json()["results"]
    assert forum["members"] is None and forum["sectors"]["public sector"] == 1
    assert forum["owned_commitments"][0]["reference"] == "3.1"
    client.force_login(world.viewer_a)
    (forum,) = client.get(reverse("api:collaboration-forums")).json()["results"]
    assert {m["name"] for m in forum["members"]} == {world.editor_a.full_name, world.viewer_a.full_name}


def test_overlaps_api_shows_each_body_only_its_own_pairs(client, world):
    collaboration_world(world)
    other = Programme.objects.create(
        organisation=make_body("X", "Body X"), title="Case management", summary="x"
    )
    third = Programme.objects.create(
        organisation=make_body("Y", "Body Y"), title="Case management", summary="x"
    )
    a, b = sorted([other, third], key=lambda p: p.pk)
    Overlap.objects.create(programme_a=a, programme_b=b, score=0.9, reasons=["Same."])
    assert client.get(reverse("api:collaboration-overlaps")).status_code == 401
    client.force_login(world.editor_a)
    body = client.get(reverse("api:collaboration-overlaps")).json()
    assert body["count"] == 1 and "reasons" in body["results"][0] and body["results"][0]["status"] == "open"
    client.force_login(world.auditor)
    assert client.get(reverse("api:collaboration-overlaps")).json()["count"] == 2
    assert client.get(reverse("api:collaboration-overlaps") + "?status=nonsense").status_code == 400


def test_openapi_documents_the_collaboration_endpoints(client):
    paths = client.get(reverse("api:openapi")).json()["paths"]
    for path in ["/api/v1/forums", "/api/v1/challenges", "/api/v1/platforms", "/api/v1/overlaps"]:
        assert path in paths
    assert (
        "security" in paths["/api/v1/overlaps"]["get"] and "security" not in paths["/api/v1/platforms"]["get"]
    )


def test_decisions_show_in_the_api(client, world):
    sample = collaboration_world(world)
    services.overlap_decide(actor=world.analyst, overlap=sample["overlap"], status="confirmed")
    client.force_login(world.analyst)
    result = client.get(reverse("api:collaboration-overlaps") + "?status=confirmed").json()["results"][0]
    assert result["status"] == "confirmed" and result["decided_at"]
