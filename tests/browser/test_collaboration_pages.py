import pytest
from django.urls import reverse

from tests.roles.collaboration import collaboration_world

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_collaboration_pages_have_no_axe_violations(page, world):
    s = collaboration_world(world)
    from panorama.collaboration import services

    services.post_hide(actor=world.analyst, post=s["post"], reason="Testing moderation")
    sign_in(page, world.analyst)
    for path in [
        reverse("collaboration:index"),
        reverse("collaboration:forum-list"),
        reverse("collaboration:forum-create"),
        s["forum"].get_absolute_url(),
        reverse("collaboration:forum-member-add", kwargs={"slug": s["forum"].slug}),
        reverse("collaboration:action-create", kwargs={"slug": s["forum"].slug}),
        s["meeting"].get_absolute_url(),
        reverse("collaboration:meeting-edit", kwargs={"public_id": s["meeting"].public_id}),
        reverse("collaboration:action-edit", kwargs={"public_id": s["action"].public_id}),
        reverse("collaboration:forum-commitments"),
        reverse("collaboration:commitment-forums", kwargs={"public_id": s["commitment"].public_id}),
        reverse("collaboration:thread-list", kwargs={"slug": s["forum"].slug}),
        s["thread"].get_absolute_url(),
        reverse("collaboration:challenge-list"),
        reverse("collaboration:challenge-create"),
        s["round"].get_absolute_url(),
        s["challenge"].get_absolute_url(),
        s["application"].get_absolute_url(),
        reverse("collaboration:platform-list"),
        reverse("collaboration:platform-detail", kwargs={"slug": s["platform"].slug}),
        reverse("collaboration:adoption-add", kwargs={"slug": s["platform"].slug}),
        reverse("collaboration:catalogue", kwargs={"slug": world.body_a.slug}),
        reverse("collaboration:licence-edit", kwargs={"public_id": s["licence"].public_id}),
        reverse("collaboration:overlap-list"),
        s["overlap"].get_absolute_url(),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_an_industry_team_follows_a_challenge_from_application_to_shortlist(page, world):
    from panorama.accounts.models import User

    s = collaboration_world(world)
    s["application"].delete()
    founder = User.objects.get(email="founder@acme.test")
    sign_in(page, founder)
    page.goto(reverse("collaboration:challenge-list"))
    page.get_by_role("link", name="Fewer missed benefit payments").first.click()
    page.get_by_role("link", name="Apply to this challenge").click()
    page.get_by_role("button", name="Submit the application").click()
    assert "Enter the proposal." in page.locator(".ds_error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Proposal").fill("We would start with the people who **miss** payments.")
    page.get_by_role("button", name="Submit the application").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Acme Digital Ltd"
    assert page.locator(".pan_prose strong").inner_text() == "miss"
    page.goto(reverse("collaboration:my-applications"))
    assert page.get_by_role("link", name="Fewer missed benefit payments").is_visible()
    assert_accessible(page)
    # The sponsor's editor shortlists it; the team sees the new stage.
    page.context.clear_cookies()
    sign_in(page, world.editor_a)
    page.goto(s["challenge"].get_absolute_url())
    page.get_by_role("button", name="Move the challenge to: shortlisting").click()
    page.get_by_role("link", name="Acme Digital Ltd").click()
    page.get_by_role("button", name="Move on to: shortlisted").click()
    assert "Shortlisted" in page.locator(".ds_summary-list").inner_text()
