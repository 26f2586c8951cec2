"""The investment demo: believable, labelled illustrative, idempotent; `--scale uk` adds lines fast."""

import io
from decimal import Decimal

import pytest
from django.db.models import Sum

from panorama.finance import demo, selectors
from panorama.finance.models import FinanceLine, FinanceTotal, LegacySystem
from panorama.organisations.models import Organisation

from .conftest import make_body

pytestmark = pytest.mark.django_db


def test_demo_gives_every_body_six_years_mostly_keeping_the_lights_on_and_runs_once(world):
    council = make_body("GCC", "Glasgow City Council", sector="local government")
    council.kind = "council"
    council.save()
    demo.load(scale="demo", stdout=io.StringIO())
    counts = (FinanceLine.objects.count(), LegacySystem.objects.count(), FinanceTotal.objects.count())
    assert FinanceLine.objects.values("period").distinct().count() == demo.YEARS
    assert not FinanceLine.objects.filter(illustrative=False).exists()
    assert not LegacySystem.objects.filter(illustrative=False).exists()
    assert LegacySystem.objects.filter(organisation=council).count() >= 3
    latest = selectors.finance_default_year()
    summary = selectors.finance_summary(period=latest)
    assert Decimal("0.5") < summary.run_share < Decimal("0.9")
    demo.load(scale="demo", stdout=io.StringIO())
    assert (FinanceLine.objects.count(), LegacySystem.objects.count(), FinanceTotal.objects.count()) == counts


def test_uk_scale_lines_are_written_in_bulk_with_their_totals(world, monkeypatch):
    for number in range(3):
        Organisation.objects.create(
            slug=f"ill{number}",
            name=f"Illustrative body {number}",
            short_name=f"ILL{number}",
            sector="local government",
            illustrative=True,
        )
    monkeypatch.setattr(demo, "UK_LINES", 900)
    periods, this_year = demo._years()
    added = demo._uk_lines(periods=periods, this_year=this_year)
    assert added == 900 and FinanceLine.objects.count() == 900
    assert FinanceTotal.objects.aggregate(s=Sum("lines"))["s"] == 900
    assert (
        FinanceTotal.objects.aggregate(s=Sum("amount"))["s"]
        == FinanceLine.objects.aggregate(s=Sum("amount"))["s"]
    )
    line = FinanceLine.objects.first()
    assert line.public_id and line.amount > 0
    assert demo._uk_lines(periods=periods, this_year=this_year) == 0
