import pytest
from django.urls import reverse

from panorama.core import periods
from panorama.skills.models import Initiative, InitiativeTarget, RoleFamily
from tests.conftest import TODAY, make_body
from tests.skills_fixtures import line, load_roles, need, programme

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def next_quarter() -> str:
    year, quarter = periods.financial_year_of(TODAY), periods.quarter_of(TODAY)
    return periods.label_for(year + 1, 1) if quarter == 4 else periods.label_for(year, quarter + 1)


def test_skills_pages_have_no_axe_violations_and_an_editor_plans_a_need(page, world, pinned_clock):
    roles = load_roles()
    council = make_body("GCC", "Glasgow City Council", sector="local government")
    line(world.body_a, 2024, roles["developer"], 18, 16, 1, 1, median_days_to_hire=80)
    line(world.body_a, 2025, roles["developer"], 20, 14, 3, 3, median_days_to_hire=95)
    line(world.body_a, 2025, roles["data-scientist"], 8, 4, 1, 3, median_days_to_hire=150)
    line(council, 2025, roles["data-scientist"], 6, 3, 0, 3)
    short = programme(world.body_a, "Benefits case management")
    need(short, roles["data-scientist"], next_quarter(), 9)
    initiative = Initiative.objects.create(name="Digital Academy", kind="academy", organisation=world.body_a)
    InitiativeTarget.objects.create(
        initiative=initiative, family=RoleFamily.objects.get(slug="data"), year=2025, target=20, delivered=12
    )

    sign_in(page, world.analyst)
    page.goto(reverse("skills:overview"))
    scarcest = page.locator("#scarcest + p + div table")
    assert "Data scientist" in scarcest.locator("tbody tr").first.inner_text()
    assert page.get_by_role("link", name="Benefits case management").is_visible()
    assert_accessible(page)
    for path in [
        reverse("skills:gaps"),
        reverse("skills:shortages"),
        reverse("skills:demand"),
        reverse("skills:staffing"),
        reverse("skills:trend"),
        reverse("skills:contractors"),
        reverse("skills:bodies"),
        reverse("skills:body", kwargs={"slug": world.body_a.slug}),
        reverse("skills:needs"),
        reverse("skills:programme-needs", kwargs={"public_id": short.public_id}),
        reverse("skills:roles"),
        reverse("skills:role-create"),
        reverse("skills:initiatives"),
        reverse("skills:initiative", kwargs={"public_id": initiative.public_id}),
        reverse("skills:target-set", kwargs={"public_id": initiative.public_id}),
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, world.editor_a)
    page.goto(reverse("skills:programme-needs", kwargs={"public_id": short.public_id}))
    page.get_by_role("link", name="Add a need").click()
    page.get_by_role("button", name="Save").click()
    assert page.locator(".ds_error-summary").is_visible()
    assert_accessible(page)
    page.get_by_label("Role").select_option(label="Data engineer (Data)")
    page.get_by_label("Quarter").select_option(next_quarter())
    page.get_by_label("FTE needed").fill("3")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text(f"Saved 3.0 FTE Data engineer in {next_quarter()}.").is_visible()
