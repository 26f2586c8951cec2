"""The main navigation on a phone: the design system's Menu control opens it, with JavaScript
(a button that says whether it is expanded) and without (the design system's checkbox, which a
keyboard reaches too)."""

import pytest
from playwright.sync_api import Browser, expect

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def phone(browser: Browser, live_server, *, javascript: bool, width: int = 320):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 800},
        java_script_enabled=javascript,
        bypass_csp=True,
    )
    return context, context.new_page()


def test_the_menu_button_opens_the_navigation_on_a_phone(browser, live_server, world):
    context, page = phone(browser, live_server, javascript=True)
    sign_in(page, world.analyst)
    page.goto("/programmes/")
    links = page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Investment")
    expect(links).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(links).to_be_visible()
    # The signed-in person's own links are in the menu too, since the header has no room for them.
    expect(page.locator("#mobile-navigation").get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)
    context.close()


def test_the_menu_opens_without_javascript_by_pointer_and_by_keyboard(browser, live_server, world):
    context, page = phone(browser, live_server, javascript=False)
    sign_in(page, world.analyst)
    page.goto("/programmes/")
    link = page.locator("#mobile-navigation").get_by_role("link", name="Investment")
    expect(link).to_be_hidden()
    page.locator("label[for=menu]").click()
    expect(link).to_be_visible()
    page.locator("label[for=menu]").click()
    expect(link).to_be_hidden()
    page.reload()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the home link
    page.keyboard.press("Tab")  # the menu
    page.keyboard.press("Space")
    expect(link).to_be_visible()
    context.close()


def test_on_a_wide_screen_the_navigation_shows_without_a_menu(browser, live_server, world):
    context, page = phone(browser, live_server, javascript=True, width=1280)
    sign_in(page, world.analyst)
    page.goto("/programmes/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator(".ds_site-header__navigation").get_by_role("link", name="Investment")).to_be_visible()
    expect(page.locator(".pan_account").get_by_role("button", name="Sign out")).to_be_visible()
    context.close()
