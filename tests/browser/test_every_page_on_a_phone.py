"""WCAG 2.2 1.4.10 Reflow: every page the app serves can be read at 320 px wide without scrolling
sideways (a wide table scrolls in its own box, not the page), and passes axe at that width and at
390 px, the width of a common phone."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.test_roles import SAMPLES, TABLE

from .conftest import axe_violations, sign_in

# Layout does not depend on the database, and the walk takes minutes: it runs once, on SQLite, to
# keep `make test` within its budget (the PostgreSQL run covers the same pages' data in test_roles).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="layout is the same on every database"),
]

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


@pytest.mark.parametrize("url_name", PAGES)
def test_the_page_fits_a_phone(browser, live_server, world, url_name):
    row = TABLE[url_name]
    url = reverse(url_name, kwargs=SAMPLES.get(url_name, lambda w: {})(world))
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, viewport={"width": 320, "height": 720}
    )
    page = context.new_page()
    persona = persona_for(row)
    if persona:
        sign_in(page, world.people[persona])
    # Downloads (CSV, XLSX, JSON) are not pages: ask first, with the same sign-in.
    head = page.request.get(url)
    assert head.status == 200, url
    if "text/html" not in head.headers.get("content-type", ""):
        context.close()
        pytest.skip(f"{url} is a download ({head.headers.get('content-type')})")
    page.goto(url)
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
