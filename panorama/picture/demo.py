"""Demo services for Scottish bodies, with eight quarters of illustrative performance figures.

Every service and figure here is invented (`illustrative=True`); the names are the kinds of
service these bodies run, not published statistics."""

import datetime
import random
from decimal import Decimal

from django.db.models import Q

from panorama.core.demo_clock import demo_today
from panorama.core.periods import period_for_date, quarters_back
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme
from panorama.returns.demo import returns_record, window_open
from panorama.returns.models import Status
from panorama.returns.registry import kinds

from .models import Service, ServicePerformance

# (short name of the body, slug, name, users, category, yearly transactions, cost per transaction,
#  digital take-up at the start, its trend per quarter, programme title contains)
SERVICES = [
    (
        "SSS",
        "sss-best-start-grant",
        "Apply for a Best Start Grant",
        "Parents and carers",
        "Requesting benefits, payments or loans",
        120_000,
        "32.00",
        71,
        2.0,
        "social security",
    ),
    (
        "SSS",
        "sss-adult-disability-payment",
        "Apply for Adult Disability Payment",
        "Disabled adults",
        "Requesting benefits, payments or loans",
        310_000,
        "96.00",
        48,
        2.5,
        "social security",
    ),
    (
        "SSS",
        "sss-scottish-child-payment",
        "Apply for Scottish Child Payment",
        "Parents and carers",
        "Requesting benefits, payments or loans",
        260_000,
        "21.00",
        78,
        1.0,
        "social security",
    ),
    (
        "DS",
        "ds-basic-disclosure",
        "Apply for a basic disclosure",
        "Individuals",
        "Requesting information",
        480_000,
        "6.50",
        86,
        0.8,
        "pass",
    ),
    (
        "DS",
        "ds-pvg-membership",
        "Join the PVG scheme",
        "Individuals and employers",
        "Registering",
        210_000,
        "14.00",
        64,
        1.6,
        "pass",
    ),
    (
        "RoS",
        "ros-register-title",
        "Register a title to land",
        "Solicitors and conveyancers",
        "Registering",
        230_000,
        "41.00",
        58,
        3.0,
        "",
    ),
    (
        "RS",
        "rs-lbtt-return",
        "Submit a Land and Buildings Transaction Tax return",
        "Solicitors and agents",
        "Making a payment",
        95_000,
        "4.20",
        93,
        0.3,
        "",
    ),
    (
        "SAAS",
        "saas-student-funding",
        "Apply for student funding",
        "Students",
        "Requesting benefits, payments or loans",
        150_000,
        "12.50",
        95,
        0.2,
        "",
    ),
    (
        "TS",
        "ts-concessionary-travel",
        "Apply for a National Entitlement Card",
        "Older and disabled people",
        "Requesting a licence or consent",
        340_000,
        "8.90",
        41,
        2.2,
        "",
    ),
    (
        "NHS24",
        "nhs24-111-online",
        "Get help from NHS 24 online",
        "Patients",
        "Requesting information",
        1_200_000,
        "3.10",
        22,
        1.8,
        "nhs 24",
    ),
    (
        "PS",
        "ps-report-crime-online",
        "Report a crime online",
        "Individuals",
        "Providing information",
        90_000,
        "18.00",
        17,
        1.2,
        "",
    ),
    (
        "SG",
        "sg-rural-payments",
        "Claim rural payments",
        "Farmers and crofters",
        "Requesting benefits, payments or loans",
        21_000,
        "310.00",
        88,
        0.5,
        "cap",
    ),
    (
        "SLAB",
        "slab-civil-legal-aid",
        "Apply for civil legal aid",
        "Solicitors",
        "Requesting benefits, payments or loans",
        60_000,
        "45.00",
        97,
        0.1,
        "",
    ),
    (
        "SFRS",
        "sfrs-home-fire-safety-visit",
        "Book a home fire safety visit",
        "Householders",
        "Booking events and resources",
        70_000,
        "27.00",
        35,
        -0.4,
        "",
    ),
]


def _programme(organisation: Organisation, hint: str) -> Programme | None:
    if not hint:
        return None
    return (
        Programme.objects.filter(organisation=organisation)
        .filter(Q(title__icontains=hint) | Q(summary__icontains=hint))
        .order_by("title")
        .first()
    )


def load(*, scale: str, stdout) -> None:
    # Figures stop at the last quarter that has ended: a quarter in progress has none yet.
    today = demo_today()
    quarters = quarters_back(period_for_date(today).start - datetime.timedelta(days=1), 8)
    created = figures = 0
    bodies = {o.short_name: o for o in Organisation.objects.filter(short_name__in={s[0] for s in SERVICES})}
    for short, slug, name, users, category, volume, cost, take_up, drift, hint in SERVICES:
        organisation = bodies.get(short)
        if organisation is None:
            continue
        service, new = Service.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "organisation": organisation,
                "programme": _programme(organisation, hint),
                "users": users,
                "category": category,
                "phase": "live",
                "source": "Illustrative figures for the demonstration",
                "illustrative": True,
            },
        )
        created += new
        if service.performance.exists():
            continue
        rng = random.Random(slug)
        rows = []
        for i, period in enumerate(quarters):
            share = min(99.0, max(5.0, take_up + drift * i + rng.uniform(-1.5, 1.5)))
            total = int(volume * rng.uniform(0.95, 1.05))
            digital = int(total * share / 100)
            cpt = Decimal(cost) * Decimal(str(round(1 - 0.01 * drift * i + rng.uniform(-0.02, 0.02), 4)))
            rows.append(
                ServicePerformance(
                    service=service,
                    period=period,
                    transactions=total,
                    digital_transactions=digital,
                    cost_per_transaction=cpt.quantize(Decimal("0.01")),
                    digital_cost_per_transaction=(cpt * Decimal("0.3")).quantize(Decimal("0.01")),
                    # Not every body measures every figure: some quarters are left blank.
                    completion_rate=None
                    if rng.random() < 0.15
                    else Decimal(str(round(rng.uniform(70, 94), 1))),
                    user_satisfaction=None
                    if rng.random() < 0.2
                    else Decimal(str(round(rng.uniform(68, 92), 1))),
                )
            )
        ServicePerformance.objects.bulk_create(rows)
        figures += len(rows)
    returned = _returns(quarters[-1])
    stdout.write(
        f"  services: {created} created, {figures} quarters of figures (illustrative); "
        f"{returned} service performance returns for {quarters[-1].label}"
    )
    kept = _snapshots()
    stdout.write(f"  figures kept at quarter close: {kept} quarters (illustrative before the latest)")


def _snapshots() -> int:
    """The figures of the register kept at each quarter's close: the quarter the picture reports on
    from the register as it stands, and the seven before it invented (illustrative) so that their
    trends have a past: the gaps closing slowly, with a setback, as a real portfolio's do."""
    from panorama.core import catalogue

    from .models import FigureSnapshot
    from .services import figures_snapshot

    now = catalogue.scope_for("")
    if FigureSnapshot.objects.filter(period=now.label).exists():
        return 0
    figures_snapshot(scope=now)
    latest = dict(FigureSnapshot.objects.filter(period=now.label).values_list("key", "value"))
    scope, kept = now, 1
    rng = random.Random("figure-snapshots")
    for back in range(1, 8):
        scope = scope.previous()
        # Counts of gaps were higher before (about 4% a quarter), shares a little worse.
        factor = Decimal(str(round(1 + 0.04 * back + rng.uniform(-0.03, 0.03), 3)))
        values = {
            key: None if value is None else _past(key, Decimal(value), factor)
            for key, value in latest.items()
        }
        figures_snapshot(scope=scope, illustrative=True, values=values)
        kept += 1
    return kept


def _past(key: str, value: Decimal, factor: Decimal) -> Decimal:
    """An earlier quarter's illustrative value: gaps larger, the register a little smaller."""
    from panorama.core import catalogue

    figure = catalogue.get(key)
    grows = key in {
        "programmes.active",
        "commitments.total",
        "services.published",
        "platforms.programmes",
        "platforms.adopting_bodies",
        "lessons.applied",
    }
    scaled = value / factor if grows else value * factor
    if figure.unit == catalogue.Unit.COUNT:
        return scaled.quantize(Decimal("1"))
    return scaled.quantize(Decimal("0.01" if figure.unit == catalogue.Unit.MONEY else "0.0001"))


def _returns(quarter) -> int:
    """The latest quarter's figures came in by the service performance return: its window expects
    the bodies that run services, and each one's return is accepted."""
    if "service-performance" not in kinds():
        return 0
    services = Service.objects.filter(illustrative=True, performance__period=quarter).select_related(
        "organisation", "programme"
    )
    rows: dict[Organisation, list[dict]] = {}
    for service in services.order_by("organisation__name", "name"):
        figures = service.performance.get(period=quarter)
        rows.setdefault(service.organisation, []).append(
            {
                "service": service.slug,
                "name": service.name,
                "organisation": service.organisation.short_name,
                "programme": service.programme.title if service.programme else None,
                "phase": service.phase,
                "users": service.users,
                "category": service.category,
                "period": quarter.label,
                "transactions": figures.transactions,
                "digital_transactions": figures.digital_transactions,
                "cost_per_transaction": figures.cost_per_transaction,
                "digital_cost_per_transaction": figures.digital_cost_per_transaction,
                "completion_rate": figures.completion_rate,
                "user_satisfaction": figures.user_satisfaction,
            }
        )
    window_open(kind="service-performance", period=quarter, expected=list(rows))
    return returns_record(
        kind="service-performance",
        period=quarter,
        sent={organisation: (Status.ACCEPTED, body_rows) for organisation, body_rows in rows.items()},
    )
