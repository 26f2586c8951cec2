import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from panorama.collaboration import selectors, services
from panorama.collaboration.services import StaleEdit
from panorama.programmes.models import Platform, Programme
from tests.conftest import make_body


@pytest.fixture
def scotaccount(world):
    return Platform.objects.create(
        slug="scotaccount", name="ScotAccount", kind="identity", owner=world.body_b
    )


def test_adoption_over_time_counts_bodies_using_it_at_each_year_end(world, scotaccount):
    services.adoption_record(
        actor=world.analyst,
        platform=scotaccount,
        organisation=world.body_a,
        adopted_on=datetime.date(2022, 5, 1),
        status="live",
    )
    services.adoption_record(
        actor=world.analyst,
        platform=scotaccount,
        organisation=world.body_b,
        adopted_on=datetime.date(2024, 2, 1),
        status="live",
    )
    retired = make_body("RoS", "Registers of Scotland")
    services.adoption_record(
        actor=world.analyst,
        platform=scotaccount,
        organisation=retired,
        adopted_on=datetime.date(2024, 6, 1),
        status="retired",
    )
    points = dict(selectors.platform_adoption_over_time(platform=scotaccount))
    assert points["2022-23"] == 1
    assert points["2023-24"] == 2  # February 2024 is in 2023-24
    assert points["2024-25"] == 2  # the retired adoption does not count


def test_platform_list_counts_bodies_using_it_and_programmes_building_on_it(world, scotaccount):
    ros = make_body("RoS", "Registers of Scotland")
    for body, status in ((world.body_a, "live"), (world.body_b, "onboarding"), (ros, "retired")):
        services.adoption_record(
            actor=world.analyst,
            platform=scotaccount,
            organisation=body,
            adopted_on=datetime.date(2024, 6, 1),
            status=status,
        )
    for n in range(3):
        Programme.objects.create(organisation=world.body_a, title=f"Service {n}").platforms.add(scotaccount)
    unused = Platform.objects.create(slug="notify", name="Notify", kind="messaging", owner=world.body_b)
    counts = {p.slug: (p.adopter_count, p.programme_count) for p in selectors.platform_list()}
    # Two bodies in use (the retired one is not), three programmes: each count on its own, not
    # multiplied by the other.
    assert counts == {scotaccount.slug: (2, 3), unused.slug: (0, 0)}


def test_recording_the_same_body_twice_updates_its_adoption(world, scotaccount):
    services.adoption_record(
        actor=world.analyst,
        platform=scotaccount,
        organisation=world.body_a,
        adopted_on=datetime.date(2025, 1, 1),
        status="planned",
    )
    services.adoption_record(
        actor=world.analyst,
        platform=scotaccount,
        organisation=world.body_a,
        adopted_on=datetime.date(2025, 3, 1),
        status="live",
    )
    assert scotaccount.adoptions.get().status == "live"


def test_platform_page_shows_owner_adopters_programmes_and_the_chart(client, world, scotaccount):
    services.adoption_record(
        actor=world.analyst,
        platform=scotaccount,
        organisation=world.body_a,
        adopted_on=datetime.date(2023, 5, 1),
        status="live",
    )
    programme = Programme.objects.create(organisation=world.body_a, title="Adult Disability Payment")
    programme.platforms.add(scotaccount)
    page = client.get(
        reverse("collaboration:platform-detail", kwargs={"slug": "scotaccount"})
    ).content.decode()
    assert "Disclosure Scotland" in page  # the owner
    assert "Social Security Scotland" in page and "Adult Disability Payment" in page
    assert "Bodies using ScotAccount, at the end of each financial year" in page
    listing = client.get(reverse("collaboration:platform-list")).content.decode()
    assert "ScotAccount" in listing


def test_an_editor_records_adoption_only_for_their_own_body(client, world, scotaccount):
    client.force_login(world.editor_a)
    url = reverse("collaboration:adoption-add", kwargs={"slug": "scotaccount"})
    response = client.post(
        url, {"organisation": world.body_b.pk, "adopted_on": "2025-01-01", "status": "live"}
    )
    assert response.status_code == 200 and b"Select a valid choice" in response.content
    assert not scotaccount.adoptions.exists()
    client.post(url, {"organisation": world.body_a.pk, "adopted_on": "2025-01-01", "status": "live"})
    assert scotaccount.adoptions.get().organisation == world.body_a


def test_catalogue_joins_licences_with_the_legacy_systems_register(client, world):
    from panorama.finance.models import LegacySystem

    LegacySystem.objects.create(
        organisation=world.body_a, name="Benefits case management", business_function="Claims", risk=4
    )
    services.licence_create(
        actor=world.editor_a,
        organisation=world.body_a,
        data={
            "product": "Case suite",
            "supplier": "Big Vendor",
            "annual_cost": Decimal("1200000"),
            "system": "benefits CASE management",
        },
    )
    services.licence_create(
        actor=world.editor_a, organisation=world.body_a, data={"product": "Office", "supplier": "MS"}
    )
    rows = selectors.catalogue_rows(organisation=world.body_a)
    assert rows[0]["name"] == "Benefits case management" and rows[0]["system"] is not None
    assert [lic.product for lic in rows[0]["licences"]] == ["Case suite"]
    assert [lic.product for lic in rows[1]["licences"]] == ["Office"] and rows[1]["system"] is None
    client.force_login(world.viewer_a)
    page = client.get(reverse("collaboration:catalogue", kwargs={"slug": world.body_a.slug})).content.decode()
    assert "risk 4 of 5" in page and "£1,200,000" in page
    client.force_login(world.editor_b)
    assert (
        client.get(reverse("collaboration:catalogue", kwargs={"slug": world.body_a.slug})).status_code == 404
    )


def test_a_stale_licence_edit_is_refused(world):
    licence = services.licence_create(
        actor=world.editor_a, organisation=world.body_a, data={"product": "Office", "supplier": "MS"}
    )
    services.licence_update(actor=world.editor_a, licence=licence, version=1, data={"seats": 10})
    with pytest.raises(StaleEdit, match="has changed since this page was loaded"):
        services.licence_update(actor=world.analyst, licence=licence, version=1, data={"seats": 99})
    licence.refresh_from_db()
    assert licence.seats == 10


def test_platform_page_shows_both_counts_as_independent_counts_of_their_rows(client, world, scotaccount):
    ros = make_body("RoS", "Registers of Scotland")
    statuses = ((world.body_a, "live"), (world.body_b, "onboarding"), (ros, "retired"))
    for body, status in statuses:
        services.adoption_record(
            actor=world.analyst,
            platform=scotaccount,
            organisation=body,
            adopted_on=datetime.date(2024, 6, 1),
            status=status,
        )
    for n, body in enumerate([world.body_a, world.body_a, ros, make_body("NRS", "National Records")]):
        Programme.objects.create(organisation=body, title=f"Service {n}").platforms.add(scotaccount)
    # Counted here from the rows themselves, not through the selectors.
    adopters = sum(1 for _, status in statuses if status in ("onboarding", "live"))
    linked = Programme.objects.filter(platforms=scotaccount)
    programmes, bodies = linked.count(), len({p.organisation_id for p in linked})
    assert (adopters, programmes, bodies) == (2, 4, 3)

    page = client.get(
        reverse("collaboration:platform-detail", kwargs={"slug": "scotaccount"})
    ).content.decode()
    assert f'<a href="#adopters">{adopters} bodies</a>: the bodies that have recorded adopting it' in page
    register = f"{reverse('programmes:list')}?platform=scotaccount"
    assert f'<a href="{register}">{programmes} programmes in {bodies} bodies</a>' in page
    listing = client.get(reverse("collaboration:platform-list")).content.decode()
    assert f'#adopters">{adopters} bodies<' in listing
    assert f'<a href="{register}">{programmes} programmes in {bodies} bodies<' in listing
    # The lists behind the numbers hold as many rows.
    registered = client.get(register).content.decode()
    assert all(f"Service {n}" in registered for n in range(programmes))
