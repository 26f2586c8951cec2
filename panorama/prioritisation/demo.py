"""Two demo scenarios over the next three financial years: the whole register with a budget 15 %
below what the candidates forecast, and the same budget with health and care's programmes protected
(every programme in the health and care sector kept). Both are run once, so the
pages show a result straight away. Idempotent: scenarios are matched by name."""

from decimal import Decimal

from panorama.accounts.models import User
from panorama.core import periods as period_tools
from panorama.core.demo_clock import demo_today

from . import analysis, services
from .models import Scenario

BELOW_FORECAST = Decimal("0.85")
FIRST = "Budget 15% below forecast"
SECOND = "Budget 15% below forecast, protecting health"


def _forecast_by_year(years: list[str]) -> dict[str, Decimal]:
    scenario = Scenario(name="(forecast)", years=years, envelopes={}, lock_advanced=False, lock_tag="")
    problem, _ = analysis.build(scenario=scenario)
    total = {y: Decimal(0) for y in years}
    for c in problem.candidates:
        for y, amount in c.cost.items():
            total[y] += Decimal(str(amount))
    return total


def load(*, scale: str = "demo", stdout=None) -> None:
    if scale != "demo" and Scenario.objects.filter(name=FIRST).exists():
        return
    start = period_tools.financial_year_of(demo_today())
    years = [period_tools.label_for(start + i) for i in range(3)]
    actor = User.objects.filter(email="analyst@demo.scot").first()
    total = _forecast_by_year(years)
    if not any(total.values()):
        return
    budget = {y: str((total[y] * BELOW_FORECAST).quantize(Decimal("1"))) for y in years}
    specs = [
        {
            "name": FIRST,
            "description": "Every active programme in the register, with 15% less money each year than they forecast between them. Only programmes tagged as legally required are kept whatever the cost.",
            "envelopes": {"total": budget},
        },
        {
            "name": SECOND,
            "description": "The same budget, with every health and care programme kept whatever it costs: the rest of the public sector makes the saving.",
            "envelopes": {"total": budget},
            "lock_sectors": ["health and care"],
        },
    ]
    for spec in specs:
        scenario = Scenario.objects.filter(name=spec["name"]).first()
        if scenario is None:
            data = {
                "years": years,
                "illustrative": True,
                "lock_advanced": False,
                "hiring": {"*": "20"},
                "confidence_penalty": Decimal("0.5"),
                **spec,
            }
            scenario = services.scenario_create(actor=actor, data=data)
            services.scenario_run(actor=actor, scenario=scenario)
            if stdout:
                stdout.write(f"  prioritisation: {scenario.name}\n")
