"""The national dashboard: its figures follow the data at once, in a fixed number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panorama.core.periods import period_for_date
from panorama.finance import services as finance
from panorama.picture import figures
from panorama.strategy.models import Commitment

from .finance_factories import commitment, line, programme, refresh, year

pytestmark = pytest.mark.django_db

# Everything the analyst's dashboard shows, with every section filled: the pin guards against a
# figure that starts querying per row (per programme, per body, per commitment).
DASHBOARD_QUERIES = 39  # every catalogue figure (radar.moved and services.improving included) with its coverage, which period to open on, and the data version


def _fund(body, title: str, *commitments):
    p = programme(body, title, forecast="900000.01", start=(2025, 4, 1), end=(2027, 3, 31))
    p.commitments.add(*commitments)
    finance.funding_rephase(actor=None, programme=p)
    return p


@pytest.fixture
def funded(world):
    this_year = figures.scope_for("").year
    first, second = commitment("1.1", ambition_number=1), commitment("2.1", ambition_number=2)
    _fund(world.body_a, "Shared", first, second)
    _fund(world.body_b, "Single", first)
    _fund(world.body_b, "Unlinked")
    line(world.body_a, this_year, "700000.10", nature="run")
    line(world.body_b, this_year, "300000.05", nature="change")
    refresh()
    return first, second


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("picture:dashboard")).status_code == 200
    return len(captured.captured_queries)


def test_dashboard_queries_stay_the_same_however_many_programmes(client, world, funded):
    client.force_login(world.analyst)
    first, second = funded
    before = _queries(client)
    assert before <= DASHBOARD_QUERIES
    for n in range(12):
        _fund(world.body_a if n % 2 else world.body_b, f"More {n}", first, second)
    assert _queries(client) == before


def test_dashboard_money_adds_up_by_sector_and_by_ambition(client, world, funded):
    client.force_login(world.analyst)
    context = client.get(reverse("picture:dashboard")).context
    money = context["money"]
    assert money.run == Decimal("700000.10") and money.change == Decimal("300000.05")
    gap = context["r"]["investment"]["funding_gap"].value
    assert gap == money.required - money.secured and gap > 0
    by_ambition = context["charts"]["funding-gap"]
    assert sum(Decimal(str(row[1])) for row in by_ambition.rows) == gap


def test_dashboard_figures_follow_a_change_made_behind_its_back(client, world, funded):
    """No figure is kept between requests: a bulk update that leaves no audit trail and adds no
    row (as another worker process or an import might make) shows on the very next view."""
    client.force_login(world.analyst)
    first, _ = funded
    Commitment.objects.update(owner=world.body_a, accountable_person="Chief Digital Officer")
    before = client.get(reverse("picture:dashboard")).context["r"]["commitments"]["unowned"]
    Commitment.objects.filter(pk=first.pk).update(owner=None)
    after = client.get(reverse("picture:dashboard")).context["r"]["commitments"]["unowned"]
    assert after.value == before.value + 1
    year_period = year(figures.scope_for("").year)
    from panorama.finance.models import ProgrammeFunding

    ProgrammeFunding.objects.filter(period=year_period).update(secured=0)
    money = client.get(reverse("picture:dashboard")).context["money"]
    assert money.secured == Decimal("0.00")


def test_dashboard_lists_the_last_eight_quarters_without_creating_periods(client, world):
    from panorama.core.models import Period

    periods = Period.objects.count()
    with time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False):
        choices = client.get(reverse("picture:dashboard")).context["periods"]
        assert figures.scope_for("").label == "2026-27 Q3"
    assert Period.objects.count() == periods
    quarters = [c for c in choices if " Q" in c]
    assert quarters[:8] == [
        "2026-27 Q3",
        "2026-27 Q2",
        "2026-27 Q1",
        "2025-26 Q4",
        "2025-26 Q3",
        "2025-26 Q2",
        "2025-26 Q1",
        "2024-25 Q4",
    ]


def test_largest_skills_gaps_rank_roles_by_vacancies_then_name(world):
    from panorama.picture import sources
    from panorama.skills.models import Role, RoleFamily, WorkforceLine

    family = RoleFamily.objects.create(name="Digital", slug="digital", position=1)
    period = year(figures.scope_for("").year)
    vacancies = {
        "Architect": ["2.0", "1.5"],
        "Analyst": ["3.5", "0"],
        "Tester": ["1.0", "2.5"],
        "Writer": ["0.5"],
    }
    for name, per_body in vacancies.items():
        role = Role.objects.create(family=family, name=name, slug=name.lower())
        for body, vacant in zip((world.body_a, world.body_b), per_body, strict=False):
            WorkforceLine.objects.create(
                organisation=body,
                period=period,
                role=role,
                established=Decimal(10),
                permanent=Decimal(10) - Decimal(vacant),
                contractors=Decimal(0),
                vacancies=Decimal(vacant),
            )
    gaps = sources.skills_gaps(scope=figures.scope_for(""), user=world.analyst, limit=3)
    assert [(g["label"], g["vacancies"]) for g in gaps] == [
        ("Analyst", Decimal("3.5")),
        ("Architect", Decimal("3.5")),
        ("Tester", Decimal("3.5")),
    ]
    assert gaps[0]["vacancy_rate"] == Decimal("0.175")


def test_the_picture_opens_on_the_quarter_bodies_are_reporting_on(world):
    """Returns for a quarter are asked for once it has ended: with none asked, the picture opens on
    the current quarter; once a window is opened for the last one, it opens there."""
    from panorama.returns.models import ReturnWindow

    with time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False):
        assert figures.scope_for().label == "2026-27 Q3"
        last = period_for_date(datetime.date(2026, 9, 30))
        ReturnWindow.objects.create(kind="progress", period=last, due_on=datetime.date(2026, 12, 7))
        assert figures.scope_for().label == "2026-27 Q2"
        assert figures.scope_for("2026-27 Q3").label == "2026-27 Q3"  # a period asked for is that period


def test_the_status_chart_keys_every_status_in_its_own_colour_and_names_ambitions_whole(world):
    from panorama.picture.views import _charts

    first = commitment("1.1", ambition_number=1)
    first.ambition.title = "People and Places: digital public services for everyone"
    first.ambition.save()
    Commitment.objects.filter(pk=first.pk).update(status="off track")
    svg = str(_charts(figures.scope_for(""), world.analyst)["ambitions"].svg)
    # Each legend key is filled with its status's pattern: that status's colour under its hatching.
    colours = dict(re.findall(r'<pattern id="([^"]+)"[^>]*><rect [^>]*fill="(#[0-9a-f]{6})"/>', svg))
    keys = re.findall(r'<rect [^>]*fill="url\(#([^)]+)\)"[^>]*/><text [^>]*>([^<]+)</text>', svg)
    by_name = {name: colours[pattern] for pattern, name in keys}
    assert set(by_name) == {"Complete", "On track", "At risk", "Off track", "Not started", "Dropped"}
    assert by_name["Off track"] == "#d32205" and by_name["On track"] == "#428542"  # red and green
    assert "People and Places:" in svg and "everyone" in svg


def test_money_charts_write_amounts_as_the_page_does_with_the_pound_sign_first(client, world, funded):
    client.force_login(world.analyst)
    charts = client.get(reverse("picture:dashboard")).context["charts"]
    for name in ("spend-by-sector", "funding-gap"):
        labels = re.findall(r">([^<>]*\d[^<>]*)</text>", str(charts[name].svg))
        amounts = [text for text in labels if re.fullmatch(r"-?£?[\d.,]+(k|m|bn)?", text)]
        assert amounts, name
        assert all("£" in text for text in amounts if text not in ("0",)), (name, amounts)
