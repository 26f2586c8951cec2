"""Demo investment data: finance returns for every public body over six financial years (last year's
not yet sent by a few bodies, this year's budget and forecast still coming in: only an accepted
return's lines are in the figures, and the returns app shows each return), programme funding phased
from the programmes' forecasts, and a legacy systems register of 300+ systems.

All of it is invented and marked illustrative. It is shaped to be believable: about £4bn went on
ICT across the Scottish public sector in the five years to 2017 (Audit Scotland); with more than 200
bodies, each sized from its staff band, the bodies here spend about £1.5bn a year between them ten
years on, and most of it — as the audit warned — keeps the lights on. `--scale uk` adds 1,000,000 finance lines across the illustrative bodies for benchmarks.
"""

import datetime
import random
from decimal import Decimal

from django.db.models import Count

from panorama.core import bulk
from panorama.core.demo_clock import demo_today
from panorama.core.models import Period
from panorama.core.periods import financial_year_of, period_get_or_create
from panorama.organisations.demo import KNOWN_SPEND, digital_spend_range
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme
from panorama.returns.demo import returns_record
from panorama.returns.models import Status

from . import services
from .models import CostCategory, FinanceLine, LegacySystem, LineType, Nature, ProgrammeFunding, RequiredBasis

YEARS = 6
UK_LINES = 1_000_000
PENNY = Decimal("0.01")

# Annual digital spend (£m): sized from each body's staff band (organisations/demo.py), so that
# the largest bodies spend the most.
RUN_MIX = {
    CostCategory.STAFF: 28,
    CostCategory.SOFTWARE: 24,
    CostCategory.CLOUD: 14,
    CostCategory.HARDWARE: 9,
    CostCategory.SERVICES: 19,
    CostCategory.CONTRACTORS: 4,
    CostCategory.OTHER: 2,
}
CHANGE_MIX = {
    CostCategory.STAFF: 30,
    CostCategory.CONTRACTORS: 28,
    CostCategory.SERVICES: 20,
    CostCategory.SOFTWARE: 10,
    CostCategory.CLOUD: 6,
    CostCategory.HARDWARE: 4,
    CostCategory.OTHER: 2,
}
CAPITAL = {CostCategory.HARDWARE, CostCategory.SOFTWARE}

LEGACY_FUNCTIONS = {
    "central government": [
        "Grants management",
        "Payments engine",
        "Casework",
        "Licensing",
        "Records management",
        "HR and payroll",
        "Finance ledger",
        "Customer contact",
        "Document management",
    ],
    "local government": [
        "Council tax and benefits",
        "Social care case management",
        "Housing management",
        "Planning and building standards",
        "Payroll",
        "Finance ledger",
        "Electoral registration",
        "Waste collection scheduling",
        "Library management",
        "School admissions",
    ],
    "health and care": [
        "Patient administration",
        "Laboratory information",
        "Radiology imaging archive",
        "Theatre scheduling",
        "Prescribing",
        "Clinical letters",
        "Rostering",
        "Pharmacy stock",
    ],
    "justice": [
        "Case management",
        "Custody records",
        "Crime recording",
        "Court scheduling",
        "Evidence management",
        "Fines collection",
        "Offender management",
    ],
    "education": [
        "Student records",
        "Virtual learning environment",
        "Admissions",
        "Exam results",
        "Research grants",
        "Timetabling",
    ],
}
TECHNOLOGIES = [
    ("COBOL on an IBM mainframe", 1988),
    ("Oracle Forms 6i", 1999),
    ("Visual Basic 6 and SQL Server 2005", 2002),
    ("Microsoft Access databases", 2004),
    ("SAP R/3 on premises", 2001),
    ("Lotus Notes", 1998),
    ("Java EE on WebLogic 10", 2009),
    (".NET Framework 3.5 on Windows Server 2012", 2012),
    ("PowerBuilder client-server", 2000),
    ("Perl CGI on Solaris", 1997),
    ("Delphi desktop client", 2003),
    ("Progress OpenEdge 10", 2006),
]
SUPPLIERS = [
    "Caledon Systems",
    "Forth Data Services",
    "Clyde Computing",
    "Grampian Software",
    "Tay Technology Partners",
    "Lomond IT",
    "Border Business Systems",
    "Highland Digital",
    "In-house",
]


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, 2))).quantize(PENNY)


def _split(total: float, mix: dict, rng: random.Random) -> dict:
    weights = {k: w * rng.uniform(0.75, 1.25) for k, w in mix.items()}
    whole = sum(weights.values())
    return {k: total * w / whole for k, w in weights.items()}


def _bodies():
    return Organisation.objects.filter(active=True, illustrative=False).exclude(
        sector__in=["industry", "third sector"]
    )


def _years() -> tuple[list[Period], int]:
    this_year = financial_year_of(demo_today())
    return [period_get_or_create(year=y) for y in range(this_year - YEARS + 1, this_year + 1)], this_year


def load(*, scale: str, stdout) -> None:
    periods, this_year = _years()
    funded = _funding(stdout=stdout)
    made = _finance(periods=periods, this_year=this_year)
    systems = _legacy(stdout=stdout)
    stdout.write(
        f"  investment: {made} finance lines, funding for {funded} programmes, {systems} legacy systems added"
    )
    if scale == "uk":
        added = _uk_lines(periods=periods, this_year=this_year)
        stdout.write(f"  investment for --scale uk: {added} finance lines added")


# --- Programme funding ---------------------------------------------------------------------------------


def _funding(*, stdout) -> int:
    """Required funding phased from every programme's forecast; secured funding recorded as a believable
    share of it (all of it for years already past)."""
    this_year = financial_year_of(demo_today())
    programmes = list(
        Programme.objects.exclude(pk__in=ProgrammeFunding.objects.values("programme_id")).order_by("pk")
    )
    rows = []
    periods: dict[int, Period] = {}
    for programme in programmes:
        rng = random.Random(f"funding-{programme.public_id}")
        # Some programmes have barely a third of what they need; most have most of it.
        coverage = rng.choice([0.35, 0.55, 0.7, 0.8, 0.9, 1.0, 1.0])
        for year, required in services.programme_required_phasing(programme):
            if year not in periods:
                periods[year] = period_get_or_create(year=year)
            if year < this_year:
                secured = required
            elif year == this_year:
                secured = min(required, _money(float(required) * min(1.0, coverage + 0.2)))
            else:
                secured = _money(float(required) * coverage * rng.uniform(0.6, 1.0))
            rows.append(
                ProgrammeFunding(
                    programme=programme,
                    period=periods[year],
                    required=required,
                    required_basis=RequiredBasis.PHASED,
                    secured=secured,
                    source="Illustrative: sponsor budget" if secured else "",
                    illustrative=True,
                )
            )
    ProgrammeFunding.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len({row.programme_id for row in rows})


# --- Finance returns ----------------------------------------------------------------------------------


def _body_lines(
    organisation: Organisation, periods: list[Period], this_year: int, programmes: list[Programme]
) -> list[FinanceLine]:
    rng = random.Random(f"finance-{organisation.short_name}")
    low, high = digital_spend_range(organisation)
    base = rng.uniform(low, high) * 750_000
    run_share = rng.uniform(0.58, 0.84)
    phasing = {p.pk: dict(services.programme_required_phasing(p)) for p in programmes}
    lines = []
    for index, period in enumerate(periods):
        growth = (1 + rng.uniform(0.01, 0.06)) ** index
        total = base * growth
        # Bodies shift a little towards change over time, but most still keeps the lights on.
        share = max(0.5, run_share - 0.01 * index + rng.uniform(-0.02, 0.02))
        types = [LineType.BUDGET, LineType.ACTUAL if period.year < this_year else LineType.FORECAST]
        for line_type in types:
            wobble = 1.0 if line_type == LineType.BUDGET else rng.uniform(0.93, 1.09)
            run_total = total * share * wobble
            change_total = total * (1 - share) * wobble
            for category, amount in _split(run_total, RUN_MIX, rng).items():
                lines.append(_line(organisation, period, line_type, Nature.RUN, category, amount, None))
            programme_spend = 0.0
            for programme in programmes:
                amount = float(phasing[programme.pk].get(period.year, 0))
                if line_type != LineType.BUDGET:
                    amount *= rng.uniform(0.9, 1.12)
                if amount <= 0:
                    continue
                programme_spend += amount
                for category, part in _split(
                    amount,
                    {
                        CostCategory.STAFF: 3,
                        CostCategory.CONTRACTORS: 4,
                        CostCategory.SERVICES: 2,
                        CostCategory.SOFTWARE: 1,
                    },
                    rng,
                ).items():
                    lines.append(
                        _line(organisation, period, line_type, Nature.CHANGE, category, part, programme)
                    )
            remainder = max(change_total - programme_spend, change_total * 0.15)
            for category, amount in _split(remainder, CHANGE_MIX, rng).items():
                lines.append(_line(organisation, period, line_type, Nature.CHANGE, category, amount, None))
    return lines


def _line(
    organisation, period, line_type, nature, category, amount, programme, description=""
) -> FinanceLine:
    return FinanceLine(
        organisation=organisation,
        period=period,
        line_type=line_type,
        nature=nature,
        funding="capital"
        if (category in CAPITAL and nature == Nature.CHANGE) or category == CostCategory.HARDWARE
        else "resource",
        category=category,
        programme=programme,
        description=description,
        amount=_money(amount),
        illustrative=True,
    )


def _return_status(organisation: Organisation, year: int, this_year: int) -> str | None:
    """Whether the body sent its finance return for the year, and where it stands; None if it has
    not sent it. Only an accepted return's lines are in the figures, as the workflow would have it.
    Years before last have no window in the demo and are taken as accepted."""
    if year < this_year - 1 or organisation.short_name in KNOWN_SPEND or organisation.short_name == "DS":
        return Status.ACCEPTED
    roll = random.Random(f"finance-return-{organisation.short_name}-{year}").random()
    if year == this_year - 1:  # past due: most accepted, a few never sent
        return Status.ACCEPTED if roll < 0.96 else None
    # This year's return of budget and forecast, due after the year ends: most in, some on the way.
    return (
        Status.ACCEPTED
        if roll < 0.75
        else Status.SUBMITTED
        if roll < 0.85
        else Status.DRAFT
        if roll < 0.9
        else None
    )


def _return_row(line: FinanceLine) -> dict:
    return {
        "line_type": line.line_type,
        "change_or_run": line.nature,
        "capital_or_resource": line.funding,
        "programme": (line.programme.external_ref or line.programme.title) if line.programme else None,
        "category": line.category,
        "description": line.description or None,
        "amount": line.amount,
    }


def _finance(*, periods: list[Period], this_year: int) -> int:
    has_lines = set(FinanceLine.objects.values_list("organisation_id", flat=True).distinct())
    programmes_by_body: dict[int, list[Programme]] = {}
    for programme in Programme.objects.order_by("pk"):
        programmes_by_body.setdefault(programme.organisation_id, []).append(programme)
    made = []
    touched = []
    sent: dict[Period, dict[Organisation, tuple[str, list[dict]]]] = {}
    for organisation in _bodies().order_by("pk"):
        if organisation.pk in has_lines:
            continue
        lines = _body_lines(organisation, periods, this_year, programmes_by_body.get(organisation.pk, []))
        for period in periods:
            status = _return_status(organisation, period.year, this_year)
            if status is None:
                continue
            of_period = [line for line in lines if line.period is period]
            if status == Status.ACCEPTED:
                made.extend(of_period)
            if period.year >= this_year - 1:  # the years with return windows
                sent.setdefault(period, {})[organisation] = (
                    status,
                    [_return_row(line) for line in of_period],
                )
        touched.append(organisation.pk)
    FinanceLine.objects.bulk_create(made, batch_size=2000)
    if touched:
        services.finance_totals_refresh(organisation_ids=touched)
    for period, returns in sent.items():
        returns_record(kind="finance", period=period, sent=returns)
    return len(made)


# --- Legacy systems -----------------------------------------------------------------------------------


def _legacy(*, stdout) -> int:
    today = demo_today()
    has_systems = set(LegacySystem.objects.values_list("organisation_id", flat=True).distinct())
    programmes_by_body: dict[int, list[Programme]] = {}
    for programme in Programme.objects.order_by("pk"):
        programmes_by_body.setdefault(programme.organisation_id, []).append(programme)
    systems = []
    for organisation in _bodies().order_by("pk"):
        if organisation.pk in has_systems:
            continue
        systems.extend(_body_systems(organisation, today, programmes_by_body.get(organisation.pk, [])))
    LegacySystem.objects.bulk_create(systems, batch_size=1000, ignore_conflicts=True)
    return len(systems)


def _body_systems(
    organisation: Organisation, today: datetime.date, programmes: list[Programme]
) -> list[LegacySystem]:
    rng = random.Random(f"legacy-{organisation.short_name}")
    functions = LEGACY_FUNCTIONS.get(organisation.sector, LEGACY_FUNCTIONS["central government"])
    if organisation.sector == "health and care" and organisation.kind != "territorial health board":
        # Only the territorial boards run hospitals' laboratories and theatres.
        functions = LEGACY_FUNCTIONS["central government"]
    low, high = digital_spend_range(organisation)
    size = (low + high) / 2
    if organisation.kind == "integration joint board":
        return []  # its partners' systems: the council's and the health board's
    # A commissioner's office has a case system and a ledger, not a data centre's worth.
    count = (1 if size < 0.5 else 2 if size < 2 else 3 + min(4, int(size // 12))) + rng.randint(0, 1)
    if size < 2:
        functions = ["Records management", "Finance ledger", "Casework", "Document management"]
    systems = []
    for function in rng.sample(functions, min(count, len(functions))):
        technology, since = rng.choice(TECHNOLOGIES)
        roll = rng.random()
        if roll < 0.28:
            end = today - datetime.timedelta(days=rng.randint(60, 2500))
        elif roll < 0.62:
            end = today + datetime.timedelta(days=rng.randint(30, 1100))
        elif roll < 0.95:
            end = today + datetime.timedelta(days=rng.randint(1100, 4200))
        else:
            end = None
        past = end is not None and end < today
        programme = rng.choice(programmes) if programmes and rng.random() < 0.45 else None
        systems.append(
            LegacySystem(
                organisation=organisation,
                name=f"{function} system",
                business_function=function,
                technology=technology,
                supplier=rng.choice(SUPPLIERS),
                year_into_service=min(today.year - 3, since + rng.randint(0, 8)),
                contract_end=(end + datetime.timedelta(days=rng.randint(-400, 400))) if end else None,
                end_of_support=end,
                annual_run_cost=_money(size * 1_000_000 * rng.uniform(0.004, 0.03)),
                risk=min(5, max(1, rng.randint(1, 3) + (2 if past else 0))),
                users_affected=int(size * rng.uniform(200, 6000)),
                replacing_programme=programme,
                notes="Illustrative: invented for the demonstration.",
                illustrative=True,
            )
        )
    return systems


# --- The large synthetic picture ---------------------------------------------------------------------


def _uk_lines(*, periods: list[Period], this_year: int) -> int:
    """Top the lines up to 1,000,000, spread over the illustrative bodies, quickly: written in bulk
    as a finance return's lines are (core/bulk.py), then the totals rebuilt once."""
    missing = UK_LINES - FinanceLine.objects.count()
    bodies = list(Organisation.objects.filter(illustrative=True).order_by("pk").values_list("pk", flat=True))
    if missing <= 0 or not bodies:
        return 0
    done = dict(
        FinanceLine.objects.filter(organisation_id__in=bodies)
        .values_list("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    per_body = missing // len(bodies) + 1
    categories = list(CostCategory.values)
    rng = random.Random("uk-scale")

    def lines():
        added = 0
        for body_id in bodies:
            if added >= missing:
                return
            if done.get(body_id):
                continue
            run_share = rng.uniform(0.55, 0.85)
            count = min(per_body, missing - added)
            for number in range(count):
                period = periods[number % len(periods)]
                line_type = (
                    LineType.BUDGET
                    if number % 2
                    else (LineType.ACTUAL if period.year < this_year else LineType.FORECAST)
                )
                category = categories[number % len(categories)]
                yield (
                    body_id,
                    period.pk,
                    line_type,
                    Nature.RUN if rng.random() < run_share else Nature.CHANGE,
                    "capital" if category == CostCategory.HARDWARE else "resource",
                    category,
                    f"Cost centre {number:04d}",
                    _money(rng.uniform(500, 60000)),
                )
            added += count

    added = bulk.insert_rows(
        model=FinanceLine,
        fields=[
            "organisation_id",
            "period_id",
            "line_type",
            "nature",
            "funding",
            "category",
            "description",
            "amount",
        ],
        rows=lines(),
        constants={"illustrative": True, "programme_id": None},
    )
    services.finance_totals_refresh(organisation_ids=bodies)
    return added
