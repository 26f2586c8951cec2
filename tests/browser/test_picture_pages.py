from decimal import Decimal

import pytest
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
