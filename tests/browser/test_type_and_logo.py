"""The design system's typeface comes with the app, and the logo needs no font at all: pages look
the same on a machine that has neither Roboto nor Arial."""

from pathlib import Path

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LOGO = Path(__file__).resolve().parents[2] / "panorama" / "static" / "panorama" / "logo.svg"


def test_the_logo_draws_its_name_without_a_font():
    svg = LOGO.read_text()
    assert "<text" not in svg and "font-family" not in svg
    assert 'aria-label="Panorama"' in svg and "<path" in svg


def test_pages_are_set_in_roboto_served_by_the_app(page, live_server):
    fonts = []
    page.on("response", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") else None)
    page.goto("/")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('700 16px Roboto') && document.fonts.check('400 16px Roboto')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.weight)")
    assert {"400", "700"} <= set(loaded)
    assert fonts and all(url.startswith(live_server.url + "/static/roboto/") for url in fonts)


def test_a_signed_in_analysts_navigation_fits_one_row_on_a_desktop(page, world):
    sign_in(page, world.analyst)
    page.goto("/programmes/")
    page.evaluate("document.fonts.ready")
    tops = page.locator(".ds_site-header__navigation .ds_site-navigation__item").evaluate_all(
        "items => items.map(i => i.getBoundingClientRect().top)"
    )
    assert len(tops) > 10 and len(set(tops)) == 1, tops
