"""Skills demo data: the role taxonomy (reference data), illustrative workforce returns for every
public body over seven financial years (last year's not yet sent by a few bodies, which have no
figures for it; the others' accepted returns are recorded in the returns app), programme needs for
the demo programmes, and initiatives.

Every figure here is invented and marked illustrative, except the shape the audit reported:
Social Security Scotland ran at about a 30% vacancy rate in 2019 (domain.md §5). Idempotent: rows
that exist are left alone, so a second run adds nothing.
"""

import random
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from panorama.core import periods as period_tools
from panorama.core.demo_clock import demo_today
from panorama.organisations.demo import digital_spend
from panorama.organisations.models import Organisation, Sector
from panorama.programmes.models import Phase, Programme
from panorama.returns.demo import returns_record
from panorama.returns.models import Status

from .models import (
    Initiative,
    InitiativeKind,
    InitiativeTarget,
    ProgrammeNeed,
    Role,
    RoleFamily,
    WorkforceLine,
)
from .services import roles_load_reference

YEARS = list(range(2019, 2026))  # 2019-20 … 2025-26
TENTH = Decimal("0.1")

# Roles every body with a digital function reports, and those only larger bodies have.
CORE_ROLES = [
    "developer",
    "delivery-manager",
    "business-analyst",
    "infrastructure-engineer",
    "it-service-manager",
    "service-desk-manager",
    "cyber-security-analyst",
    "data-analyst",
    "product-manager",
    "user-researcher",
]
CHIEF_ROLES = ["chief-digital-officer", "chief-data-officer", "chief-information-security-officer"]
LARGER_ROLES = [
    "frontend-developer",
    "devops-engineer",
    "cloud-engineer",
    "solution-architect",
    "security-architect",
    "data-engineer",
    "data-scientist",
    "content-designer",
    "interaction-designer",
    "service-designer",
    "test-engineer",
    "programme-delivery-manager",
    "commercial-specialist",
    "enterprise-architect",
    "performance-analyst",
    "accessibility-specialist",
]
# The audit's scarce skills (commercial and programme management, software and web development,
# cloud, cyber security, data science) run at higher vacancy rates in the illustration.
SCARCITY = {
    "data-scientist": Decimal("2.0"),
    "ml-engineer": Decimal("2.0"),
    "security-architect": Decimal("1.8"),
    "cyber-security-analyst": Decimal("1.8"),
    "cloud-engineer": Decimal("1.7"),
    "devops-engineer": Decimal("1.6"),
    "commercial-specialist": Decimal("1.6"),
    "programme-delivery-manager": Decimal("1.5"),
    "developer": Decimal("1.4"),
    "frontend-developer": Decimal("1.4"),
    "data-engineer": Decimal("1.5"),
    "solution-architect": Decimal("1.3"),
    "service-desk-manager": Decimal("0.5"),
    "it-service-manager": Decimal("0.6"),
    "business-analyst": Decimal("0.8"),
    "content-designer": Decimal("0.8"),
}
CONTRACTOR_HEAVY = {
    "solution-architect",
    "security-architect",
    "enterprise-architect",
    "devops-engineer",
    "cloud-engineer",
    "data-engineer",
    "programme-delivery-manager",
    "developer",
}
SECTOR_FACTOR = {
    Sector.HEALTH: Decimal("1.1"),
    Sector.LOCAL: Decimal("1.05"),
    Sector.JUSTICE: Decimal("1.0"),
    Sector.CENTRAL: Decimal("0.9"),
    Sector.EDUCATION: Decimal("0.85"),
}
# Each role family is hardest to fill in one sector (illustrative).
HARDEST_SECTOR = {
    "architecture": Sector.JUSTICE,
    "data": Sector.HEALTH,
    "it-operations": Sector.LOCAL,
    "software-development": Sector.CENTRAL,
    "product-and-delivery": Sector.CENTRAL,
    "user-centred-design": Sector.LOCAL,
    "quality-assurance-testing": Sector.EDUCATION,
    "chief-digital-and-data": Sector.HEALTH,
}
# Vacancy rates eased after 2019, tightened again in 2022 (illustrative).
YEAR_RATE = {2019: "0.13", 2020: "0.12", 2021: "0.13", 2022: "0.15", 2023: "0.13", 2024: "0.12", 2025: "0.11"}
# Social Security Scotland, built up from 2018: about 30% of posts vacant in 2019 (Audit Scotland).
SSS_RATE = {2019: "0.28", 2020: "0.25", 2021: "0.20", 2022: "0.17", 2023: "0.14", 2024: "0.12", 2025: "0.11"}
SIZE = {
    "SG": 9,
    "SSS": 6,
    "PS": 5,
    "NSS": 5,
    "NHSGGC": 5,
    "NHSLO": 4,
    "RoS": 4,
    "DS": 3,
    "NHS24": 3,
    "GCC": 4,
    "EDC": 4,
    "SCTS": 3,
    "TS": 3,
    "SEPA": 3,
    "SPS": 3,
    "SQA": 3,
    "PHS": 3,
}


def _size(body: Organisation) -> int:
    """A digital team in proportion to the body's digital spend (organisations/demo.py): one or two
    people at a commissioner, a large team at a big health board."""
    spend = digital_spend(body)
    return 1 if spend < 2 else 2 if spend < 8 else 3 if spend < 25 else 4 if spend < 60 else 5


def q(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def workforce_rows(body: Organisation, year: int, roles: dict[str, Role], period) -> list[WorkforceLine]:
    rng = random.Random(f"{body.short_name}-{year}")
    shape = random.Random(body.short_name)  # the body's own shape stays the same year to year
    size = SIZE.get(body.short_name) or (1 if body.illustrative else _size(body))
    names = CORE_ROLES + (LARGER_ROLES if size >= 3 else LARGER_ROLES[: 3 + size * 2])
    if size >= 2:
        names = CHIEF_ROLES[: 1 + (size >= 3) + (size >= 5)] + names
    growth = Decimal("1.04") ** (year - YEARS[0])
    base_rate = Decimal(SSS_RATE[year] if body.short_name == "SSS" else YEAR_RATE[year])
    body_contractors = Decimal(shape.choice(["0.05", "0.08", "0.12", "0.15", "0.22", "0.35"]))
    if body.short_name == "SSS":
        body_contractors = Decimal("0.28") - Decimal("0.02") * (year - YEARS[0])
    rows = []
    for slug in names:
        role = roles.get(slug)
        if role is None:
            continue
        established = q(Decimal(shape.randint(2, 9)) * size * growth / 2 + Decimal(shape.randint(0, 9)) / 10)
        if slug in CHIEF_ROLES:
            established = Decimal(1)
        if established < 1:
            established = Decimal(1)
        scarcity = SCARCITY.get(slug, Decimal(1))
        if body.short_name == "SSS":
            # Short of nearly everyone while it was built up: the scarce roles only a little more.
            rate = base_rate * (1 + (scarcity - 1) / 4)
        else:
            rate = base_rate * scarcity * SECTOR_FACTOR.get(body.sector, Decimal(1))
            if HARDEST_SECTOR.get(role.family.slug) == body.sector:
                rate *= Decimal("1.35")
        rate *= Decimal(rng.randint(70, 130)) / 100
        vacancies = min(established, q(established * min(rate, Decimal("0.9"))))
        filled = established - vacancies
        share = body_contractors * (Decimal("1.6") if slug in CONTRACTOR_HEAVY else Decimal("0.7"))
        contractors = q(filled * min(share * Decimal(rng.randint(60, 140)) / 100, Decimal("0.9")))
        if slug in CHIEF_ROLES:
            # One post: vacant, held by an interim, or filled.
            vacancies = Decimal(1) if rng.random() < float(rate) else Decimal(0)
            filled = established - vacancies
            contractors = filled if rng.random() < float(share) else Decimal(0)
        days = int(70 * SCARCITY.get(slug, Decimal(1)) * Decimal(rng.randint(80, 125)) / 100)
        rows.append(
            WorkforceLine(
                organisation=body,
                period=period,
                role=role,
                established=established,
                permanent=filled - contractors,
                contractors=contractors,
                vacancies=vacancies,
                planned_next_year=q(established * Decimal("1.05")),
                planned_year_after=q(established * Decimal("1.09")),
                median_days_to_hire=days,
                illustrative=True,
            )
        )
    return rows


def workforce_sent(body: Organisation, year: int) -> bool:
    """Whether a real body sent its workforce return for the year. Last year's window is the one
    the demo's returns show: a few bodies have still not sent it, and so have no figures for it."""
    if body.illustrative or body.short_name in SIZE or body.short_name == "DS":
        return True
    if year != period_tools.financial_year_of(demo_today()) - 1:
        return True
    return random.Random(f"workforce-return-{body.short_name}-{year}").random() < 0.9


def _return_row(line: WorkforceLine) -> dict:
    fields = [
        "established",
        "permanent",
        "contractors",
        "vacancies",
        "planned_next_year",
        "planned_year_after",
    ]
    return {
        "role": line.role.slug,
        **{name: getattr(line, name) for name in fields},
        "median_days_to_hire": line.median_days_to_hire,
    }


def load_workforce(bodies, stdout) -> int:
    roles = {role.slug: role for role in Role.objects.select_related("family")}
    years = {year: period_tools.period_get_or_create(year=year) for year in YEARS}
    existing = set(
        WorkforceLine.objects.filter(organisation__in=bodies)
        .values_list("organisation_id", "period_id")
        .distinct()
    )
    last_year = period_tools.financial_year_of(demo_today()) - 1
    sent: dict[Organisation, tuple[str, list[dict]]] = {}
    created = 0
    batch: list[WorkforceLine] = []
    for body in bodies:
        for year, period in years.items():
            if (body.pk, period.pk) in existing or not workforce_sent(body, year):
                continue
            rows = workforce_rows(body, year, roles, period)
            batch.extend(rows)
            if year == last_year and not body.illustrative:
                sent[body] = (Status.ACCEPTED, [_return_row(line) for line in rows])
            if len(batch) >= 5000:
                WorkforceLine.objects.bulk_create(batch, batch_size=1000, ignore_conflicts=True)
                created += len(batch)
                batch = []
    WorkforceLine.objects.bulk_create(batch, batch_size=1000, ignore_conflicts=True)
    if last_year in years:
        returns_record(kind="workforce", period=years[last_year], sent=sent)
    return created + len(batch)


def load_needs(programmes, stdout) -> int:
    """Quarterly needs for the next eight quarters: a profile that ramps up and tails off, sized to
    the body's workforce in the role so that most plans fit and about one in six does not."""
    today = demo_today()
    year, quarter = period_tools.financial_year_of(today), period_tools.quarter_of(today)
    quarters = []
    for _ in range(8):
        quarters.append(period_tools.period_get_or_create(year=year, quarter=quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    roles = {role.pk: role for role in Role.objects.all()}
    bodies = {p.organisation_id for p in programmes}
    # Sized to the body's latest workforce return: last year's, or the year before for a body that
    # has not sent last year's.
    in_post: dict[int, dict[int, Decimal]] = {}
    latest: dict[int, int] = {}
    for org, year, role, permanent, contractors in (
        WorkforceLine.objects.filter(organisation_id__in=bodies, period__year__gte=YEARS[-2])
        .order_by("period__year")
        .values_list("organisation_id", "period__year", "role_id", "permanent", "contractors")
    ):
        if latest.get(org) != year:
            latest[org], in_post[org] = year, {}
        in_post[org][role] = permanent + contractors
    siblings = dict(
        Programme.objects.filter(organisation_id__in=bodies)
        .exclude(phase__in=[Phase.RETIRED, Phase.STOPPED])
        .values_list("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    has_needs = set(ProgrammeNeed.objects.values_list("programme_id", flat=True).distinct())
    batch = []
    for programme in programmes:
        workforce = in_post.get(programme.organisation_id)
        if programme.pk in has_needs or not workforce:
            continue
        rng = random.Random(f"needs-{programme.pk}-{programme.title}")
        share = Decimal(2) / max(2, siblings.get(programme.organisation_id, 1))
        ambitious = rng.random() < 0.15
        for role_id in rng.sample(sorted(workforce), k=min(len(workforce), rng.randint(2, 4))):
            if ambitious:
                peak = q(workforce[role_id] * Decimal(rng.randint(80, 160)) / 100 + 1)
            else:
                peak = q(workforce[role_id] * share * Decimal(rng.randint(10, 45)) / 100)
            start = rng.randint(0, 3)
            for index, period in enumerate(quarters[start:]):
                ramp = min(Decimal(1), Decimal(index + 1) / 2) if index < 4 else Decimal("0.6")
                fte = q(peak * ramp)
                if fte > 0:
                    batch.append(
                        ProgrammeNeed(
                            programme=programme,
                            role=roles[role_id],
                            period=period,
                            fte=fte,
                            level=rng.choice(["working", "practitioner", "practitioner", "expert"]),
                            illustrative=True,
                        )
                    )
    ProgrammeNeed.objects.bulk_create(batch, batch_size=2000, ignore_conflicts=True)
    return len(batch)


INITIATIVES = [
    (
        "Digital Academy",
        InitiativeKind.ACADEMY,
        "SG",
        "Re-skills public servants into digital, data and technology roles through part-time study.",
        ["product-and-delivery", "data", "user-centred-design"],
    ),
    (
        "Digital and data Modern Apprenticeships",
        InitiativeKind.APPRENTICESHIP,
        "SDS",
        "Work-based apprenticeships in IT, software development, cyber security and data.",
        ["software-development", "it-operations", "data"],
    ),
    (
        "Public sector digital graduate scheme",
        InitiativeKind.GRADUATE,
        "SG",
        "Two-year rotations for graduates across digital teams in central government bodies.",
        ["software-development", "data", "architecture"],
    ),
    (
        "NHS Scotland digital and data skills programme",
        InitiativeKind.TRAINING,
        "NES",
        "Training for health and care staff moving into digital and data roles.",
        ["data", "user-centred-design", "it-operations"],
    ),
    (
        "Cyber resilience for public bodies",
        InitiativeKind.TRAINING,
        "SG",
        "Short courses and certification for staff in cyber security and IT operations roles.",
        ["it-operations", "architecture"],
    ),
    (
        "Local government digital apprenticeships",
        InitiativeKind.APPRENTICESHIP,
        "DOSLG",
        "Councils sharing apprentices in service design, development and IT support.",
        ["software-development", "user-centred-design", "it-operations"],
    ),
]


def load_initiatives(stdout) -> int:
    families = {f.slug: f for f in RoleFamily.objects.all()}
    bodies = {
        o.short_name: o for o in Organisation.objects.filter(short_name__in={i[2] for i in INITIATIVES})
    }
    created = 0
    this_year = period_tools.financial_year_of(demo_today())
    for name, kind, short, summary, family_slugs in INITIATIVES:
        body = bodies.get(short)
        if body is None or Initiative.objects.filter(name=name).exists():
            continue
        initiative = Initiative.objects.create(
            name=name, kind=kind, organisation=body, summary=summary, illustrative=True
        )
        created += 1
        rng = random.Random(name)
        for slug in family_slugs:
            family = families.get(slug)
            if family is None:
                continue
            for year in range(2021, this_year + 2):
                target = rng.randint(8, 40)
                delivered = (
                    None
                    if year > this_year
                    else (
                        int(target * rng.randint(55, 110) / 100)
                        if year < this_year
                        else int(target * rng.randint(20, 50) / 100)
                    )
                )
                InitiativeTarget.objects.create(
                    initiative=initiative, family=family, year=year, target=target, delivered=delivered
                )
    return created


def load(*, scale: str, stdout) -> None:
    result = roles_load_reference()
    stdout.write(f"  role taxonomy: {result.created} created, {result.unchanged} already there")
    real = Organisation.objects.filter(illustrative=False).exclude(sector__in=[Sector.INDUSTRY, Sector.THIRD])
    lines = load_workforce(list(real), stdout)
    stdout.write(f"  workforce returns: {lines} lines (illustrative) for {real.count()} bodies")
    active = Programme.objects.exclude(phase__in=[Phase.RETIRED, Phase.STOPPED])
    needs = load_needs(list(active.filter(organisation__illustrative=False)), stdout)
    stdout.write(f"  programme needs: {needs} (illustrative)")
    stdout.write(f"  skills initiatives: {load_initiatives(stdout)} created")
    if scale != "uk":
        return
    synthetic = Organisation.objects.filter(illustrative=True).exclude(
        sector__in=[Sector.INDUSTRY, Sector.THIRD]
    )
    lines = load_workforce(list(synthetic), stdout)
    stdout.write(f"  --scale uk workforce returns: {lines} lines for {synthetic.count()} illustrative bodies")
    # Every fourth illustrative programme plans its skills needs.
    ids = list(active.filter(organisation__illustrative=True).order_by("pk").values_list("pk", flat=True))[
        ::4
    ]
    needs = 0
    for start in range(0, len(ids), 2000):
        needs += load_needs(list(Programme.objects.filter(pk__in=ids[start : start + 2000])), stdout)
    stdout.write(f"  --scale uk programme needs: {needs} for {len(ids)} illustrative programmes")
