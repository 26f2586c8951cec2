import pytest
from django.urls import reverse

from panorama.core import audit

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_then_navigate_to_own_body(page, world):
    sign_in(page, world.editor_a)
    assert page.get_by_role("link", name=world.editor_a.full_name).is_visible()
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Bodies", exact=True
    ).click()
    page.get_by_role("link", name="Social Security Scotland").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Social Security Scotland"
    page.get_by_role("link", name="Edit SSS").click()
    page.get_by_label("Website").fill("https://www.socialsecurity.gov.scot")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved Social Security Scotland.").is_visible()


def test_wrong_password_shows_the_error_summary(page, world):
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(world.editor_a.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".ds_error-summary")
    assert "Enter a correct email address and password" in summary.inner_text()
    assert_accessible(page)


def test_editor_cannot_open_another_bodys_edit_page(page, world):
    sign_in(page, world.editor_a)
    response = page.goto(reverse("organisations:edit", kwargs={"slug": world.body_b.slug}))
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Access denied"
    assert page.get_by_label("Website").count() == 0


def test_invalid_edit_lists_every_problem_and_saves_nothing(page, world):
    sign_in(page, world.analyst)
    page.goto(reverse("organisations:edit", kwargs={"slug": world.body_a.slug}))
    page.get_by_label("Name", exact=True).fill("")
    page.get_by_label("Website").fill("not a web address")
    page.get_by_role("button", name="Save").click()
    items = page.locator(".ds_error-summary__list li")
    assert items.count() == 2
    assert_accessible(page)
    world.body_a.refresh_from_db()
    assert world.body_a.name == "Social Security Scotland"


PUBLIC_PAGES = ["/", "/about/", "/accessibility/", "/organisations/", "/sign-in/", "/no-such-page/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations(page, world, path):
    page.goto(path)
    assert_accessible(page)


def test_signed_in_pages_have_no_axe_violations(page, world):
    event = audit.record(
        actor=world.analyst,
        action="organisations.organisation.changed",
        obj=world.body_a,
        before={"name": "Old"},
    )
    sign_in(page, world.admin)
    for path in [
        "/",
        reverse("organisations:detail", kwargs={"slug": world.body_a.slug}),
        reverse("organisations:edit", kwargs={"slug": world.body_a.slug}),
        "/account/",
        "/account/password/",
        "/people/",
        "/people/new/",
        reverse("accounts:person", kwargs={"public_id": world.editor_a.public_id}),
        "/audit/",
        reverse("site:audit-detail", kwargs={"public_id": event.public_id}),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_access_denied_page_has_no_axe_violations(page, world):
    sign_in(page, world.viewer_a)
    page.goto("/audit/")
    assert_accessible(page)


def test_pages_work_without_javascript(browser, live_server, world):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, world.editor_a)
    page.goto("/account/")
    page.get_by_label("Token name").fill("no-js token")
    page.get_by_role("button", name="Create a token").click()
    assert page.locator("#new-token").inner_text().startswith("pan_")
    context.close()
