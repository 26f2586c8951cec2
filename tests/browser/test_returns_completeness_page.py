"""The completeness page as an analyst and as a body's editor: readable, filterable and free of axe
violations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from panorama.core.periods import period_from_label
from panorama.returns.models import ReturnWindow, Submission

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_completeness_page_is_accessible_and_filters_to_bodies_missing_something(page, world):
    period = period_from_label("2025-26 Q3")
    window = ReturnWindow.objects.create(
        kind="progress", period=period, due_on=timezone.localdate() - datetime.timedelta(days=5)
    )
    window.expected.set([world.body_a, world.body_b])
    Submission.objects.create(organisation=world.body_a, kind="progress", period=period, status="accepted")

    sign_in(page, world.analyst)
    response = page.goto(reverse("returns:completeness") + "?period=2025-26+Q3")
    assert response.status == 200
    assert_accessible(page)
    assert page.get_by_role("link", name="Accepted").is_visible()
    page.get_by_text("Only bodies missing something").click()  # the label: the box is drawn over it
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name=world.body_b.name).is_visible()
    assert page.get_by_role("link", name=world.body_a.name).count() == 0
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    sign_in(page, world.editor_a)
    page.goto(reverse("returns:completeness"))
    assert page.get_by_role("link", name=world.body_a.name).is_visible()
    assert page.get_by_role("link", name=world.body_b.name).count() == 0
    assert_accessible(page)
