"""Reports in a real browser: an analyst prepares the national report, previews and publishes it;
the public reads it and the archive without signing in. Each page accessible at a desktop and a
phone width."""

import pytest
from django.urls import reverse

from panorama.programmes.models import Programme
from panorama.reports import services
from panorama.strategy.models import Ambition, Commitment, Strategy

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def picture(world):
    strategy = Strategy.objects.create(
        slug="a-changing-nation", title="A changing nation", short_title="2021"
    )
    ambition = Ambition.objects.create(strategy=strategy, number=1, title="People and Place")
    Commitment.objects.create(ambition=ambition, reference="1.1", text="We will connect everyone")
    Programme.objects.create(organisation=world.body_a, title="Case management", confidence="red")
    return world


@pytest.mark.parametrize("width", [1280, 390])
def test_an_analyst_prepares_previews_and_publishes_and_the_public_reads_it(
    browser, live_server, picture, width
):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, picture.analyst)
    page.goto(reverse("reports:prepare"))
    assert_accessible(page)
    page.get_by_role("button", name="Prepare the draft").click()
    page.wait_for_load_state()
    assert page.get_by_role("progressbar").count() == 1 or "Waiting to start" in page.content()
    assert_accessible(page)
    services.jobs_run()  # the worker, run here rather than beside the server
    page.reload()
    assert "Draft ready" in page.content()
    page.get_by_role("link", name="Read the report (preview)").click()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("The national picture of digital government")
    )
    assert_accessible(page)
    page.go_back()
    page.get_by_role("button", name="Publish this report").click()
    page.wait_for_load_state()
    assert "Published." in page.content()
    context.close()

    public = browser.new_context(base_url=live_server.url, bypass_csp=True).new_page()
    public.set_viewport_size({"width": width, "height": 900})
    public.goto(reverse("reports:archive"))
    assert_accessible(public)
    public.get_by_role("link", name="Read The national picture", exact=False).first.click()
    assert "Case management" in public.content()
    assert_accessible(public)
    assert public.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    pdf = public.request.get(public.url.replace("/read/", "/report.pdf"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
