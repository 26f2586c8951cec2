from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from panorama.core.periods import period_from_label
from panorama.picture.models import Service, ServicePerformance

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_service_pages_are_accessible_and_editable(page, world):
    service = Service.objects.create(
        slug="sss-best-start-grant",
        name="Apply for a Best Start Grant",
        organisation=world.body_a,
        illustrative=True,
    )
    for label, take_up in [("2025-26 Q1", 600), ("2025-26 Q2", 700)]:
        ServicePerformance.objects.create(
            service=service,
            period=period_from_label(label),
            transactions=1000,
            digital_transactions=take_up,
            cost_per_transaction=Decimal("12.50"),
            user_satisfaction=Decimal("84"),
        )
    page.goto(reverse("picture:services"))
    assert_accessible(page)
    page.get_by_role("link", name="Apply for a Best Start Grant").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Apply for a Best Start Grant"
    assert_accessible(page)
    sign_in(page, world.editor_a)
    page.goto(reverse("picture:service-edit", kwargs={"slug": service.slug}))
    page.get_by_label("Name").fill("")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".ds_error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Apply for Best Start")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved Apply for Best Start.").is_visible()


def test_national_picture_pages_are_accessible(page, world):
    from panorama.programmes.models import Programme
    from panorama.strategy.models import Ambition, Commitment, Strategy

    strategy = Strategy.objects.create(
        slug="a-changing-nation", title="A changing nation", short_title="2021"
    )
    ambition = Ambition.objects.create(strategy=strategy, number=3, title="Digital Government and Services")
    Commitment.objects.create(ambition=ambition, reference="3.1", text="We will design services around users")
    Programme.objects.create(organisation=world.body_a, title="Case management", confidence="red")
    # The public see the published picture and can download it.
    page.goto(reverse("picture:dashboard"))
    assert page.get_by_role("heading", level=1).inner_text() == "The national picture"
    assert_accessible(page)
    page.get_by_role("link", name="With no owner", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Commitments with no owner"
    assert_accessible(page)
    page.goto(reverse("open_data:index"))
    assert_accessible(page)
    page.goto(reverse("organisations:detail", kwargs={"slug": world.body_a.slug}))
    assert_accessible(page)
    # An analyst sees who has not reported, and regenerates the open data.
    sign_in(page, world.analyst)
    page.goto(reverse("picture:dashboard") + "?period=2025-26")
    assert_accessible(page)
    page.goto(reverse("picture:list", kwargs={"name": "bodies-missing"}))
    assert_accessible(page)
    # A drill-down list leads to each item's own page, and a body's page to everything about it.
    page.goto(reverse("picture:list", kwargs={"name": "programmes-off-track"}))
    page.get_by_role("link", name="Case management").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Case management"
    page.goto(reverse("organisations:detail", kwargs={"slug": world.body_a.slug}))
    assert page.get_by_role("heading", name="Spend and legacy").is_visible()
    assert_accessible(page)
    page.goto(reverse("open_data:index"))
    page.get_by_role("button", name="Regenerate now").click()
    # The work is queued for the worker: the analyst lands on the job's page, which says so.
    assert page.get_by_text("The open data is being regenerated in the background.").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Regenerate the open data"
    assert_accessible(page)
    call_command("worker", "--once")
    page.reload()
    state = page.locator(".ds_summary-list__item", has_text="State").locator("dd")
    assert state.inner_text() == "Done"
    assert_accessible(page)
