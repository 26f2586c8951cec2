"""The investment pages and API: what each persona sees, edits that are recorded, totals that add up."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from panorama.core.models import AuditEvent
from panorama.finance import services
from panorama.finance.models import LegacySystem, ProgrammeFunding

from .conftest import client_for, make_body
from .finance_factories import legacy, line, programme, refresh, year

pytestmark = pytest.mark.django_db


@pytest.fixture
def picture(world):
    council = make_body("EDC", "City of Edinburgh Council", sector="local government")
    line(world.body_a, 2024, "750000.25", nature="run")
    line(world.body_a, 2024, "250000.75", nature="change", category="staff")
    line(world.body_b, 2024, "400000.00", nature="run", category="cloud and hosting")
    line(council, 2024, "600000.00", nature="run")
    line(council, 2024, "400000.00", nature="change")
    line(world.body_a, 2023, "900000.00", nature="run")
    refresh()
    p = programme(world.body_a, "Benefits case management")
    services.funding_rephase(actor=None, programme=p)
    services.funding_set(actor=None, programme=p, period=year(2024), secured=Decimal("100000"), required=None)
    world.extra["council"] = council
    world.extra["programme"] = p
    world.extra["system"] = legacy(
        world.body_a, "Payments engine", end_of_support=datetime.date(2020, 1, 1), cost="850000"
    )
    world.extra["other_system"] = legacy(world.body_b, "Vetting records", cost="125000")
    return world


def get_json(client, url):
    response = client.get(url)
    return response.status_code, json.loads(response.content)


def test_summary_api_gives_run_change_and_funding_as_decimal_strings(client, picture):
    status, data = get_json(client, "/api/v1/finance/summary?year=2024-25")
    assert status == 200
    assert data["run"] == "1750000.25"
    assert data["change"] == "650000.75"
    assert data["total"] == "2400001.00"
    assert data["run_share"] == "0.7292"
    assert Decimal(data["gap"]) == Decimal(data["required"]) - Decimal(data["available"])
    assert data["available"] == "100000.00"
    assert set(data) >= {"year", "run", "change", "total", "run_share", "required", "available", "gap"}


def test_summary_api_sector_figures_add_up_to_the_national_figure(client, picture):
    national = get_json(client, "/api/v1/finance/summary?year=2024-25")[1]
    central = get_json(client, "/api/v1/finance/summary?year=2024-25&sector=central+government")[1]
    local = get_json(client, "/api/v1/finance/summary?year=2024-25&sector=local+government")[1]
    assert Decimal(central["total"]) + Decimal(local["total"]) == Decimal(national["total"])
    assert local["run"] == "600000.00"


def test_summary_api_refuses_bad_parameters_with_a_reason(client, picture):
    assert get_json(client, "/api/v1/finance/summary?year=2024-26")[0] == 404
    status, data = get_json(client, "/api/v1/finance/summary?year=2024-25 Q2")
    assert status == 400 and "expected form" in data["detail"]
    assert get_json(client, "/api/v1/finance/summary?sector=space")[0] == 400
    assert get_json(client, "/api/v1/finance/summary?basis=guess")[0] == 400
    # The legacy register is for people signed in: ask as one, so the NUL byte is what is refused.
    client_for(client, picture.analyst)
    assert get_json(client, "/api/v1/legacy-systems?q=ab")[0] == 200
    status, data = get_json(client, "/api/v1/legacy-systems?q=a%00b")
    assert status == 400 and data["detail"]


def test_outsider_never_sees_another_bodys_restricted_figures(client, picture):
    w = picture
    client_for(client, w.editor_b)
    assert client.get(f"/api/v1/finance/summary?year=2024-25&organisation={w.body_a.slug}").status_code == 404
    own = get_json(client, f"/api/v1/finance/summary?year=2024-25&organisation={w.body_b.slug}")[1]
    assert own["run"] == "400000.00"
    bodies = client.get(reverse("finance:bodies") + "?year=2024-25").content.decode()
    assert "Disclosure Scotland" in bodies and w.body_a.name not in bodies and "750000.25" not in bodies
    systems = get_json(client, "/api/v1/legacy-systems")[1]
    assert [s["name"] for s in systems["results"]] == ["Vetting records"]
    assert client.get(f"/api/v1/legacy-systems?organisation={w.body_a.slug}").status_code == 404
    register = client.get(reverse("finance:legacy-list")).content.decode()
    assert "Payments engine" not in register and "Vetting records" in register
    funding = client.get(reverse("finance:funding")).content.decode()
    assert "Benefits case management" not in funding
    cliff = client.get(reverse("finance:legacy-cliff")).content.decode()
    assert w.body_a.name not in cliff


def test_anonymous_sees_national_figures_but_no_body(client, picture):
    overview = client.get(reverse("finance:overview") + "?year=2024-25").content.decode()
    assert "£2.4m" in overview and "72.9%" in overview
    bodies = client.get(reverse("finance:bodies")).content.decode()
    assert picture.body_a.name not in bodies and "sign in" in bodies
    assert client.get("/api/v1/legacy-systems").status_code == 401


def test_analyst_sees_every_body_and_the_totals_agree(client, picture):
    client_for(client, picture.analyst)
    page = client.get(reverse("finance:overview") + "?year=2024-25").content.decode()
    assert "<strong>No</strong>" not in page and page.count("<td>Yes</td>") == 3
    bodies = client.get(reverse("finance:bodies") + "?year=2024-25").content.decode()
    assert "£2,400,001.00" in bodies
    rows = client.get(reverse("finance:bodies") + "?year=2024-25&format=csv")
    lines = b"".join(rows.streaming_content).decode().splitlines()
    assert len(lines) == 4
    assert sum(Decimal(row.split(",")[5]) for row in lines[1:]) == Decimal("2400001.00")


def test_overview_csv_gives_the_by_year_series(client, picture):
    response = client.get(reverse("finance:overview") + "?format=csv&chart=by-year")
    text = b"".join(response.streaming_content).decode()
    assert "2023-24,900000.00,0.00,900000.00,1.0000" in text
    assert "2024-25,1750000.25,650000.75,2400001.00,0.7292" in text


def test_body_page_shows_its_lines_to_its_own_people(client, picture):
    client_for(client, picture.viewer_a)
    page = client.get(reverse("finance:body", kwargs={"slug": picture.body_a.slug}) + "?year=2024-25")
    assert page.status_code == 200
    text = page.content.decode()
    assert "£750,000.25" in text and "£1,000,001.00" in text


def test_editor_adds_and_edits_own_legacy_system_and_it_is_recorded(client, picture):
    w = picture
    client_for(client, w.editor_a)
    url = reverse("finance:legacy-create", kwargs={"slug": w.body_a.slug})
    response = client.post(
        url,
        {
            "name": "Case records",
            "business_function": "Keeping case records",
            "annual_run_cost": "120000.50",
            "risk": "4",
            "end_of_support": "2027-03-31",
            "replacing_programme": w.programme.pk,
        },
    )
    system = LegacySystem.objects.get(name="Case records")
    assert response.status_code == 302 and response["Location"] == system.get_absolute_url()
    assert system.replacing_programme == w.programme
    assert AuditEvent.objects.filter(
        action="finance.legacy_system.created", object_id=str(system.pk)
    ).exists()
    edit = reverse("finance:legacy-edit", kwargs={"public_id": system.public_id})
    data = {
        "name": "Case records",
        "business_function": "Keeping case records",
        "annual_run_cost": "130000",
        "risk": "5",
        "version": system.version,
    }
    assert client.post(edit, data).status_code == 302
    system.refresh_from_db()
    assert system.annual_run_cost == Decimal("130000") and system.risk == 5
    stale = client.post(edit, {**data, "risk": "1"})
    assert "has changed since this page was loaded" in stale.content.decode()
    system.refresh_from_db()
    assert system.risk == 5


def test_invalid_legacy_system_lists_every_problem_and_saves_nothing(client, picture):
    client_for(client, picture.editor_a)
    url = reverse("finance:legacy-create", kwargs={"slug": picture.body_a.slug})
    response = client.post(
        url, {"name": "Payments engine", "business_function": "", "annual_run_cost": "-5", "risk": "9"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "ds_error-summary" in text
    assert text.count("ds_question__error-message") >= 3
    assert LegacySystem.objects.filter(organisation=picture.body_a).count() == 1


def test_duplicate_legacy_name_is_refused_with_a_reason(client, picture):
    client_for(client, picture.editor_a)
    url = reverse("finance:legacy-create", kwargs={"slug": picture.body_a.slug})
    response = client.post(
        url, {"name": "payments ENGINE", "business_function": "x", "annual_run_cost": "5", "risk": "2"}
    )
    assert "already has a system called" in response.content.decode()


def test_editor_records_secured_funding_and_the_gap_follows(client, picture):
    w = picture
    client_for(client, w.editor_a)
    url = reverse("finance:funding-edit", kwargs={"public_id": w.programme.public_id})
    row = ProgrammeFunding.objects.get(programme=w.programme, period__label="2025-26")
    response = client.post(
        url, {"year": "2025-26", "secured": "250000", "required": "", "version": row.version}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.secured == Decimal("250000") and row.required_basis == "phased"
    assert row.gap == row.required - Decimal("250000")
    assert AuditEvent.objects.filter(action="finance.funding.changed").exists()
    funding_page = client.get(reverse("finance:funding") + "?year=2025-26").content.decode()
    assert "Benefits case management" in funding_page
    bad = client.post(url, {"year": "2025-26", "secured": "-1"})
    assert "ds_error-summary" in bad.content.decode()


def test_viewer_sees_funding_but_cannot_post_it(client, picture):
    client_for(client, picture.viewer_a)
    url = reverse("finance:funding-edit", kwargs={"public_id": picture.programme.public_id})
    page = client.get(url).content.decode()
    assert "£100,000.00" in page and "Record funding" not in page
    assert client.post(url, {"year": "2025-26", "secured": "1"}).status_code == 403


def test_legacy_register_filters_and_downloads(client, picture):
    client_for(client, picture.auditor)
    page = client.get(reverse("finance:legacy-list") + "?status=past&no_replacement=on").content.decode()
    assert "Payments engine" in page and "Vetting records" not in page
    xlsx = client.get(reverse("finance:legacy-list") + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    detail = client.get(picture.system.get_absolute_url()).content.decode()
    assert "Past end of support".lower() in detail and 'id="history"' in detail


def test_legacy_cliff_csv_adds_up_to_the_register(client, picture):
    response = client.get(reverse("finance:legacy-cliff") + "?format=csv")
    rows = b"".join(response.streaming_content).decode().splitlines()[1:]
    assert sum(Decimal(r.split(",")[2]) for r in rows) == Decimal("975000.00")


def test_overruns_list_programmes_above_baseline(client, picture):
    programme(picture.body_b, "Vetting modernisation", baseline="78500000", forecast="81000000")
    page = client.get(reverse("finance:overruns")).content.decode()
    assert page.index("Vetting modernisation") < page.index("Benefits case management")
    assert "£2,500,000.00" in page


def test_openapi_documents_both_endpoints(client):
    paths = json.loads(client.get("/api/v1/openapi.json").content)["paths"]
    assert "/api/v1/finance/summary" in paths and "/api/v1/legacy-systems" in paths
