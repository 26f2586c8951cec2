"""The radar as a council's digital lead meets it: six bodies trialling generative AI assistants and
two with them on hold, their lessons, a question asked and answered by a body that adopted one —
checked with axe on a desktop and at 390 px."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import make_body, make_person

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _story(world):
    from panorama.lessons.models import Lesson
    from panorama.radar import services

    genai = services.technology_create(
        actor=world.analyst,
        data={
            "name": "Generative AI assistants",
            "description": "Tools that draft and summarise text from a prompt.",
            "category": "ai and automation",
            "risk_data_protection": "Prompts may carry personal data to a supplier.",
            "standards": "Digital Scotland Service Standard, criterion 8",
        },
    )
    day = datetime.date.today() - datetime.timedelta(days=30)
    for i in range(6):
        services.stance_set(
            actor=None,
            organisation=make_body(f"T{i}", f"Trialling body {i}"),
            technology=genai,
            stance="trialling",
            since=day,
        )
    for i in range(2):
        services.stance_set(
            actor=None,
            organisation=make_body(f"H{i}", f"Holding body {i}"),
            technology=genai,
            stance="on hold",
            since=day,
        )
    services.stance_set(actor=None, organisation=world.body_b, technology=genai, stance="adopted", since=day)
    lesson = Lesson.objects.create(
        title="Keep personal data out of prompts",
        what_happened="Staff pasted case notes into prompts.",
        source="case-study",
        organisation=world.body_b,
        date=day,
        visibility="public",
        status="published",
    )
    genai.lessons.add(lesson)
    council = make_body("EDC", "City of Edinburgh Council", "local government")
    lead = make_person("lead@edinburgh.test", body=council, member_role="editor")
    return genai, lead


@pytest.mark.parametrize("width", [1280, 390])
def test_a_digital_lead_asks_about_generative_ai_and_an_adopter_answers(browser, live_server, world, width):
    genai, lead = _story(world)
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    sign_in(page, lead)
    page.goto(reverse("radar:index"))
    assert page.locator("svg.pan_chart").count() == 1
    row = page.locator("#ring-trial ~ div table tbody tr").first
    assert "Generative AI assistants" in row.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Generative AI assistants").first.click()
    assert page.get_by_role("heading", name="Trialling (6)").is_visible()
    assert page.get_by_role("heading", name="On hold (2)").is_visible()
    assert page.get_by_role("link", name="Keep personal data out of prompts").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ask them a question").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ask").click()  # nothing filled in: told what is missing
    assert page.locator(".ds_error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Your question, in a line").fill("How did you do the DPIA?")
    page.get_by_label("More detail").fill("We are assessing one for housing.")
    page.get_by_role("button", name="Ask").click()
    assert page.get_by_role("heading", name="How did you do the DPIA?").is_visible()
    page.get_by_role("button", name="Sign out").click() if page.get_by_role(
        "button", name="Sign out"
    ).count() else None
    context.clear_cookies()
    sign_in(page, world.editor_b)  # the adopter's digital lead, notified of the question
    page.goto(reverse("site:notifications"))
    page.get_by_role("button", name="asks about Generative AI assistants").first.click()
    page.get_by_role("link", name="Answer this question").first.click()
    assert_accessible(page)
    page.get_by_label("Your answer").fill("We finished it before the pilot.")
    page.get_by_role("button", name="Send your answer").click()
    assert page.get_by_text("We finished it before the pilot.").is_visible()
    assert (
        page.locator("#question-" + str(genai.questions.get().public_id))
        .get_by_text("Disclosure Scotland")
        .is_visible()
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    # The lesson names the technology it is about, and the adopter's profile its stance.
    page.goto(reverse("lessons:detail", args=[genai.lessons.get().public_id]))
    page.get_by_role("link", name="Generative AI assistants").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Generative AI assistants"
    page.goto(reverse("organisations:detail", args=[world.body_b.slug]))
    radar = page.locator("#radar + ul")
    assert radar.inner_text().startswith("Generative AI assistants: adopted since")
    for path in (reverse("lessons:detail", args=[genai.lessons.get().public_id]), page.url):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)
    radar.get_by_role("link", name="Generative AI assistants").click()
    assert page.locator(f"#stance-{genai.stances.get(organisation=world.body_b).public_id}").is_visible()
    context.close()
