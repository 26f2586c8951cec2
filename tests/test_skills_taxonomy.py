"""Analysts extend the role taxonomy; everyone can read it."""

from django.urls import reverse

from panorama.core.models import AuditEvent
from panorama.skills.models import Role, RoleFamily
from tests.conftest import client_for

from .skills_fixtures import load_roles


def test_analyst_adds_a_family_and_a_role_that_returns_then_accept(client, world):
    load_roles()
    client_for(client, world.analyst)
    client.post(reverse("skills:family-create"), {"name": "Cyber security", "description": "Keeps us safe."})
    family = RoleFamily.objects.get(name="Cyber security")
    assert not family.from_framework
    client.post(reverse("skills:role-create"), {"family": family.pk, "name": "Penetration tester"})
    role = Role.objects.get(name="Penetration tester")
    assert role.slug == "penetration-tester"
    assert (
        AuditEvent.objects.filter(action__in=["skills.rolefamily.created", "skills.role.created"]).count()
        >= 2
    )
    page = client.get(reverse("skills:roles")).content.decode()
    assert "Penetration tester" in page and "Added by analysts" in page


def test_a_role_name_already_taken_is_refused(client, world):
    load_roles()
    response = client_for(client, world.analyst).post(
        reverse("skills:role-create"),
        {"family": RoleFamily.objects.get(slug="data").pk, "name": "Data scientist"},
    )
    assert "Role with this Name already exists." in response.content.decode()
    assert Role.objects.filter(name="Data scientist").count() == 1


def test_stale_role_edit_is_refused(client, world):
    role = load_roles()["developer"]
    Role.objects.filter(pk=role.pk).update(version=5)
    response = client_for(client, world.analyst).post(
        reverse("skills:role-edit", kwargs={"slug": role.slug}),
        {
            "family": role.family_id,
            "name": "Software engineer",
            "description": "",
            "active": "on",
            "version": 1,
        },
    )
    assert "has changed since this page was loaded" in response.content.decode()
    role.refresh_from_db()
    assert role.name == "Developer"


def test_roles_page_and_csv_are_public(client, world):
    load_roles()
    assert b"Skill levels" in client.get(reverse("skills:roles")).content
    csv = b"".join(client.get(reverse("skills:roles"), {"format": "csv"}).streaming_content).decode()
    assert "Data,Data scientist,data-scientist" in csv
