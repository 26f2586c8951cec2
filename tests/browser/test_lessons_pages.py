import datetime

import pytest
from django.urls import reverse

from panorama.lessons import services
from panorama.lessons.models import Theme
from tests.lessons_helpers import make_lesson, make_programme

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def themes(db):
    # The themes are reference data a migration creates; the flush after each transactional
    # test removes them.
    services.themes_ensure()


def test_a_visitor_finds_a_lesson_by_a_word_in_it(page, world):
    make_lesson(
        "Fixed-price contracts do not transfer risk",
        "The supplier's product could not meet the requirements.",
    )
    make_lesson("Users first", "Research with farmers.", themes=("users",))
    page.goto(reverse("lessons:list"))
    assert_accessible(page)
    page.get_by_label("Search lessons").fill("requirem")
    page.get_by_role("button", name="Search", exact=True).click()
    result = page.locator(".ds_search-result").first
    assert "Fixed-price contracts" in result.inner_text()
    assert result.locator("mark").first.inner_text().lower().startswith("requirem")
    assert page.locator(".ds_search-result").count() == 1
    assert_accessible(page)
    result.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Fixed-price contracts do not transfer risk"
    assert_accessible(page)


def test_results_follow_the_words_as_they_are_typed_without_leaving_the_search_box(page, world):
    make_lesson("Fixed-price contracts do not transfer risk", "The supplier could not meet the requirements.")
    make_lesson("Users first", "Research with farmers before building.", themes=("users",))
    page.goto(reverse("lessons:list"))
    results = page.locator(".ds_search-result")
    assert results.count() == 2
    box = page.get_by_label("Search lessons")
    box.press_sequentially("farm", delay=40)  # part of a word, and no button pressed
    status = page.get_by_role("status")
    status.filter(has_text="1 lesson for “farm”").wait_for()
    assert results.count() == 1 and "Users first" in results.first.inner_text()
    assert results.first.locator("mark").first.inner_text().lower().startswith("farm")
    assert page.evaluate("document.activeElement.name") == "q"  # the reader keeps typing
    assert "q=farm" in page.url and page.title().startswith("“farm”")
    assert_accessible(page)
    box.press_sequentially("ers quokka", delay=40)  # one more word, which no lesson has
    status.filter(has_text="0 lessons for “farmers quokka”").wait_for()
    assert page.get_by_text("No lessons match.").is_visible()
    page.reload()  # the address kept the words: the same results come back
    assert page.get_by_label("Search lessons").input_value() == "farmers quokka"
    assert page.locator("#results").inner_text() == "0 lessons for “farmers quokka”"


def test_a_member_shares_a_lesson_and_an_analyst_publishes_it(page, world):
    sign_in(page, world.editor_a)
    page.goto(reverse("lessons:create"))
    page.get_by_role("button", name="Send the lesson").click()
    assert page.locator(".ds_error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Title", exact=True).fill("Rehearse the cut-over")
    page.get_by_label("What happened").fill("We did not rehearse, and the cut-over failed.")
    page.get_by_text("Planning", exact=True).click()
    page.get_by_text("Data", exact=True).click()  # themes are checkboxes: more than one may be chosen
    page.get_by_label("Date").fill("2024-03-01")
    page.get_by_label("Source", exact=True).select_option("post-implementation-review")
    page.get_by_role("button", name="Send the lesson").click()
    assert page.get_by_text("An analyst will check the lesson").is_visible()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, world.analyst)
    page.goto(reverse("lessons:moderation"))
    assert_accessible(page)
    page.get_by_role("button", name="Publish Rehearse the cut-over").click()
    assert page.get_by_text("Nothing waiting.").is_visible()


def test_lessons_and_assurance_pages_have_no_axe_violations(page, world):
    lesson = make_lesson(
        "Replacing case systems in stages",
        "Replace legacy case management **in stages**.",
        organisation=world.body_a,
        phase="discovery",
    )
    programme = make_programme(world.body_a, "Replace the case management system")
    review = services.review_create(
        actor=world.analyst,
        data={
            "organisation": world.body_a,
            "programme": programme,
            "kind": "ssa-alpha",
            "date": datetime.date(2024, 6, 1),
            "confidence": "amber",
            "visibility": "public",
        },
        criteria={1: ("met", ""), 11: ("not-met", "Code not yet open.")},
    )
    services.recommendation_add(
        actor=world.analyst,
        review=review,
        text="Open the code.",
        theme=Theme.objects.get(slug="technology"),
        priority="critical",
    )
    sign_in(page, world.analyst)
    for path in [
        reverse("lessons:detail", kwargs={"public_id": lesson.public_id}),
        reverse("lessons:edit", kwargs={"public_id": lesson.public_id}),
        reverse("lessons:for-programme", kwargs={"public_id": programme.public_id}),
        reverse("lessons:review-list"),
        reverse("lessons:review-detail", kwargs={"public_id": review.public_id}),
        reverse("lessons:review-create"),
        reverse("lessons:review-edit", kwargs={"public_id": review.public_id}),
        reverse("lessons:assurance-themes") + "?year=2024",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)
    page.goto(reverse("lessons:for-programme", kwargs={"public_id": programme.public_id}))
    assert page.get_by_role("link", name="Replacing case systems in stages").first.is_visible()
    page.get_by_role(
        "button", name="Useful for this programme: Replacing case systems in stages", exact=True
    ).click()
    assert page.get_by_text("your verdict is kept").is_visible()


BIAS = (
    "The business case assumed that everything would go right. Risks were not priced, the contingency was "
    "spread across workstreams and spent in the first year, and when the supplier slipped there was nothing "
    "left, so the final cost was twice the first estimate and the board had to ask for more money."
)


def test_a_reader_sees_near_duplicates_folded_and_lessons_close_in_meaning(page, world):
    from django.core.management import call_command

    for system in ("records system", "library system", "custody system"):
        make_lesson(f"Optimism bias for the {system} was set too low", BIAS)
    make_lesson("Releases arrived months after the dates agreed", "The vendor delayed and missed milestones.")
    call_command("embed", stdout=None)
    page.goto(reverse("lessons:list") + "?q=optimism+bias")
    assert page.locator(".ds_search-result").count() == 1
    page.get_by_text("and 2 similar lessons").click()
    assert page.get_by_role("link", name="Optimism bias for the custody system was set too low").is_visible()
    assert_accessible(page)
    page.goto(reverse("lessons:list") + "?q=late")
    assert page.get_by_role("heading", name="Similar in meaning").is_visible()
    assert page.get_by_role("link", name="Releases arrived months after the dates agreed").is_visible()
    assert_accessible(page)
