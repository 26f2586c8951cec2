import pytest
from django.urls import reverse

from panorama.programmes.models import LinkKind, ProgrammeLink, Rebaseline
from panorama.strategy.models import OutcomeActual, OutcomeMeasure
from tests.map_factories import MILLION, make_commitment, make_platform, make_programme, make_update

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def build_map(world):
    commitment = make_commitment("3.3", owner=world.body_a, person="Director of Digital")
    make_commitment("3.4")
    measure = OutcomeMeasure.objects.create(
        commitment=commitment, name="People with an account", unit="people", baseline=0, target=1000
    )
    OutcomeActual.objects.create(measure=measure, date="2023-03-31", value=100)
    OutcomeActual.objects.create(measure=measure, date="2024-03-31", value=300)
    programme = make_programme(
        world.body_a,
        "Benefits case management",
        wlc_baseline=10 * MILLION,
        wlc_forecast=13 * MILLION,
        confidence="amber-red",
        illustrative=True,
    )
    programme.commitments.add(commitment)
    programme.platforms.add(make_platform())
    make_update(programme, "2025-26 Q1", narrative="Good quarter", top_risks="Recruitment")
    make_update(programme, "2025-26 Q2", confidence="amber-red", wlc_forecast=13 * MILLION)
    Rebaseline.objects.create(
        programme=programme, agreed_on="2025-09-30", wlc=12 * MILLION, reason="New scope"
    )
    hub = make_programme(world.body_b, "Data hub", confidence="red")
    ProgrammeLink.objects.create(source=programme, target=hub, kind=LinkKind.DEPENDS_ON, note="Records")
    return commitment, measure, programme


def test_analyst_pages_of_the_map_have_no_axe_violations(page, world):
    commitment, measure, programme = build_map(world)
    sign_in(page, world.analyst)
    pid = programme.public_id
    for path in [
        reverse("programmes:list"),
        reverse("programmes:list") + "?major=yes&sort=variance",
        reverse("programmes:network"),
        programme.get_absolute_url(),
        reverse("programmes:create"),
        reverse("programmes:edit", kwargs={"public_id": pid}),
        reverse("programmes:update-create", kwargs={"public_id": pid}),
        reverse("programmes:rebaseline-create", kwargs={"public_id": pid}),
        reverse("programmes:link-create", kwargs={"public_id": pid}) + "?q=hub",
        reverse("strategy:list"),
        reverse("strategy:strategy", kwargs={"slug": commitment.ambition.strategy.slug}),
        reverse("strategy:commitments") + "?unowned=on",
        commitment.get_absolute_url(),
        reverse("strategy:strategy-create"),
        reverse("strategy:strategy-edit", kwargs={"slug": commitment.ambition.strategy.slug}),
        reverse("strategy:ambition-create", kwargs={"slug": commitment.ambition.strategy.slug}),
        reverse("strategy:ambition-edit", kwargs={"public_id": commitment.ambition.public_id}),
        reverse("strategy:commitment-create", kwargs={"public_id": commitment.ambition.public_id}),
        reverse("strategy:commitment-edit", kwargs={"public_id": commitment.public_id}),
        reverse("strategy:measure-create", kwargs={"public_id": commitment.public_id}),
        reverse("strategy:measure-edit", kwargs={"public_id": measure.public_id}),
        reverse("strategy:actual-create", kwargs={"public_id": measure.public_id}),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_editor_reports_a_quarter_and_the_error_summary_lists_every_problem(page, world):
    _, _, programme = build_map(world)
    sign_in(page, world.editor_a)
    page.goto(programme.get_absolute_url())
    page.get_by_role("link", name="Add a progress update").click()
    page.get_by_label("Delivery confidence").select_option("not-rated")
    page.get_by_label("Milestones met").fill("-1")
    page.get_by_role("button", name="Record the update").click()
    summary = page.locator(".ds_error-summary")
    assert summary.is_visible()
    assert_accessible(page)
    page.get_by_label("Delivery confidence").select_option("red")
    page.get_by_label("Milestones met").fill("1")
    page.get_by_role("button", name="Record the update").click()
    assert page.get_by_text("Recorded the update for").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Benefits case management"


def test_register_and_network_work_without_javascript(browser, live_server, world):
    _, _, programme = build_map(world)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(reverse("programmes:list"))
    page.get_by_label("Amber/Red", exact=True).check(force=True)  # the design system's label covers the box
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_role("link", name="Benefits case management").is_visible()
    assert "Recruitment" not in page.content()
    page.goto(reverse("programmes:network"))
    exposed = page.get_by_role("region", name="Exposed programmes")
    assert "Data hub" in exposed.inner_text()
    context.close()


def test_network_graph_highlights_a_chosen_programmes_links(page, world):
    build_map(world)
    page.goto(reverse("programmes:network"))
    page.locator("svg [data-label='Data hub']").dispatch_event("click")  # a node, whatever its shape
    status = page.locator("#pan-network-status")
    assert status.inner_text().startswith("Data hub: 1 link highlighted")
    assert page.locator("svg .pan_dim").count() == 0  # only two programmes, both linked
    assert_accessible(page)
