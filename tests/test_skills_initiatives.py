"""Skills initiatives: lead bodies' editors and analysts keep their targets and results."""

from django.urls import reverse

from panorama.skills.models import Initiative, InitiativeTarget, RoleFamily
from tests.conftest import client_for

from .skills_fixtures import load_roles


def test_editor_adds_an_initiative_and_its_targets_which_the_public_then_sees(client, world):
    load_roles()
    client_for(client, world.editor_a)
    response = client.post(
        reverse("skills:initiative-create"),
        {
            "name": "Benefits data academy",
            "kind": "academy",
            "organisation": world.body_a.pk,
            "summary": "Data skills.",
        },
    )
    initiative = Initiative.objects.get()
    assert response["Location"] == initiative.get_absolute_url()
    data = RoleFamily.objects.get(slug="data")
    target_url = reverse("skills:target-set", kwargs={"public_id": initiative.public_id})
    client.post(target_url, {"family": data.pk, "year": 2025, "target": 20, "delivered": 14})
    client.post(target_url, {"family": data.pk, "year": 2025, "target": 24, "delivered": 15})  # a correction
    assert list(InitiativeTarget.objects.values_list("target", "delivered")) == [(24, 15)]
    client.logout()
    page = client.get(reverse("skills:initiatives"), {"year": 2025}).content.decode()
    assert "Benefits data academy" in page
    assert "Target and delivered by role family, 2025-26" in page
    csv = b"".join(client.get(reverse("skills:initiatives"), {"format": "csv"}).streaming_content).decode()
    assert "Benefits data academy,academy,Social Security Scotland,Data,2025-26,24,15" in csv


def test_editor_cannot_add_an_initiative_for_another_body(client, world):
    response = client_for(client, world.editor_a).post(
        reverse("skills:initiative-create"),
        {"name": "Not ours", "kind": "academy", "organisation": world.body_b.pk},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Initiative.objects.exists()


def test_outsider_cannot_change_another_bodys_initiative(client, world):
    initiative = Initiative.objects.create(name="Academy", kind="academy", organisation=world.body_a)
    client_for(client, world.editor_b)
    url = reverse("skills:initiative-edit", kwargs={"public_id": initiative.public_id})
    response = client.post(
        url, {"name": "Taken over", "kind": "academy", "organisation": world.body_b.pk, "version": 1}
    )
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.name == "Academy"


def test_delivered_far_beyond_target_is_questioned(client, world):
    load_roles()
    initiative = Initiative.objects.create(name="Academy", kind="academy", organisation=world.body_a)
    response = client_for(client, world.analyst).post(
        reverse("skills:target-set", kwargs={"public_id": initiative.public_id}),
        {"family": RoleFamily.objects.get(slug="data").pk, "year": 2025, "target": 2, "delivered": 200},
    )
    assert "more than ten times the target" in response.content.decode()
    assert not InitiativeTarget.objects.exists()
