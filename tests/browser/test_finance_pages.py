import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from panorama.finance import services
from tests.finance_factories import legacy, line, programme, refresh, year

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def small_picture(world):
    line(world.body_a, 2024, "750000.25", nature="run")
    line(world.body_a, 2024, "250000.75", nature="change", category="staff")
    line(world.body_b, 2024, "400000.00", nature="run", category="cloud and hosting")
    refresh()
    p = programme(world.body_a, "Benefits case management", baseline="1000000", forecast="1400000")
    services.funding_rephase(actor=None, programme=p)
    services.funding_set(actor=None, programme=p, period=year(2024), secured=Decimal("100000"), required=None)
    system = legacy(world.body_a, "Payments engine", end_of_support=datetime.date(2020, 1, 1), cost="850000")
    return p, system


def test_public_investment_pages_have_no_axe_violations(page, world):
    small_picture(world)
    for path in [
        "/investment/",
        "/investment/bodies/",
        "/investment/funding/",
        "/investment/overruns/",
        "/investment/legacy/cliff/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    # The picture's period (the current quarter: no returns yet) has no figures: the page says so and
    # offers the nearest year that has them.
    page.goto("/investment/")
    assert page.get_by_text("No actual figures for").is_visible()
    page.get_by_role("link", name="Show 2024-25").click()
    page.get_by_text("Show the data as a table").first.click()
    assert page.get_by_role("cell", name="1150000.25").first.is_visible()


def test_editor_edits_a_legacy_system_and_every_page_is_accessible(page, world):
    p, system = small_picture(world)
    sign_in(page, world.editor_a)
    for path in [
        reverse("finance:body", kwargs={"slug": world.body_a.slug}) + "?year=2024-25",
        reverse("finance:legacy-list"),
        reverse("finance:funding-edit", kwargs={"public_id": p.public_id}),
        system.get_absolute_url(),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    page.get_by_role("link", name="Edit Payments engine").click()
    page.get_by_label("Annual run cost").fill("-3")
    page.get_by_label("Business function").fill("")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".ds_error-summary__list li").count() == 2
    assert_accessible(page)
    page.get_by_label("Annual run cost").fill("900000")
    page.get_by_label("Business function").fill("Paying benefits")
    page.get_by_label("Replacing programme").select_option(label="Benefits case management")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved Payments engine.").is_visible()
    system.refresh_from_db()
    assert system.annual_run_cost == Decimal("900000") and system.replacing_programme == p
