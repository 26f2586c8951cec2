"""Small builders for the finance tests: only the rows each test needs."""

import datetime
from decimal import Decimal

from panorama.core.periods import period_get_or_create
from panorama.finance import services
from panorama.finance.models import FinanceLine, LegacySystem
from panorama.programmes.models import Programme


def year(start: int):
    return period_get_or_create(year=start)


def line(
    organisation,
    start: int,
    amount: str,
    *,
    nature="run",
    line_type="actual",
    category="software",
    programme=None,
    funding="resource",
    description="",
):
    return FinanceLine.objects.create(
        organisation=organisation,
        period=year(start),
        line_type=line_type,
        nature=nature,
        funding=funding,
        category=category,
        programme=programme,
        description=description,
        amount=Decimal(amount),
    )


def refresh() -> None:
    services.finance_totals_refresh()


def programme(
    organisation, title: str, *, baseline="1000000", forecast="1200000", start=(2024, 4, 1), end=(2026, 3, 31)
):
    return Programme.objects.create(
        organisation=organisation,
        title=title,
        wlc_baseline=Decimal(baseline) if baseline is not None else None,
        wlc_forecast=Decimal(forecast) if forecast is not None else None,
        start_forecast=datetime.date(*start),
        end_forecast=datetime.date(*end),
    )


def commitment(reference: str, *, ambition_number: int = 1, strategy_slug: str = "changing-nation"):
    from panorama.strategy.models import Ambition, Commitment, Strategy

    strategy, _ = Strategy.objects.get_or_create(
        slug=strategy_slug, defaults={"title": "A changing nation", "short_title": "A changing nation"}
    )
    ambition, _ = Ambition.objects.get_or_create(
        strategy=strategy, number=ambition_number, defaults={"title": f"Ambition {ambition_number}"}
    )
    return Commitment.objects.create(ambition=ambition, reference=reference, text=f"We will {reference}")


def legacy(organisation, name: str, *, end_of_support=None, cost="100000", risk=3, programme=None):
    return LegacySystem.objects.create(
        organisation=organisation,
        name=name,
        business_function="Paying benefits",
        end_of_support=end_of_support,
        annual_run_cost=Decimal(cost),
        risk=risk,
        replacing_programme=programme,
    )
