"""Every total reconciles: the same figure reached through any breakdown."""

import datetime
from decimal import Decimal

import pytest

from panorama.finance import selectors, services
from panorama.finance.models import FinanceLine, FinanceTotal, ProgrammeFunding

from .conftest import make_body
from .finance_factories import commitment, legacy, line, programme, refresh, year

pytestmark = pytest.mark.django_db


@pytest.fixture
def spend(world):
    council = make_body("EDC", "City of Edinburgh Council", sector="local government")
    for start in (2023, 2024):
        line(world.body_a, start, "700000.10", nature="run")
        line(world.body_a, start, "300000.05", nature="change", category="staff")
        line(world.body_b, start, "120000.00", nature="run", category="cloud and hosting")
        line(world.body_b, start, "0.01", nature="change", funding="capital")
        line(council, start, "555555.55", nature="run", category="hardware")
        line(council, start, "1.00", nature="run", line_type="budget")
    refresh()
    return council


def test_totals_equal_the_lines_they_summarise(spend):
    from django.db.models import Sum

    assert (
        FinanceTotal.objects.aggregate(s=Sum("amount"))["s"]
        == FinanceLine.objects.aggregate(s=Sum("amount"))["s"]
    )
    assert FinanceTotal.objects.aggregate(s=Sum("lines"))["s"] == FinanceLine.objects.count()


def test_sector_and_body_breakdowns_add_up_to_the_national_total(spend):
    period = year(2024)
    national = selectors.finance_summary(period=period)
    assert national.total == Decimal("1675555.71")
    by_sector = selectors.spend_by_sector(period=period)
    by_body = selectors.spend_by_body(period=period)
    for part in ("run", "change", "total"):
        assert sum(getattr(r, part) for r in by_sector) == getattr(national, part)
        assert sum(getattr(r, part) for r in by_body) == getattr(national, part)
    sector_summaries = [selectors.finance_summary(period=period, sector=r.key) for r in by_sector]
    assert sum(s.total for s in sector_summaries) == national.total
    body_summaries = [selectors.finance_summary(period=period, organisation=r.key) for r in by_body]
    assert sum(s.run for s in body_summaries) == national.run
    by_year = {r.label: r for r in selectors.spend_by_year()}
    assert by_year["2024-25"].total == national.total


def test_run_share_is_run_over_total(spend):
    summary = selectors.finance_summary(period=year(2024), sector="local government")
    assert summary.run_share == Decimal("1.0000")
    national = selectors.finance_summary(period=year(2024))
    assert national.run_share == (national.run / national.total).quantize(Decimal("0.0001"))


def test_budget_lines_are_a_separate_basis(spend):
    assert selectors.finance_summary(period=year(2024), basis="budget").total == Decimal("1.00")


def test_required_funding_is_phased_to_the_penny_across_financial_years():
    parts = services.phase_whole_life_cost(
        total=Decimal("1000000.00"), start=datetime.date(2024, 10, 1), end=datetime.date(2026, 9, 30)
    )
    assert [y for y, _ in parts] == [2024, 2025, 2026]
    assert sum(a for _, a in parts) == Decimal("1000000.00")
    assert parts[1][1] > parts[0][1]


def test_funding_gap_reconciles_from_programme_to_commitment_ambition_body_sector_and_nation(world):
    council = make_body("EDC", "City of Edinburgh Council", sector="local government")
    shared = programme(world.body_a, "Shared", forecast="1000000.01")
    single = programme(world.body_b, "Single", forecast="333333.33")
    unlinked = programme(council, "Unlinked", forecast="50000")
    first, second = commitment("1.1", ambition_number=1), commitment("2.1", ambition_number=2)
    shared.commitments.add(first, second)
    single.commitments.add(first)
    for p in (shared, single, unlinked):
        services.funding_rephase(actor=None, programme=p)
    services.funding_set(
        actor=None, programme=shared, period=year(2024), secured=Decimal("100000.01"), required=None
    )
    national = selectors.funding_national()
    assert national.required == Decimal("1383333.34")
    for rows in (
        selectors.funding_by_programme(),
        selectors.funding_by_commitment(),
        selectors.funding_by_ambition(),
        selectors.funding_by_body(),
        selectors.funding_by_sector(),
    ):
        assert sum(r.required for r in rows) == national.required
        assert sum(r.available for r in rows) == national.available
        assert sum(r.gap for r in rows) == national.gap
    labels = {r.label for r in selectors.funding_by_ambition()}
    assert selectors.NOT_LINKED in labels
    for period in selectors.funding_years():
        assert selectors.finance_summary(period=period).gap == selectors.funding_national(period=period).gap


def test_ambition_shares_summed_in_the_database_match_the_commitment_breakdown_to_the_penny(world):
    council = make_body("EDC", "City of Edinburgh Council", sector="local government")
    three_ways = programme(world.body_a, "Three ways", forecast="1000000.02")
    two_ways = programme(council, "Two ways", forecast="333333.33")
    unlinked = programme(world.body_b, "Unlinked", forecast="50000")
    first, second = commitment("1.1", ambition_number=1), commitment("1.2", ambition_number=1)
    third = commitment("2.1", ambition_number=2)
    three_ways.commitments.add(first, second, third)
    two_ways.commitments.add(second, third)
    for p in (three_ways, two_ways, unlinked):
        services.funding_rephase(actor=None, programme=p)
    services.funding_set(
        actor=None, programme=three_ways, period=year(2024), secured=Decimal("100000.01"), required=None
    )

    def rows(ambition_rows):
        return [(r.label, r.key, r.required, r.available) for r in ambition_rows]

    for period, sector in [
        (None, ""),
        (year(2024), ""),
        (None, "local government"),
        (year(2025), "central government"),
    ]:
        in_python = selectors.funding_by_ambition(
            by_commitment=selectors.funding_by_commitment(period=period, sector=sector)
        )
        assert rows(selectors.funding_by_ambition(period=period, sector=sector)) == rows(in_python)
    national = selectors.funding_national()
    everything = selectors.funding_by_ambition()
    assert sum(r.required for r in everything) == national.required
    assert sum(r.available for r in everything) == national.available
    assert selectors.NOT_LINKED in {r.label for r in everything}


def test_rephasing_follows_a_new_forecast_but_keeps_recorded_years(world):
    p = programme(world.body_a, "Benefits", forecast="1200000")
    services.funding_rephase(actor=None, programme=p)
    services.funding_set(
        actor=world.editor_a, programme=p, period=year(2024), secured=Decimal(5), required=Decimal(7)
    )
    p.wlc_forecast = Decimal("2400000")
    p.save()
    services.funding_rephase(actor=None, programme=p)
    rows = {f.period.year: f for f in ProgrammeFunding.objects.filter(programme=p)}
    assert rows[2024].required == Decimal(7)
    assert rows[2025].required > Decimal("1200000") * Decimal("0.4")


def test_legacy_cliff_adds_up_to_the_whole_register(world):
    today = datetime.date(2026, 11, 25)
    p = programme(world.body_a, "Replacement")
    legacy(world.body_a, "Old", end_of_support=datetime.date(2020, 1, 1), cost="100", programme=p)
    legacy(world.body_a, "Soon", end_of_support=datetime.date(2027, 2, 1), cost="200")
    legacy(world.body_b, "Later", end_of_support=datetime.date(2031, 6, 1), cost="300")
    legacy(world.body_b, "Far", end_of_support=datetime.date(2045, 1, 1), cost="400")
    legacy(world.body_b, "Unknown", end_of_support=None, cost="500")
    cliff = selectors.legacy_cliff(today=today)
    assert sum(c.run_cost for c in cliff) == Decimal("1500")
    assert cliff[0].run_cost == Decimal("100") and cliff[0].without_replacement == 0
    assert cliff[1].label == "2026-27" and cliff[1].run_cost == Decimal("200")
    assert cliff[-2].run_cost == Decimal("400") and cliff[-1].run_cost == Decimal("500")
    exposure = selectors.legacy_exposure(today=today)
    assert (exposure.past_cost, exposure.near_cost, exposure.no_replacement) == (
        Decimal(100),
        Decimal(200),
        4,
    )
    only_a = selectors.legacy_cliff(today=today, visible={world.body_a.pk})
    assert sum(c.run_cost for c in only_a) == Decimal("300")


def test_funding_by_commitment_names_a_commitment_as_it_is_now(world):
    """The breakdown is kept between requests; an edited commitment must not be shown as it was."""
    from panorama.strategy import services as strategy_services

    funded = programme(world.body_a, "Funded", forecast="1000")
    first = commitment("1.1", ambition_number=1)
    funded.commitments.add(first)
    services.funding_rephase(actor=None, programme=funded)
    before = {r.key.pk: r.label for r in selectors.funding_by_commitment() if r.key is not None}
    strategy_services.commitment_update(
        actor=world.analyst, commitment=first, version=first.version, data={"text": "Renamed commitment"}
    )
    after = {r.key.pk: r.label for r in selectors.funding_by_commitment() if r.key is not None}
    assert before[first.pk] != after[first.pk]
    assert "Renamed commitment" in after[first.pk]
