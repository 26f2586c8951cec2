"""The catalogue of figures in a real browser: the glossary, a figure's page with its trend, and the
list behind a figure, each accessible at a desktop and a phone width."""

import pytest
from django.urls import reverse

from panorama.programmes.models import Programme
from panorama.strategy.models import Ambition, Commitment, Strategy

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def commitments(world):
    strategy = Strategy.objects.create(
        slug="a-changing-nation", title="A changing nation", short_title="2021"
    )
    ambition = Ambition.objects.create(strategy=strategy, number=3, title="Digital Government and Services")
    Commitment.objects.create(ambition=ambition, reference="3.1", text="We will design services around users")
    Commitment.objects.create(
        ambition=ambition, reference="3.2", text="We will share platforms", owner=world.body_a
    )
    Programme.objects.create(organisation=world.body_a, title="Case management", confidence="red")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_reader_follows_a_figure_to_its_definition_trend_and_records(page, world, commitments, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("picture:figures"))
    assert page.get_by_role("heading", level=1).inner_text() == "The figures and what they count"
    assert_accessible(page)
    # The glossary's value of a figure is the dashboard's.
    unowned = page.locator('tr[data-figure="commitments.unowned"]')
    assert unowned.get_attribute("data-value") == "2"
    page.goto(reverse("picture:dashboard"))
    assert page.locator('li[data-figure="commitments.unowned"]').get_attribute("data-value") == "2"
    page.locator('li[data-figure="commitments.unowned"]').get_by_role("link", name="What this counts").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Commitments with no owner"
    assert page.get_by_role("heading", name="Period by period").is_visible()
    assert_accessible(page)
    page.locator(".pan_figure").get_by_role("link", name="Commitments with no owner", exact=True).click()
    assert page.locator("[data-list-count]").get_attribute("data-list-count") == "2"
    assert_accessible(page)
    # No page scrolls sideways at a phone's width: wide tables scroll in their own box.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_analyst_sees_the_restricted_figures_and_their_records(page, world, commitments):
    sign_in(page, world.analyst)
    page.goto(reverse("picture:figures"))
    assert page.locator('tr[data-figure="investment.legacy_exposure"]').count() == 1
    assert page.locator('tr[data-figure="skills.vacancies"]').count() == 1
    assert_accessible(page)
    page.goto(reverse("picture:figure", kwargs={"key": "programmes.off_track"}))
    assert page.locator('li[data-figure="programmes.off_track"]').get_attribute("data-value") == "1"
    assert_accessible(page)
