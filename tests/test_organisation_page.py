"""A body's one page, /organisations/<slug>/: its whole picture, and links to everything about it."""

import pytest
from django.urls import reverse

from panorama.collaboration.models import PlatformAdoption
from panorama.programmes.models import Platform, Programme
from panorama.strategy.models import Ambition, Commitment, Strategy

RESTRICTED_LINKS = [
    ("finance:body", True),
    ("skills:body", True),
    ("collaboration:catalogue", True),
    ("finance:legacy-list", False),
    ("collaboration:overlap-list", False),
]


@pytest.fixture
def body_page(world):
    programme = Programme.objects.create(organisation=world.body_a, title="Adult disability payment")
    strategy = Strategy.objects.create(slug="dg", title="Digital government", short_title="DG")
    ambition = Ambition.objects.create(strategy=strategy, number=1, title="Services")
    Commitment.objects.create(ambition=ambition, reference="1.1", text="We will", owner=world.body_a)
    platform = Platform.objects.create(slug="scotaccount", name="ScotAccount")
    PlatformAdoption.objects.create(platform=platform, organisation=world.body_a, adopted_on="2024-05-01")
    world.extra["programme"] = programme
    return reverse("organisations:detail", kwargs={"slug": world.body_a.slug})


def _restricted_hrefs(world) -> list[str]:
    slug = world.body_a.slug
    return [
        reverse(name, kwargs={"slug": slug}) if by_slug else f"{reverse(name)}?organisation={slug}"
        for name, by_slug in RESTRICTED_LINKS
    ]


@pytest.mark.django_db
def test_analyst_sees_the_whole_profile_and_every_link(client, world, analyst, body_page):
    client.force_login(analyst)
    page = client.get(body_page).content.decode()
    for section in [
        "Beside its sector",
        "Programmes",
        "Services",
        "Spend and legacy",
        "Returns for",
        "Workforce gaps",
        "Lessons contributed",
        "Shared platforms adopted",
        "Forums",
        "People",
    ]:
        assert section in page
    slug = world.body_a.slug
    for href in [
        world.programme.get_absolute_url(),
        f"{reverse('programmes:list')}?organisation={slug}",
        f"{reverse('strategy:commitments')}?owner={slug}",
        f"{reverse('picture:services')}?organisation={slug}",
        reverse("collaboration:platform-detail", kwargs={"slug": "scotaccount"}),
        *_restricted_hrefs(world),
    ]:
        assert f'href="{href}"' in page, href


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [None, "editor_b"])
def test_outsider_and_anonymous_reader_see_only_the_public_parts(client, world, body_page, persona):
    if persona:
        client.force_login(world.people[persona])
    page = client.get(body_page).content.decode()
    assert "Beside its sector" in page and world.programme.get_absolute_url() in page
    for hidden in ["Spend and legacy", "Returns for", "Workforce gaps", 'id="people"', "viewer@a.test"]:
        assert hidden not in page
    for href in _restricted_hrefs(world):
        assert href not in page


@pytest.mark.django_db
def test_members_see_the_restricted_parts_of_their_own_body(client, world, viewer, body_page):
    client.force_login(viewer)
    page = client.get(body_page).content.decode()
    assert "Spend and legacy" in page and "viewer@a.test" in page
    assert all(href in page for href in _restricted_hrefs(world))


@pytest.mark.django_db
def test_old_profile_address_redirects_permanently_keeping_its_period(client, world):
    old = reverse("picture:body", kwargs={"slug": world.body_a.slug})
    response = client.get(old, {"period": "2025-26 Q3"})
    assert response.status_code == 301
    assert response["Location"] == f"/organisations/{world.body_a.slug}/?period=2025-26+Q3"
    assert client.get(old)["Location"] == f"/organisations/{world.body_a.slug}/"


@pytest.mark.django_db
def test_page_keeps_the_period_it_is_given(client, world, analyst):
    client.force_login(analyst)
    page = client.get(f"/organisations/{world.body_a.slug}/", {"period": "2025-26 Q3"}).content.decode()
    assert "Returns for 2025-26 Q3" in page


@pytest.mark.django_db
def test_bodies_list_links_each_body_to_its_page(client, world):
    page = client.get(reverse("organisations:list")).content.decode()
    for body in (world.body_a, world.body_b):
        assert f'href="/organisations/{body.slug}/"' in page
