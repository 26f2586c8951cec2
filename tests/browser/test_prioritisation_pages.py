"""A new analyst prioritises a small picture in a real browser: a budget 15 % below forecast, the
programmes left out and why, a second scenario that protects health, the two compared, and a forum
adopting one, with axe checking every page on the way, at a desktop's width and a phone's."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.prioritisation_fixtures import YEARS, below_forecast, small_picture

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def create_scenario(page: Page, name: str, *, protect_health: bool = False) -> None:
    page.goto(reverse("prioritisation:list"))
    page.get_by_role("link", name="New scenario").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Years").fill(", ".join(YEARS))
    page.get_by_label("Total envelope per year (£)").fill(
        "\n".join(f"{y}: {a}" for y, a in below_forecast().items())
    )
    page.get_by_label("Hiring allowance (FTE per role family)").fill("2")
    if protect_health:
        page.get_by_label("Health and care", exact=True).check(force=True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Saved {name}. Run it to see the best portfolio.")).to_be_visible()
    page.get_by_role("button", name="Run the optimiser").click()
    expect(page.get_by_text(f"Ran {name}: optimal.")).to_be_visible()


def row_of(page: Page, title: str, table: str = "Programmes paused or stopped"):
    return page.get_by_role("region", name=table).locator("tbody tr", has_text=title)


def fits_the_width(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_analyst_prioritises_compares_and_a_forum_adopts(page, world):
    picture = small_picture(world)
    sign_in(page, world.analyst)
    page.goto(reverse("prioritisation:list"))
    assert_accessible(page)

    # A form sent empty says what is missing, accessibly.
    page.get_by_role("link", name="New scenario").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".ds_error-summary")).to_be_visible()
    assert_accessible(page)

    # A budget 15 % below forecast: which programmes go, and why.
    create_scenario(page, "Budget 15% below forecast")
    expect(row_of(page, "Digital front door")).to_contain_text("Stopped")
    expect(row_of(page, "Digital front door")).to_contain_text(
        "Would need £4,200,000 more within the envelopes"
    )
    expect(row_of(page, "Benefits platform", "Programmes continued")).to_contain_text("In the best portfolio")
    unserved = page.locator("h3:text('Commitments left without a programme') + ul")
    expect(unserved).to_contain_text("We will 2.1")
    money = page.get_by_role("region", name="Money against each envelope")
    expect(money.locator("tbody tr").first).to_contain_text("11,900,000")
    people = page.get_by_role("region", name="People by role family")
    expect(people).to_contain_text("Software development")
    expect(page.get_by_text("Legacy migration")).to_be_visible()  # no forecast: left out, and listed
    assert_accessible(page)
    first = page.url

    # The same budget, protecting health: health's programmes stay.
    create_scenario(page, "Protect health", protect_health=True)
    expect(page.get_by_text("every programme in health and care")).to_be_visible()
    expect(row_of(page, "Digital front door", "Programmes continued")).to_contain_text("Locked")
    expect(row_of(page, "Digital front door")).to_have_count(0)
    assert_accessible(page)

    # Side by side.
    page.goto(reverse("prioritisation:compare"))
    page.get_by_label("Budget 15% below forecast").check(force=True)
    page.get_by_label("Protect health").check(force=True)
    page.get_by_role("button", name="Compare").click()
    table = page.get_by_role("region", name="Scenarios side by side")
    expect(table.get_by_role("row", name=re.compile("Commitments kept served"))).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("Programmes left out"))).to_contain_text("1")
    assert_accessible(page)

    # The forum adopts the first at its meeting: the decision is on the forum's pages and in the audit trail.
    page.goto(first)
    page.get_by_label("The meeting that decided").select_option(
        label="Digital leaders: Spending round (01 May 2026)"
    )
    page.get_by_role("button", name="Record the decision").click()
    expect(
        page.get_by_text("Digital leaders adopted Budget 15% below forecast as a decision of Spending round.")
    ).to_be_visible()
    expect(page.get_by_text("Adopted by Digital leaders at")).to_be_visible()
    assert_accessible(page)
    page.goto(reverse("collaboration:forum-detail", kwargs={"slug": "leaders"}))
    expect(page.get_by_role("row", name=re.compile("Spending round"))).to_contain_text("1")
    page.get_by_role("link", name="Spending round").click()
    expect(
        page.get_by_text("Adopted the prioritisation scenario “Budget 15% below forecast”")
    ).to_be_visible()
    page.goto(reverse("site:audit-list") + "?action=prioritisation.scenario.adopted")
    expect(page.get_by_text("prioritisation.scenario.adopted").first).to_be_visible()
    assert_accessible(page)

    # At a phone's width nothing spills sideways, and the pages stay accessible.
    page.set_viewport_size({"width": 390, "height": 844})
    for path in [first, reverse("prioritisation:compare"), reverse("prioritisation:list")]:
        page.goto(path)
        assert fits_the_width(page), path
        assert_accessible(page)
    assert picture["meeting"].decisions.count() == 1


def test_a_forum_member_sees_the_forums_scenarios_but_not_the_central_teams(page, world):
    small_picture(world)
    sign_in(page, world.member)
    page.goto(reverse("prioritisation:list"))
    expect(page.get_by_text("There are no scenarios you can see yet.")).to_be_visible()
    page.get_by_role("link", name="New scenario").click()
    page.get_by_label("Name").fill("Our cut")
    page.get_by_label("Years").fill(", ".join(YEARS))
    page.get_by_label("Total envelope per year (£)").fill(
        "\n".join(f"{y}: {a}" for y, a in below_forecast().items())
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".ds_error-summary")).to_contain_text("Choose the forum this scenario is for.")
    assert_accessible(page)
    page.get_by_label("Forum").select_option(label="Digital leaders")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved Our cut.")).to_be_visible()
    page.get_by_role("button", name="Run the optimiser").click()
    # A member may run it, but only the chair (or an analyst) records the forum's decision.
    expect(page.get_by_role("button", name="Record the decision")).to_have_count(0)
    assert_accessible(page)
