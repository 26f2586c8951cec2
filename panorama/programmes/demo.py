"""The demo register: the shared platforms, the real programmes Audit Scotland reported on (with
their published figures), and an illustrative register of programmes across the public sector with
two to three years of quarterly progress and a believable network of interactions.

Everything invented is flagged `illustrative` and shown as such. `--scale uk` adds 20,000
synthetic programmes with 400,000 progress updates for the benchmarks.
"""

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from panorama.core.models import Period
from panorama.core.periods import period_for_date, quarters_back
from panorama.organisations.models import Organisation, Sector
from panorama.strategy.models import Commitment

from .models import (
    CONFIDENCE_RANK,
    Confidence,
    LinkKind,
    Phase,
    Platform,
    Programme,
    ProgrammeLink,
    ProgressUpdate,
    Rebaseline,
    Tag,
)

D = datetime.date
M = Decimal(1_000_000)
RANK_CONFIDENCE = {rank: confidence for confidence, rank in CONFIDENCE_RANK.items()}

PLATFORMS = [
    {
        "slug": "scotaccount",
        "name": "ScotAccount",
        "kind": "identity",
        "owner": "SG",
        "summary": "One way for people to prove who they are and sign in to public services online.",
        "url": "https://www.gov.scot/",
    },
    {
        "slug": "scotpayments",
        "name": "ScotPayments",
        "kind": "payments",
        "owner": "SG",
        "summary": "A common platform for public bodies to take and make payments.",
    },
    {
        "slug": "cloud-platform",
        "name": "Shared cloud platform",
        "kind": "cloud",
        "owner": "SG",
        "summary": "Managed cloud hosting that public bodies can move their services onto.",
        "adoption": "11 bodies (A changing nation: progress report, 2024)",
    },
    {
        "slug": "myaccount",
        "name": "Local government myaccount",
        "kind": "identity",
        "owner": None,
        "summary": "A single sign-in for council and other local public services, run for local government.",
        "adoption": "40 organisations, 2.4m registrations (A changing nation: progress report, 2024)",
    },
    {
        "slug": "notifications",
        "name": "Notifications service",
        "kind": "notifications",
        "owner": "SG",
        "summary": "A shared service for sending emails, text messages and letters from public services.",
        "illustrative": True,
    },
]

AUDIT_2017 = "Audit Scotland, Principles for a digital future (May 2017)"
NOT_PUBLISHED = "No delivery confidence rating was published; figures are from Audit Scotland's reports."

# The programmes Audit Scotland reported on, with their published figures (domain.md §5).
REAL_PROGRAMMES = [
    {
        "external_ref": "audit:cap-futures",
        "title": "CAP Futures (rural payments and services)",
        "organisation": "SG",
        "summary": (
            "A new system to pay farmers and crofters under the Common Agricultural Policy. The budget "
            "grew from an estimate of £102m to £178m (+74%) while its scope was reduced, and delays put "
            "the Scottish Government at risk of EU penalties of between £40m and £125m."
        ),
        "users": "farmers, crofters and land managers",
        "phase": Phase.LIVE,
        "high_risk": True,
        "wlc_baseline": Decimal(102) * M,
        "wlc_forecast": Decimal(178) * M,
        "tags": ["payments", "rural", "legacy replacement"],
        "commitments": [],
    },
    {
        "external_ref": "audit:i6",
        "title": "i6 (police records and case management)",
        "organisation": "PS",
        "partners": ["SPA"],
        "summary": (
            "A single national system to replace more than 130 police systems, let as a £46.1m "
            "fixed-price contract in 2013. It was terminated in 2016, with a £24.65m settlement."
        ),
        "users": "police officers and staff",
        "phase": Phase.STOPPED,
        "high_risk": True,
        "wlc_baseline": Decimal("46.1") * M,
        "start_baseline": D(2013, 6, 1),
        "tags": ["case management", "legacy replacement", "justice"],
        "commitments": [],
    },
    {
        "external_ref": "audit:nhs24-future",
        "title": "NHS 24 Future Programme",
        "organisation": "NHS24",
        "summary": (
            "New technology and ways of working for NHS 24's telephone and online services. Its cost grew "
            "from £75.8m to £131.2m (+73%). Planned to go live in 2013, it went live in October 2015; the "
            "delay cost about £500,000 a month."
        ),
        "users": "people seeking urgent care out of hours",
        "phase": Phase.LIVE,
        "high_risk": True,
        "wlc_baseline": Decimal("75.8") * M,
        "wlc_forecast": Decimal("131.2") * M,
        "end_baseline": D(2013, 12, 31),
        "end_forecast": D(2015, 10, 31),
        "source_note": " Go-live was planned for 2013 (shown as the year's end) and happened in October 2015.",
        "tags": ["health and care", "contact centre"],
        "commitments": [("digital-strategy-2017", "2.1")],
    },
    {
        "external_ref": "audit:social-security",
        "title": "Social Security programme (technology)",
        "organisation": "SSS",
        "partners": ["SG"],
        "summary": (
            "The technology for Scotland's new social security system. Its forecast cost rose from £212m "
            "(2020) to £277.4m (2023). The programme had a 30% vacancy rate in 2019."
        ),
        "users": "people applying for and receiving Scottish benefits",
        "phase": Phase.LIVE,
        "high_risk": True,
        "wlc_baseline": Decimal(212) * M,
        "wlc_forecast": Decimal("277.4") * M,
        "source": "Audit Scotland reports on Social Security Scotland (2019–2023)",
        "tags": ["citizen-facing", "benefits", "case management"],
        "commitments": [("digital-strategy-2017", "2.3"), ("a-changing-nation-2021", "3.1")],
        "platforms": ["scotaccount", "scotpayments"],
    },
    {
        "external_ref": "audit:r100",
        "title": "Reaching 100% (R100) superfast broadband",
        "organisation": "SG",
        "summary": (
            "A £600m programme to bring 30 Mb/s broadband to every premise in Scotland. The target of "
            "the end of 2021 was missed, and the work continues to 2027."
        ),
        "users": "homes and businesses without fast broadband",
        "phase": Phase.LIVE,
        "high_risk": True,
        "wlc_baseline": Decimal(600) * M,
        "end_baseline": D(2021, 12, 31),
        "end_forecast": D(2027, 3, 31),
        "source": "Audit Scotland and Scottish Government reporting on R100",
        "source_note": " Work continues to 2027 (shown as the end of 2026-27).",
        "tags": ["connectivity"],
        "commitments": [("digital-strategy-2017", "3.1"), ("a-changing-nation-2021", "1.2")],
    },
    {
        "external_ref": "audit:pass",
        "title": "PASS (disclosure system)",
        "organisation": "DS",
        "summary": (
            "Disclosure Scotland's £78.5m replacement disclosure system. It cut over in September 2019, "
            "five days before the old system closed; the allowance for optimism bias had been set too low."
        ),
        "users": "employers and people applying for disclosure checks",
        "phase": Phase.LIVE,
        "high_risk": True,
        "wlc_baseline": Decimal("78.5") * M,
        "end_forecast": D(2019, 9, 30),
        "source": "Audit Scotland reports on Disclosure Scotland",
        "source_note": " Cut over in September 2019 (shown as the month's end).",
        "tags": ["case management", "legacy replacement", "citizen-facing"],
        "commitments": [("digital-strategy-2017", "2.2")],
    },
    {
        "external_ref": "audit:ros-2012",
        "title": "Registers of Scotland IT contract (2012)",
        "organisation": "RoS",
        "summary": (
            "An IT contract whose cost rose from £66m to £112m before it was terminated; one of the "
            "contracts Audit Scotland examined in Managing ICT contracts (2012)."
        ),
        "users": "people and businesses registering land and property",
        "phase": Phase.STOPPED,
        "high_risk": True,
        "wlc_baseline": Decimal(66) * M,
        "wlc_forecast": Decimal(112) * M,
        "source": "Audit Scotland, Managing ICT contracts (2012)",
        "tags": ["legacy replacement"],
        "commitments": [],
    },
    {
        "external_ref": "audit:copfs-2012",
        "title": "COPFS IT contract (2012)",
        "organisation": "COPFS",
        "summary": (
            "An IT contract terminated after £2.3m had been spent and the work was 18 months late; one "
            "of the contracts Audit Scotland examined in Managing ICT contracts (2012)."
        ),
        "users": "prosecutors and case staff",
        "phase": Phase.STOPPED,
        "high_risk": False,
        "source": "Audit Scotland, Managing ICT contracts (2012)",
        "tags": ["case management", "justice"],
        "commitments": [],
    },
]


@dataclass
class Template:
    title: str
    tags: list[str]
    commitments: list[tuple[str, str]] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    users: str = ""
    scale: float = 1.0  # relative size of the whole-life cost


C17 = "digital-strategy-2017"
C21 = "a-changing-nation-2021"
TEMPLATES: dict[str, list[Template]] = {
    Sector.CENTRAL: [
        Template(
            "Grants management replacement",
            ["legacy replacement", "payments"],
            [(C21, "3.5")],
            ["scotpayments", "cloud-platform"],
            "grant applicants",
            1.2,
        ),
        Template(
            "Case management modernisation",
            ["case management", "legacy replacement"],
            [(C21, "3.1")],
            ["cloud-platform"],
            "caseworkers",
            1.5,
        ),
        Template(
            "Online applications service",
            ["citizen-facing"],
            [(C21, "3.1"), (C21, "3.3")],
            ["scotaccount", "notifications"],
            "members of the public",
            0.8,
        ),
        Template(
            "Data and analytics platform",
            ["data", "cloud"],
            [(C21, "3.6")],
            ["cloud-platform"],
            "analysts and policy teams",
            0.9,
        ),
        Template(
            "Move to the shared cloud platform",
            ["cloud", "legacy replacement"],
            [(C21, "3.5")],
            ["cloud-platform"],
            "staff",
            0.6,
        ),
        Template(
            "Finance and HR system replacement",
            ["corporate systems", "legacy replacement"],
            [],
            [],
            "staff",
            1.3,
        ),
        Template(
            "Records digitisation", ["records", "data"], [(C21, "3.6")], [], "researchers and the public", 0.5
        ),
        Template("Cyber resilience improvement", ["cyber security"], [(C21, "3.2")], [], "staff", 0.4),
    ],
    Sector.LOCAL: [
        Template(
            "Customer portal on myaccount",
            ["citizen-facing", "local services"],
            [(C21, "3.1"), (C21, "3.3")],
            ["myaccount", "scotpayments"],
            "residents",
            0.4,
        ),
        Template(
            "Social care case management replacement",
            ["case management", "health and care", "legacy replacement"],
            [(C17, "2.1"), (C21, "3.1")],
            ["cloud-platform"],
            "social workers and people who use care",
            1.0,
        ),
        Template(
            "Housing repairs online",
            ["citizen-facing", "housing"],
            [(C21, "3.1")],
            ["myaccount", "notifications"],
            "council tenants",
            0.25,
        ),
        Template(
            "Council tax and benefits online",
            ["citizen-facing", "payments", "benefits"],
            [(C21, "3.1")],
            ["myaccount", "scotpayments"],
            "residents",
            0.35,
        ),
        Template(
            "Waste and recycling bookings",
            ["citizen-facing", "local services"],
            [(C21, "3.1")],
            ["myaccount", "notifications"],
            "residents",
            0.1,
        ),
        Template(
            "Schools management information system",
            ["education", "data", "legacy replacement"],
            [(C21, "1.4")],
            [],
            "teachers, pupils and parents",
            0.6,
        ),
        Template(
            "Planning and building standards online",
            ["citizen-facing", "case management"],
            [(C21, "3.1")],
            ["myaccount"],
            "applicants and agents",
            0.3,
        ),
        Template(
            "Digital inclusion and devices",
            ["inclusion"],
            [(C21, "1.1")],
            [],
            "residents who are offline",
            0.15,
        ),
    ],
    Sector.HEALTH: [
        Template(
            "Electronic patient record",
            ["health and care", "records", "legacy replacement"],
            [(C17, "2.1"), (C21, "3.6")],
            [],
            "clinicians and patients",
            3.0,
        ),
        Template(
            "Digital front door for patients",
            ["health and care", "citizen-facing"],
            [(C17, "2.1"), (C21, "3.1"), (C21, "3.3")],
            ["scotaccount", "notifications"],
            "patients",
            1.0,
        ),
        Template(
            "Laboratory information system",
            ["health and care", "legacy replacement"],
            [(C17, "2.1")],
            [],
            "laboratory staff",
            1.2,
        ),
        Template("Theatre scheduling", ["health and care"], [(C17, "2.1")], [], "surgical teams", 0.5),
        Template(
            "Remote monitoring at home",
            ["health and care", "citizen-facing"],
            [(C17, "2.1"), (C21, "1.1")],
            ["notifications"],
            "people with long-term conditions",
            0.6,
        ),
        Template(
            "Community health records",
            ["health and care", "records", "data"],
            [(C17, "2.1"), (C21, "3.6")],
            ["cloud-platform"],
            "community nurses",
            0.8,
        ),
    ],
    Sector.JUSTICE: [
        Template(
            "Digital evidence sharing",
            ["justice", "data"],
            [(C17, "2.2"), (C21, "3.6")],
            ["cloud-platform"],
            "police, prosecutors and courts",
            1.5,
        ),
        Template(
            "Case management replacement",
            ["justice", "case management", "legacy replacement"],
            [(C17, "2.2")],
            [],
            "case staff",
            2.0,
        ),
        Template(
            "Online services for the public",
            ["justice", "citizen-facing"],
            [(C17, "2.2"), (C21, "3.1")],
            ["scotaccount", "scotpayments"],
            "members of the public",
            0.6,
        ),
        Template(
            "Victim and witness notifications",
            ["justice", "citizen-facing"],
            [(C17, "2.2")],
            ["notifications"],
            "victims and witnesses",
            0.3,
        ),
    ],
    Sector.EDUCATION: [
        Template(
            "Student records system",
            ["education", "records", "legacy replacement"],
            [(C21, "1.4")],
            ["cloud-platform"],
            "students and staff",
            0.8,
        ),
        Template(
            "Virtual learning environment", ["education"], [(C21, "1.4"), (C21, "1.1")], [], "learners", 0.5
        ),
        Template(
            "Applications and admissions online",
            ["education", "citizen-facing"],
            [(C21, "3.1")],
            ["scotaccount"],
            "applicants",
            0.4,
        ),
    ],
}

# The platforms themselves are programmes too: they provide a platform to the programmes using them.
PLATFORM_PROGRAMMES = [
    (
        "scotaccount",
        "ScotAccount (digital identity)",
        "SG",
        45,
        [(C21, "3.3")],
        ["identity", "citizen-facing"],
        [4, 4, 3, 3, 3, 3, 3, 3, 3, 3],
    ),
    ("scotpayments", "ScotPayments", "SG", 28, [(C21, "3.5")], ["payments"], [4, 4, 4, 4, 5, 4, 4, 4, 4, 4]),
    (
        "cloud-platform",
        "Shared cloud platform",
        "SG",
        35,
        [(C21, "3.5")],
        ["cloud"],
        [3, 4, 4, 4, 4, 5, 5, 5, 5, 5],
    ),
    (
        "myaccount",
        "Local government myaccount",
        "DOSLG",
        12,
        [(C21, "3.3"), (C21, "3.5")],
        ["identity", "local services"],
        [5, 5, 5, 5, 5, 4, 4, 5, 5, 5],
    ),
    (
        "notifications",
        "Notifications service",
        "SG",
        8,
        [(C21, "3.5")],
        ["notifications"],
        [3, 3, 2, 2, 2, 2, 1, 2, 2, 2],
    ),
]
# A national data hub that many health and care programmes depend on, and which has fallen to red.
DATA_HUB = (
    "Health and care data integration hub",
    "NSS",
    60,
    [(C17, "2.1"), (C21, "3.6")],
    ["health and care", "data"],
    [4, 3, 3, 3, 2, 2, 2, 1, 1, 1],
)

SROS = [
    "Chief Digital Officer",
    "Director of Digital",
    "Chief Operating Officer",
    "Director of Finance",
    "Head of IT",
    "Director of Transformation",
    "Chief Information Officer",
    "Deputy Chief Executive",
    "Director of Customer Services",
    "Medical Director",
    "Director of Corporate Services",
]
RISKS = [
    "Recruiting and keeping digital specialists, especially developers and architects.",
    "The supplier's capacity to deliver to the agreed plan.",
    "Data migration from the legacy system is more complex than planned.",
    "Dependence on a shared platform that is itself late.",
    "Funding beyond this financial year is not yet confirmed.",
    "Users' needs for the assisted-digital route are not yet understood.",
    "Cyber security accreditation may delay go-live.",
    "Staff time to test and adopt the new service alongside business as usual.",
    "Contract for the legacy system ends before the replacement is ready.",
    "Integration with partner bodies' systems depends on their own timetables.",
]
NARRATIVE = {
    5: [
        "Delivering to plan. {m} milestones met this quarter.",
        "On track: the team met {m} milestones and user research continues.",
    ],
    4: [
        "Largely on track; {x} milestone slipped but will be recovered next quarter.",
        "Good progress, with minor issues in supplier onboarding.",
    ],
    3: [
        "Delivery is feasible but there are significant issues: {x} milestones missed.",
        "Timescales under pressure; a recovery plan is being agreed with the board.",
    ],
    2: [
        "Successful delivery is in doubt: {x} milestones missed and costs rising.",
        "Major risks in several areas; the board has commissioned an assurance review.",
    ],
    1: [
        "Successful delivery appears unachievable without urgent action: re-planning under way.",
        "Critical issues with the supplier and data migration; go-live paused.",
    ],
}


def _platforms() -> dict[str, Platform]:
    bodies = {o.short_name: o for o in Organisation.objects.filter(short_name__in=["SG"])}
    platforms = {}
    for spec in PLATFORMS:
        platform, _ = Platform.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "owner": bodies.get(spec["owner"]) if spec["owner"] else None,
                "summary": spec["summary"],
                "url": spec.get("url", ""),
                "adoption": spec.get("adoption", ""),
                "illustrative": spec.get("illustrative", False),
            },
        )
        platforms[platform.slug] = platform
    return platforms


def _tags(names: list[str], cache: dict[str, Tag]) -> list[Tag]:
    for name in names:
        if name not in cache:
            cache[name], _ = Tag.objects.get_or_create(name=name)
    return [cache[name] for name in names]


def _commitments(refs: list[tuple[str, str]], cache: dict) -> list[Commitment]:
    if not cache:
        for commitment in Commitment.objects.select_related("ambition__strategy"):
            cache[(commitment.ambition.strategy.slug, commitment.reference)] = commitment
    return [cache[ref] for ref in refs if ref in cache]


def _real(bodies: dict, platforms: dict, tags: dict, commitments: dict) -> int:
    created = 0
    for spec in REAL_PROGRAMMES:
        owner = bodies.get(spec["organisation"])
        if owner is None or Programme.objects.filter(external_ref=spec["external_ref"]).exists():
            continue
        programme = Programme.objects.create(
            organisation=owner,
            external_ref=spec["external_ref"],
            title=spec["title"],
            summary=spec["summary"],
            users=spec["users"],
            phase=spec["phase"],
            confidence=Confidence.NOT_RATED,
            confidence_reason=NOT_PUBLISHED,
            high_risk=spec["high_risk"],
            wlc_baseline=spec.get("wlc_baseline"),
            wlc_forecast=spec.get("wlc_forecast"),
            start_baseline=spec.get("start_baseline"),
            end_baseline=spec.get("end_baseline"),
            end_forecast=spec.get("end_forecast"),
            source=(spec.get("source") or AUDIT_2017) + spec.get("source_note", ""),
        )
        programme.partners.set([bodies[p] for p in spec.get("partners", []) if p in bodies])
        programme.tags.set(_tags(spec["tags"], tags))
        programme.commitments.set(_commitments(spec["commitments"], commitments))
        programme.platforms.set([platforms[p] for p in spec.get("platforms", [])])
        created += 1
    return created


@dataclass
class Plan:
    """An illustrative programme before it is saved, with its quarterly story."""

    ref: str
    title: str
    organisation: Organisation
    template: Template
    ranks: list[int]
    baseline: Decimal
    start: datetime.date
    end: datetime.date
    phase: str
    high_risk: bool = False
    partners: list[Organisation] = field(default_factory=list)


def _story(rng: random.Random, quarters: int, final: int | None = None) -> list[int]:
    rank = rng.choice([3, 4, 4, 5, 5])
    ranks = []
    for _ in range(quarters):
        roll = rng.random()
        if roll < 0.14:
            rank -= 1
        elif roll < 0.27:
            rank += 1
        rank = max(1, min(5, rank))
        ranks.append(rank)
    if final is not None:
        ranks[-1] = final
        if len(ranks) > 1:
            ranks[-2] = max(final, min(5, ranks[-2]))
    return ranks


def _save_plan(plan: Plan, periods: list[Period], rng: random.Random, caches: dict) -> Programme:
    forecast = plan.baseline
    end = plan.end
    updates = []
    rebaselined = False
    first_rated = rng.random() < 0.85
    for i, (period, rank) in enumerate(zip(periods[-len(plan.ranks) :], plan.ranks, strict=True)):
        drift = Decimal(str(rng.uniform(-0.015, 0.015) + (5 - rank) * 0.007))
        forecast = (forecast * (1 + drift)).quantize(Decimal("10000"))
        if rng.random() < 0.08 + (5 - rank) * 0.06:
            end = end + datetime.timedelta(days=rng.choice([30, 61, 91, 122]))
        confidence = RANK_CONFIDENCE[rank]
        reason = ""
        if i == 0 and not first_rated:
            confidence, reason = Confidence.NOT_RATED, "First quarter: the board has not yet assessed it."
        missed = max(0, (5 - rank) - rng.randint(0, 1))
        met = rng.randint(0, 3) + (rank >= 4)
        narrative = rng.choice(NARRATIVE[rank]).format(m=met, x=max(1, missed))
        risks = "\n".join(rng.sample(RISKS, rng.randint(1, 3)))
        updates.append(
            ProgressUpdate(
                period=period,
                confidence=confidence,
                confidence_reason=reason,
                phase=plan.phase,
                narrative=narrative,
                milestones_met=met,
                milestones_missed=missed,
                top_risks=risks,
                wlc_forecast=forecast,
                end_forecast=end,
                submitted_at=datetime.datetime.combine(
                    period.end + datetime.timedelta(days=14), datetime.time(10), tzinfo=datetime.UTC
                ),
            )
        )
        variance = (forecast - plan.baseline) / plan.baseline
        if not rebaselined and variance > Decimal("0.2") and rng.random() < 0.6:
            rebaselined = True
            caches.setdefault("rebaselines", []).append(
                (plan.ref, period.end + datetime.timedelta(days=20), forecast, end)
            )
    latest = updates[-1]
    programme = Programme.objects.create(
        organisation=plan.organisation,
        external_ref=plan.ref,
        title=plan.title,
        summary=f"{plan.title} for {plan.organisation.name}: an illustrative programme for the demonstration.",
        users=plan.template.users,
        sro=rng.choice(SROS),
        phase=plan.phase,
        confidence=latest.confidence,
        confidence_reason=latest.confidence_reason,
        high_risk=plan.high_risk,
        wlc_baseline=plan.baseline,
        wlc_forecast=latest.wlc_forecast,
        start_baseline=plan.start,
        start_forecast=plan.start + datetime.timedelta(days=rng.choice([0, 0, 0, 30, 61])),
        end_baseline=plan.end,
        end_forecast=latest.end_forecast,
        source="Illustrative",
        illustrative=True,
        last_update=latest.period.end,
    )
    for update in updates:
        update.programme = programme
    ProgressUpdate.objects.bulk_create(updates)
    programme.partners.set(plan.partners)
    programme.tags.set(_tags(plan.template.tags, caches["tags"]))
    programme.commitments.set(_commitments(plan.template.commitments, caches["commitments"]))
    programme.platforms.set([caches["platforms"][p] for p in plan.template.platforms])
    return programme


def _money(rng: random.Random, sector: str, scale: float) -> Decimal:
    base = {
        Sector.LOCAL: 2.0,
        Sector.HEALTH: 6.0,
        Sector.CENTRAL: 8.0,
        Sector.JUSTICE: 7.0,
        Sector.EDUCATION: 3.0,
    }
    value = rng.lognormvariate(0, 0.6) * base.get(sector, 4.0) * scale
    return (Decimal(str(round(value, 2))) * M).quantize(Decimal("10000"))


def _illustrative(bodies: dict, platforms: dict, tags: dict, commitments: dict, stdout) -> int:
    if Programme.objects.filter(external_ref__startswith="demo:").exists():
        return 0
    rng = random.Random(2019)
    last_complete = period_for_date(datetime.date.today()).start - datetime.timedelta(days=1)
    periods = quarters_back(last_complete, 12)
    caches = {"tags": tags, "commitments": commitments, "platforms": platforms}
    by_ref: dict[str, Programme] = {}

    def plan_dates(quarters: int) -> tuple[datetime.date, datetime.date]:
        start = periods[-quarters].start - datetime.timedelta(days=rng.randint(0, 400))
        return start, start + datetime.timedelta(days=rng.choice([730, 913, 1095, 1278, 1460]))

    # The platforms as programmes, and the red data hub.
    specials = [
        (f"demo:platform:{slug}", title, owner, cost, refs, tag_names, ranks, slug)
        for slug, title, owner, cost, refs, tag_names, ranks in PLATFORM_PROGRAMMES
    ]
    title, owner, cost, refs, tag_names, ranks = DATA_HUB
    specials.append(("demo:data-hub", title, owner, cost, refs, tag_names, ranks, None))
    for ref, title, owner, cost, refs, tag_names, ranks, slug in specials:
        body = bodies.get(owner) or bodies.get("SG")
        if body is None:
            continue
        start, end = plan_dates(len(ranks))
        template = Template(title, tag_names, refs, [], "public bodies and the people they serve")
        plan = Plan(
            ref,
            title,
            body,
            template,
            ranks,
            Decimal(cost) * M,
            start,
            end,
            Phase.LIVE if slug else Phase.BETA,
        )
        by_ref[ref] = _save_plan(plan, periods, rng, caches)
        if slug:
            platforms[slug].programmes.add(by_ref[ref])

    public = [o for o in bodies.values() if o.is_public_sector and not o.illustrative]
    public.sort(key=lambda o: o.short_name)
    number = 0
    for body in public:
        templates = TEMPLATES.get(body.sector, TEMPLATES[Sector.CENTRAL])
        count = (
            2
            if body.short_name in {"SSS", "DS", "NHS24", "EDC", "SG", "GCC", "NHSGGC", "NHSLO", "PS"}
            else rng.choice([1, 1, 2, 2, 3])
        )
        peers = [o for o in public if o.sector == body.sector and o != body]
        for template in rng.sample(templates, min(count, len(templates))):
            number += 1
            quarters = rng.randint(8, 12)
            start, end = plan_dates(quarters)
            phase = rng.choices(
                [Phase.DISCOVERY, Phase.ALPHA, Phase.BETA, Phase.LIVE, Phase.RETIRED, Phase.STOPPED],
                weights=[8, 12, 30, 40, 5, 5],
            )[0]
            final = 1 if phase == Phase.STOPPED else None
            plan = Plan(
                f"demo:{number:03d}",
                template.title,
                body,
                template,
                _story(rng, quarters, final),
                _money(rng, body.sector, template.scale),
                start,
                end,
                phase,
                high_risk=rng.random() < 0.06,
                partners=rng.sample(peers, rng.choice([0, 0, 0, 1, 2])) if peers else [],
            )
            by_ref[plan.ref] = _save_plan(plan, periods, rng, caches)

    for ref, agreed_on, wlc, end in caches.get("rebaselines", []):
        Rebaseline.objects.create(
            programme=by_ref[ref],
            agreed_on=agreed_on,
            wlc=wlc,
            end_date=end,
            reason="Costs and timescales agreed again by the programme board after an assurance review (illustrative).",
        )
    _network(rng, by_ref)
    return len(by_ref)


def _network(rng: random.Random, by_ref: dict[str, Programme]) -> None:
    links: list[ProgrammeLink] = []
    seen: set[tuple[int, int, str]] = set()

    def link(source: Programme, target: Programme, kind: str, note: str = "") -> None:
        key = (source.pk, target.pk, kind)
        if source.pk != target.pk and key not in seen:
            seen.add(key)
            links.append(ProgrammeLink(source=source, target=target, kind=kind, note=note))

    programmes = [p for ref, p in by_ref.items() if ref.startswith("demo:") and ref[5:8].isdigit()]
    platform_programmes = {
        ref.rsplit(":", 1)[1]: p for ref, p in by_ref.items() if ref.startswith("demo:platform:")
    }
    for programme in programmes:
        for platform in programme.platforms.all():
            provider = platform_programmes.get(platform.slug)
            if provider is None:
                continue
            if rng.random() < 0.5:
                link(provider, programme, LinkKind.PROVIDES_PLATFORM)
            else:
                link(programme, provider, LinkKind.DEPENDS_ON, f"Uses {platform.name} to go live.")
    hub = by_ref.get("demo:data-hub")
    health = [p for p in programmes if p.organisation.sector == Sector.HEALTH]
    care = [p for p in programmes if p.title == "Social care case management replacement"]
    if hub is not None:
        for programme in rng.sample(health, min(10, len(health))) + rng.sample(care, min(4, len(care))):
            link(programme, hub, LinkKind.DEPENDS_ON, "Needs the hub to exchange patient and care records.")
    # Councils' social care systems share data with their health boards' community records.
    community = [p for p in programmes if p.title == "Community health records"]
    for programme in care:
        if community:
            link(programme, rng.choice(community), LinkKind.SHARES_DATA, "Shared care records.")
    # The same thing built in several places overlaps; a new system replaces an old one in the same body.
    by_title: dict[str, list[Programme]] = {}
    for programme in programmes:
        by_title.setdefault(programme.title, []).append(programme)
    for group in by_title.values():
        if len(group) > 2:
            for a, b in zip(group[:3], group[1:4], strict=False):
                link(a, b, LinkKind.OVERLAPS, "Building the same thing for a neighbouring body.")
    by_body: dict[int, list[Programme]] = {}
    for programme in programmes:
        by_body.setdefault(programme.organisation_id, []).append(programme)
    for group in by_body.values():
        retired = [p for p in group if p.phase in (Phase.RETIRED, Phase.STOPPED)]
        current = [p for p in group if p.phase not in (Phase.RETIRED, Phase.STOPPED)]
        if retired and current:
            link(current[0], retired[0], LinkKind.REPLACES)
        elif len(current) > 1 and rng.random() < 0.5:
            link(current[1], current[0], LinkKind.DEPENDS_ON, "Needs its data and sign-in first.")
    evidence = [p for p in programmes if p.title == "Digital evidence sharing"]
    justice = [p for p in programmes if p.organisation.sector == Sector.JUSTICE and p not in evidence]
    for source in justice:
        if evidence:
            link(source, rng.choice(evidence), LinkKind.SHARES_DATA, "Evidence passes between the bodies.")
    ProgrammeLink.objects.bulk_create(links)


def _uk(bodies: list[Organisation], platforms: dict, stdout) -> None:
    """20,000 synthetic programmes with 20 quarters of updates each (400,000), in batches."""
    target = 20_000
    have = Programme.objects.filter(external_ref__startswith="uk:").count()
    if have >= target:
        stdout.write(f"  programmes for --scale uk: {have} already there")
        return
    rng = random.Random(20000)
    last_complete = period_for_date(datetime.date.today()).start - datetime.timedelta(days=1)
    periods = quarters_back(last_complete, 20)
    commitments = list(Commitment.objects.values_list("pk", flat=True))
    platform_ids = [p.pk for p in platforms.values()]
    templates = [t for ts in TEMPLATES.values() for t in ts]
    phases = list(Phase.values)
    Through = Programme.commitments.through
    PlatformThrough = Programme.platforms.through
    batch = 1000
    made_ids: list[int] = []
    for offset in range(have, target, batch):
        programmes, stories = [], []
        for number in range(offset, min(target, offset + batch)):
            body = bodies[number % len(bodies)]
            template = templates[number % len(templates)]
            ranks = _story(rng, len(periods))
            baseline = Decimal(rng.randint(20, 5000)) * Decimal(10000)
            start = periods[0].start - datetime.timedelta(days=rng.randint(0, 700))
            end = start + datetime.timedelta(days=rng.choice([1095, 1460, 1826, 2191]))
            forecasts = []
            forecast, end_forecast = baseline, end
            for rank in ranks:
                forecast = (
                    forecast * Decimal(str(1 + rng.uniform(-0.01, 0.02) + (5 - rank) * 0.01))
                ).quantize(Decimal("10000"))
                if rng.random() < 0.1:
                    end_forecast += datetime.timedelta(days=91)
                forecasts.append((forecast, end_forecast))
            stories.append((ranks, forecasts))
            programmes.append(
                Programme(
                    public_id=uuid.uuid4(),
                    organisation=body,
                    external_ref=f"uk:{number:05d}",
                    title=f"{template.title} {number:05d}",
                    summary="A synthetic programme for the --scale uk benchmarks.",
                    users=template.users,
                    sro=SROS[number % len(SROS)],
                    phase=phases[number % len(phases)],
                    confidence=RANK_CONFIDENCE[ranks[-1]],
                    high_risk=number % 37 == 0,
                    wlc_baseline=baseline,
                    wlc_forecast=forecasts[-1][0],
                    start_baseline=start,
                    end_baseline=end,
                    end_forecast=forecasts[-1][1],
                    source="Illustrative (synthetic)",
                    illustrative=True,
                    last_update=periods[-1].end,
                )
            )
        Programme.objects.bulk_create(programmes, batch_size=batch)
        saved = dict(
            Programme.objects.filter(external_ref__in=[p.external_ref for p in programmes]).values_list(
                "external_ref", "pk"
            )
        )
        updates, links_c, links_p = [], [], []
        for programme, (ranks, forecasts) in zip(programmes, stories, strict=True):
            pk = saved[programme.external_ref]
            made_ids.append(pk)
            for period, rank, (forecast, end_forecast) in zip(periods, ranks, forecasts, strict=True):
                updates.append(
                    ProgressUpdate(
                        public_id=uuid.uuid4(),
                        programme_id=pk,
                        period=period,
                        confidence=RANK_CONFIDENCE[rank],
                        phase=programme.phase,
                        narrative="Synthetic progress update.",
                        milestones_met=5 - rank,
                        milestones_missed=max(0, 3 - rank),
                        wlc_forecast=forecast,
                        end_forecast=end_forecast,
                    )
                )
            if commitments:
                links_c.append(Through(programme_id=pk, commitment_id=commitments[pk % len(commitments)]))
            if platform_ids and pk % 3 == 0:
                links_p.append(
                    PlatformThrough(programme_id=pk, platform_id=platform_ids[pk % len(platform_ids)])
                )
        ProgressUpdate.objects.bulk_create(updates, batch_size=5000)
        Through.objects.bulk_create(links_c, batch_size=5000)
        PlatformThrough.objects.bulk_create(links_p, batch_size=5000)
    links = []
    seen = set()
    for source in made_ids[::2]:
        target_id = rng.choice(made_ids)
        if target_id != source and (source, target_id) not in seen:
            seen.add((source, target_id))
            links.append(
                ProgrammeLink(
                    public_id=uuid.uuid4(), source_id=source, target_id=target_id, kind=LinkKind.DEPENDS_ON
                )
            )
    ProgrammeLink.objects.bulk_create(links, batch_size=5000)
    stdout.write(
        f"  programmes for --scale uk: {len(made_ids)} created, with {len(made_ids) * len(periods)} updates"
    )


def load(*, scale: str, stdout) -> None:
    bodies = {o.short_name: o for o in Organisation.objects.all()}
    if not bodies:
        stdout.write("  programmes: no public bodies yet, nothing to do")
        return
    platforms = _platforms()
    tags: dict[str, Tag] = {}
    commitments: dict = {}
    real = _real(bodies, platforms, tags, commitments)
    illustrative = _illustrative(bodies, platforms, tags, commitments, stdout)
    stdout.write(
        f"  programmes: {real} real and {illustrative} illustrative created; "
        f"{Programme.objects.exclude(external_ref__startswith='uk:').count()} in the register, "
        f"{ProgressUpdate.objects.count()} progress updates, {ProgrammeLink.objects.count()} links"
    )
    if scale == "uk":
        synthetic = list(
            Organisation.objects.filter(
                Q(illustrative=True)
                | Q(sector__in=[s for s in Sector.values if s not in (Sector.INDUSTRY, Sector.THIRD)])
            ).order_by("pk")
        )
        _uk(synthetic, platforms, stdout)
