"""WCAG 2.2 1.4.10 Reflow: every type of page the app serves can be read at 320 px wide without
scrolling sideways (a wide table scrolls in its own box, not the page), and passes axe at that width
and at 390 px, the width of a common phone.

A page's type is the template it is drawn with: pages drawn with the same template (an item's
"create" and "edit" forms, say) share their layout, so the first page of each type, in the order of
their URL names, is walked in the browser and the others are skipped. Every page is still fetched
(with the test client, as the same person) and must answer 200 with its type known; downloads are
not pages and are not walked. A new template is walked as soon as a page uses it."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.test_roles import SAMPLES, TABLE

from .conftest import axe_violations

# Layout does not depend on the database: like every browser test, this runs on SQLite only
# (tests/conftest.py); the PostgreSQL run covers the same pages' answers in test_roles.
pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [320, 390]
# Every page, as the person who may see the most of it: the portfolio analyst where it may, else
# the editor of body A (whose samples these are), else anyone.
PAGES = sorted(
    name
    for name, row in TABLE.items()
    if row["method"] == "GET"
    and 200 in row["expected"].values()
    and (not name.startswith("api:") or name == "api:docs")  # the API's one page for people
)


def persona_for(row: dict) -> str | None:
    for persona in ("analyst", "editor_a", "auditor", "admin", "viewer_a", "anonymous"):
        if row["expected"][persona] == 200:
            return None if persona == "anonymous" else persona
    raise AssertionError("no persona sees this page")


# The first page walked for each template: {template: url name}.
WALKED: dict[str, str] = {}


@pytest.mark.parametrize("url_name", PAGES)
def test_the_page_fits_a_phone(browser, live_server, world, url_name):
    row = TABLE[url_name]
    url = reverse(url_name, kwargs=SAMPLES.get(url_name, lambda w: {})(world))
    persona = persona_for(row)
    client = Client()
    if persona:
        client.force_login(world.people[persona])
    answer = client.get(url)
    assert answer.status_code == 200, url
    # Downloads (CSV, XLSX, JSON) are not pages.
    if "text/html" not in answer.get("Content-Type", ""):
        pytest.skip("a download, not a page")
    template = answer.templates[0].name if answer.templates else url_name
    if WALKED.setdefault(template, url_name) != url_name:
        pytest.skip("a page of the same type (template) was walked")
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 320, "height": 720}
    )
    if persona:  # signed in as the test client was (the sign-in form is walked in its own tests)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
    page = context.new_page()
    shown = page.goto(url)
    assert shown.status == 200 and page.url == live_server.url + url, f"{url} showed {page.url}"
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 720})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            widest = page.evaluate(
                """(width) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 1
                  || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'))
                .sort((a, b) => !!a.closest('table') - !!b.closest('table')).slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""",
                width,
            )
            problems.append(f"{width} px: the page is {scroll_width} px wide ({', '.join(widest)})")
        # Chart labels stay readable: the smallest rendered text in a chart is 9.5 px or more.
        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('svg.pan_chart text')]
                .filter(t => t.textContent.trim()).map(t => t.getBoundingClientRect().height))"""
        )
        if smallest is not None and smallest < 9.5:
            problems.append(f"{width} px: chart text drawn {smallest:.1f} px high")
        violations = axe_violations(page)
        if violations:
            problems.append(f"{width} px: axe: {violations}")
    context.close()
    assert not problems, f"{url}:\n" + "\n".join(problems)
