"""The register of public services: who sees what, the performance page, edits, the return."""

from decimal import Decimal

import pytest
from django.urls import reverse

from panorama.core.periods import period_from_label
from panorama.picture.models import Service, ServicePerformance
from panorama.picture.return_kinds import SERVICES
from panorama.returns.kinds import Context


def make_service(body, slug="sss-best-start-grant", *, published=True, **extra) -> Service:
    return Service.objects.create(
        slug=slug,
        name=extra.pop("name", "Apply for a Best Start Grant"),
        organisation=body,
        published=published,
        **extra,
    )


def add_quarter(service, label, **figures) -> ServicePerformance:
    return ServicePerformance.objects.create(service=service, period=period_from_label(label), **figures)


@pytest.mark.django_db
def test_unpublished_service_is_hidden_from_the_public_and_outsiders(client, world):
    make_service(world.body_a, "sss-internal-pilot", name="Internal pilot", published=False)
    url = reverse("picture:service", kwargs={"slug": "sss-internal-pilot"})
    assert client.get(url).status_code == 404
    assert b"Internal pilot" not in client.get(reverse("picture:services")).content
    client.force_login(world.editor_b)
    assert client.get(url).status_code == 404
    assert b"Internal pilot" not in client.get(reverse("picture:services")).content
    client.force_login(world.viewer_a)
    assert client.get(url).status_code == 200
    assert b"Internal pilot" in client.get(reverse("picture:services")).content


@pytest.mark.django_db
def test_service_page_shows_the_four_kpis_with_tables_and_csv(client, world):
    service = make_service(world.body_a)
    add_quarter(
        service,
        "2025-26 Q1",
        transactions=1000,
        digital_transactions=600,
        cost_per_transaction=Decimal("20"),
        user_satisfaction=Decimal("80"),
        completion_rate=Decimal("75"),
    )
    add_quarter(
        service,
        "2025-26 Q2",
        transactions=1000,
        digital_transactions=800,
        cost_per_transaction=Decimal("15"),
        user_satisfaction=Decimal("85"),
    )
    response = client.get(service.get_absolute_url())
    page = response.content.decode()
    assert "£15.00" in page and "85%" in page and "80%" in page  # latest: take-up 80%
    assert "Improving" in page
    assert page.count('class="pan_chart"') >= 4
    csv = client.get(service.get_absolute_url() + "?format=csv")
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("quarter,transactions,digital_transactions")
    assert lines[2].startswith("2025-26 Q2,1000,800,15")
    assert lines[2].endswith(",80.0")


@pytest.mark.django_db
def test_service_list_downloads_as_csv_with_latest_figures(client, world):
    service = make_service(world.body_a)
    add_quarter(service, "2025-26 Q2", transactions=500, digital_transactions=250)
    response = client.get(reverse("picture:services") + "?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "sss-best-start-grant,Apply for a Best Start Grant,SSS,live" in text
    assert ",2025-26 Q2,500," in text and ",50.0," in text


@pytest.mark.django_db
def test_stale_service_edit_is_refused(client, world):
    service = make_service(world.body_a)
    client.force_login(world.editor_a)
    url = reverse("picture:service-edit", kwargs={"slug": service.slug})
    form = {"name": "New name", "phase": "beta", "version": service.version, "published": "on"}
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "name": "Another"})
    assert "has changed since this page was loaded" in response.content.decode()
    service.refresh_from_db()
    assert service.name == "New name" and service.version == 2


@pytest.mark.django_db
def test_invalid_service_edit_lists_every_problem_and_saves_nothing(client, world):
    service = make_service(world.body_a)
    client.force_login(world.analyst)
    url = reverse("picture:service-edit", kwargs={"slug": service.slug})
    response = client.post(url, {"name": "", "phase": "sideways", "url": "not a web address", "version": 1})
    page = response.content.decode()
    assert page.count("ds_error-summary__list") == 1
    assert page.count('<li><a href="#id_') == 3
    service.refresh_from_db()
    assert service.name == "Apply for a Best Start Grant"


@pytest.mark.django_db
def test_body_return_cannot_include_another_bodys_service(world):
    make_service(world.body_b, "ds-basic-disclosure", name="Basic disclosure")
    context = Context(organisation=world.body_a, period=period_from_label("2025-26 Q3"), actor=world.editor_a)
    rows = [
        {"_row": 2, "service": "ds-basic-disclosure", "name": "Basic disclosure", "transactions": 10},
        {"_row": 3, "service": "sss-new", "name": "New", "organisation": "DS"},
        {"_row": 4, "service": "sss-ok", "name": "Fine", "transactions": 10, "digital_transactions": 20},
    ]
    plan = SERVICES.plan(context, rows)
    messages = [(p.row, p.message) for p in plan.problems]
    assert any(row == 2 and "is not one of SSS's services" in m for row, m in messages)
    assert any(row == 3 and "cannot include another body" in m for row, m in messages)
    assert any(row == 4 and "cannot be more than all transactions" in m for row, m in messages)
    assert not Service.objects.filter(slug__startswith="sss-").exists()


@pytest.mark.django_db
def test_body_return_neither_reveals_an_unpublished_services_owner_nor_takes_its_name(world):
    make_service(world.body_b, "ds-secret-pilot", name="Secret pilot", published=False)
    context = Context(organisation=world.body_a, period=period_from_label("2025-26 Q3"), actor=world.editor_a)
    rows = [
        {"_row": 2, "service": "ds-secret-pilot", "name": "Pilot"},
        {"_row": 3, "service": "ds-not-yet-a-service", "name": "Pilot"},
    ]
    plan = SERVICES.plan(context, rows)
    messages = {
        p.row: p.message.replace("ds-secret-pilot", "X").replace("ds-not-yet-a-service", "X")
        for p in plan.problems
    }
    assert messages[2] == messages[3]  # a taken name reads as an unknown one
    assert "DS" not in messages[2]
    assert not plan.counts.get("create")


@pytest.mark.django_db
def test_body_return_records_figures_for_the_returns_quarter(world):
    quarter = period_from_label("2025-26 Q3")
    context = Context(organisation=world.body_a, period=quarter, actor=world.editor_a)
    rows = [
        {
            "_row": 2,
            "service": "sss-adp",
            "name": "Adult Disability Payment",
            "transactions": 900,
            "digital_transactions": 450,
            "user_satisfaction": Decimal("81"),
        }
    ]
    plan = SERVICES.plan(context, rows)
    assert not plan.problems and plan.counts["create"] == 1
    SERVICES.apply(context, plan)
    row = ServicePerformance.objects.get(service__slug="sss-adp")
    assert row.period == quarter and row.digital_take_up == Decimal("50.0")
    assert row.service.organisation == world.body_a


@pytest.mark.django_db
def test_only_analysts_send_a_national_services_return(world):
    context = Context(organisation=None, period=None, actor=world.editor_a)
    plan = SERVICES.plan(context, [{"_row": 2, "service": "x", "name": "X", "organisation": "SSS"}])
    assert plan.problems and "analysts" in plan.problems[0].message


def test_service_list_offers_each_category_once(client, world):
    make_service(world.body_a, "sss-a", name="Zebra grant", category="Making a payment")
    make_service(world.body_a, "sss-b", name="Apple grant", category="Registering")
    make_service(world.body_a, "sss-c", name="Mango grant", category="Making a payment")
    response = client.get(reverse("picture:services"))
    choices = [value for value, _ in response.context["form"].fields["category"].choices]
    assert choices == ["", "Making a payment", "Registering"]
