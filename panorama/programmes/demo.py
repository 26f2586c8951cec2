"""The demo register: the shared platforms, the real programmes Audit Scotland reported on (with
their published figures), and an illustrative register of programmes across the public sector with
two to three years of quarterly progress and a believable network of interactions.

Everything invented is flagged `illustrative` and shown as such. `--scale uk` adds 20,000
synthetic programmes with 400,000 progress updates for the benchmarks.
"""

import datetime
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from panorama.core.demo_clock import demo_today, working_day
from panorama.core.models import Period
from panorama.core.periods import period_for_date, quarters_back
from panorama.organisations.demo import digital_spend
from panorama.organisations.models import Organisation, Sector
from panorama.strategy.models import Commitment

from .demo_portfolios import C17, C21, Template, all_templates, templates_for
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
# Drafts of the illustrative register in, the drafts to make out (see `load`).
KeepApart = Callable[[list[dict]], list[dict]]
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
        "IS",
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

DATA_HUB_SUMMARY = (
    "A national hub through which hospitals, GP practices and social work exchange patient and care "
    "records, so that each does not build its own interfaces."
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
    summary: str = ""


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


# Where a programme is in its life, from how much of its planned time has gone: a programme moves
# through the phases in order, never back, and one that is finished has been retired or stopped.
PHASE_ORDER = [Phase.DISCOVERY, Phase.ALPHA, Phase.BETA, Phase.LIVE]
PHASE_AT = [(0.12, Phase.DISCOVERY), (0.3, Phase.ALPHA), (0.65, Phase.BETA), (99.0, Phase.LIVE)]
FINISHED = (Phase.RETIRED, Phase.STOPPED)
ILLUSTRATIVE = " (Illustrative.)"
NARRATIVE_END = {
    Phase.RETIRED: "The service has been retired and its users moved to its replacement; no longer rated.",
    Phase.STOPPED: "The board stopped the programme this quarter; what was built is being closed down.",
}


def _phase_at(start: datetime.date, end: datetime.date, day: datetime.date) -> str:
    elapsed = (day - start).days / max(1, (end - start).days)
    return next(phase for limit, phase in PHASE_AT if elapsed < limit)


def _save_plan(
    plan: Plan, periods: list[Period], rng: random.Random, caches: dict, today: datetime.date
) -> Programme:
    forecast = plan.baseline
    end = plan.end
    updates = []
    rebaselined = False
    first_rated = rng.random() < 0.85
    finished = plan.phase in FINISHED
    quarters = list(zip(periods[-len(plan.ranks) :], plan.ranks, strict=True))
    for i, (period, rank) in enumerate(quarters):
        last = i == len(quarters) - 1
        drift = Decimal(str(rng.uniform(-0.015, 0.015) + (5 - rank) * 0.007))
        forecast = (forecast * (1 + drift)).quantize(Decimal("10000"))
        if rng.random() < 0.08 + (5 - rank) * 0.06:
            end = end + datetime.timedelta(days=rng.choice([30, 61, 91, 122]))
        # Unfinished work is never forecast to end before the quarter it reports on.
        if not finished and end <= period.end:
            end = period.end + datetime.timedelta(days=rng.choice([91, 183, 274]))
        phase = _phase_at(plan.start, plan.end, period.end)
        if not finished:
            phase = min(phase, plan.phase, key=PHASE_ORDER.index)
        elif last:
            phase = plan.phase
        elif plan.phase == Phase.RETIRED:
            phase = Phase.LIVE
        confidence = RANK_CONFIDENCE[rank]
        reason = ""
        if i == 0 and not first_rated:
            confidence, reason = Confidence.NOT_RATED, "First quarter: the board has not yet assessed it."
        missed = max(0, (5 - rank) - rng.randint(0, 1))
        met = rng.randint(0, 3) + (rank >= 4)
        narrative = rng.choice(NARRATIVE[rank]).format(m=met, x=max(1, missed))
        if phase == Phase.LIVE and rank == 5:
            narrative = rng.choice(
                [
                    "Live and stable; {m} improvements released this quarter.",
                    "The live service met its targets; the team released {m} changes.",
                ]
            ).format(m=met)
        if finished and last:
            confidence = Confidence.NOT_RATED
            reason = NARRATIVE_END[plan.phase]
            narrative, missed, met = NARRATIVE_END[plan.phase], 0, 0
            end = period.end
        risks = "" if finished and last else "\n".join(rng.sample(RISKS, rng.randint(1, 3)))
        updates.append(
            ProgressUpdate(
                period=period,
                confidence=confidence,
                confidence_reason=reason,
                phase=phase,
                narrative=narrative,
                milestones_met=met,
                milestones_missed=missed,
                top_risks=risks,
                wlc_forecast=forecast,
                end_forecast=end,
                submitted_at=datetime.datetime.combine(
                    working_day(period.end + datetime.timedelta(days=14)),
                    datetime.time(10),
                    tzinfo=datetime.UTC,
                ),
            )
        )
        variance = (forecast - plan.baseline) / plan.baseline
        if not rebaselined and variance > Decimal("0.2") and rng.random() < 0.6:
            rebaselined = True
            caches.setdefault("rebaselines", []).append(
                (plan.ref, working_day(period.end + datetime.timedelta(days=20)), forecast, end)
            )
    latest = updates[-1]
    if not finished:
        # Still being delivered, so its end is still ahead: re-planned in the last two returns (a
        # body whose latest return is not yet accepted shows the one before).
        if latest.end_forecast <= today:
            latest.end_forecast = today + datetime.timedelta(days=rng.choice([91, 152, 244, 365]))
        for update in updates[-2:-1]:
            if update.end_forecast <= today:
                update.end_forecast = latest.end_forecast
    end_forecast = latest.end_forecast
    programme = Programme.objects.create(
        organisation=plan.organisation,
        external_ref=plan.ref,
        title=plan.title,
        summary=plan.summary + ILLUSTRATIVE,
        users=plan.template.users,
        sro=rng.choice(SROS),
        phase=plan.phase,
        confidence=latest.confidence,
        confidence_reason=latest.confidence_reason,
        high_risk=plan.high_risk and not finished,
        wlc_baseline=plan.baseline,
        wlc_forecast=latest.wlc_forecast,
        start_baseline=plan.start,
        start_forecast=plan.start + datetime.timedelta(days=rng.choice([0, 0, 0, 30, 61])),
        end_baseline=plan.end,
        end_forecast=end_forecast,
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


def _place(body: Organisation) -> str:
    """What a body calls itself in a programme's title: "Fife", "Greater Glasgow and Clyde", "SEPA"."""
    name = body.name
    for prefix in ("The ", "City of ", "NHS "):
        name = name.removeprefix(prefix)
    for suffix in (" Integration Joint Board", " Council", " City"):
        name = name.removesuffix(suffix)
    return name if len(name) <= 32 else body.short_name


def _money(rng: random.Random, body: Organisation, scale: float) -> Decimal:
    """Whole-life cost: a multiple of the body's own annual digital spend, so that programmes are as
    large as the bodies that run them (a few million at Audit Scotland, hundreds at NHS GGC)."""
    # Sublinear: a body ten times the size runs programmes about seven times as large, not ten.
    value = max(0.08, digital_spend(body) ** 0.85 * scale * rng.lognormvariate(0, 0.35) * 0.7)
    return (Decimal(str(round(value, 2))) * M).quantize(Decimal("10000"))


def _how_many(body: Organisation, rng: random.Random) -> int:
    """Bigger bodies run more programmes; an advisory body or a small commissioner runs none."""
    spend = digital_spend(body)
    if body.kind == "integration joint board":
        return 1 if body.budget_band in ("£250m to £999m", "£1bn to £4.9bn") else 0
    if spend < 0.3:
        return 0
    if spend < 1.5:
        return 1
    if spend < 6:
        return rng.choice([1, 2, 2])
    if spend < 20:
        return rng.choice([2, 3])
    if spend < 50:
        return rng.choice([3, 4])
    return rng.choice([4, 5])


def _wording(template: Template, body: Organisation, variant: int) -> tuple[str, str]:
    title = template.titles[variant % len(template.titles)].format(place=_place(body))
    summary = template.summaries[variant % len(template.summaries)]
    return title, summary


def _illustrative(
    bodies: dict, platforms: dict, tags: dict, commitments: dict, stdout, keep_apart: KeepApart | None
) -> int:
    if Programme.objects.filter(external_ref__startswith="demo:").exists():
        return 0
    rng = random.Random(2019)
    today = demo_today()
    last_complete = period_for_date(today).start - datetime.timedelta(days=1)
    periods = quarters_back(last_complete, 12)
    caches = {"tags": tags, "commitments": commitments, "platforms": platforms}
    by_ref: dict[str, Programme] = {}

    # The platforms as programmes, and the red data hub: live (or in beta) and still being developed.
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
        start = periods[-len(ranks)].start - datetime.timedelta(days=rng.randint(200, 500))
        end = today + datetime.timedelta(days=rng.randint(200, 700))
        template = Template(
            ref, [title], [title], tag_names, refs, [], "public bodies and the people they serve"
        )
        phase = Phase.LIVE if slug else Phase.BETA
        plan = Plan(ref, title, body, template, ranks, Decimal(cost) * M, start, end, phase)
        plan.summary = (
            next(p["summary"] for p in PLATFORMS if p["slug"] == slug) if slug else DATA_HUB_SUMMARY
        )
        by_ref[ref] = _save_plan(plan, periods, rng, caches, today)
        if slug:
            platforms[slug].programmes.add(by_ref[ref])

    public = [o for o in bodies.values() if o.is_public_sector and not o.illustrative]
    public.sort(key=lambda o: o.short_name)
    drafts: list[dict] = []
    for body in public:
        templates = templates_for(short_name=body.short_name, kind=body.kind)
        count = min(_how_many(body, rng), len(templates))
        own = [t for t in templates if t.key.split("-")[0] in (body.short_name.lower(), "grants")]
        others = [t for t in templates if t not in own]
        chosen = own[:count] + rng.sample(others, max(0, min(len(others), count - len(own))))
        spare = [t for t in templates if t not in chosen]
        rng.shuffle(spare)
        for template in chosen:
            # Its timeline first: a finished programme is not in the overlap finder's list.
            start = today - datetime.timedelta(days=rng.randint(120, 1800))
            end = start + datetime.timedelta(days=rng.choice([730, 913, 1095, 1278, 1460]))
            phase = _phase_at(start, end, today)
            roll = rng.random()
            if roll < 0.04:
                phase, end = Phase.STOPPED, min(end, last_complete)
            elif phase == Phase.LIVE and end < today and roll < 0.25:
                phase = Phase.RETIRED
            variant = rng.randrange(6)
            title, summary = _wording(template, body, variant)
            # `spare` is shared by the body's drafts, so no template is used twice in one body.
            drafts.append(
                {
                    "body": body,
                    "template": template,
                    "variant": variant,
                    "title": title,
                    "summary": summary,
                    "spare": spare,
                    # A board's laboratory work is done with NSS, moving onto the national system.
                    "partners": {bodies["NSS"]} if template.key == "lab" and "NSS" in bodies else set(),
                    "tried": 0,
                    "own": template in own,
                    "start": start,
                    "end": end,
                    "phase": phase,
                }
            )
    if keep_apart is not None:
        drafts = keep_apart(drafts)

    for number, draft in enumerate(drafts, start=1):
        body, template = draft["body"], draft["template"]
        start, end, phase = draft["start"], draft["end"], draft["phase"]
        quarters = sum(1 for p in periods if p.end >= start) or 1
        final = 1 if phase == Phase.STOPPED else None
        plan = Plan(
            f"demo:{number:03d}:{template.key}",
            draft["title"],
            body,
            template,
            _story(rng, quarters, final),
            _money(rng, body, template.scale),
            start,
            end,
            phase,
            high_risk=rng.random() < 0.06,
            partners=sorted(draft["partners"], key=lambda o: o.short_name),
            summary=draft["summary"],
        )
        by_ref[plan.ref] = _save_plan(plan, periods, rng, caches, today)

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

    def keyed(*keys: str) -> list[Programme]:
        return [p for p in programmes if p.external_ref.split(":")[-1] in keys]

    hub = by_ref.get("demo:data-hub")
    health = keyed("epr", "community", "patients", "remote")
    care = keyed("social-care", "telecare", "ijb-data")
    if hub is not None:
        for programme in rng.sample(health, min(10, len(health))) + care:
            link(programme, hub, LinkKind.DEPENDS_ON, "Needs the hub to exchange patient and care records.")
    # A council's social care record shares data with its health board's community record.
    community = keyed("community")
    for programme in keyed("social-care"):
        if community:
            link(programme, rng.choice(community), LinkKind.SHARES_DATA, "Shared care records.")
    # Boards joining the national laboratory system overlap with it until their own is retired:
    # declared here, as the boards have, so the overlap finder does not need to find them.
    national_lims = keyed("nss-lims")
    for programme in keyed("lab"):
        if national_lims:
            link(programme, national_lims[0], LinkKind.OVERLAPS, "Joining the national laboratory system.")
    # ScotAccount and local government's myaccount both let people prove who they are to public
    # services: declared as overlapping work (an illustrative link), so the finder need not find it.
    scotaccount, myaccount = platform_programmes.get("scotaccount"), platform_programmes.get("myaccount")
    if scotaccount and myaccount:
        link(myaccount, scotaccount, LinkKind.OVERLAPS, "Both verify who people are for public services.")
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
    courts = keyed("scts-icms")
    justice = [p for p in programmes if p.organisation.sector == Sector.JUSTICE and p not in courts]
    for source in justice:
        if courts:
            link(
                source, courts[0], LinkKind.SHARES_DATA, "Case papers pass between the bodies and the courts."
            )
    ProgrammeLink.objects.bulk_create(links)


def _uk(bodies: list[Organisation], platforms: dict, stdout) -> None:
    """20,000 synthetic programmes with 20 quarters of updates each (400,000), in batches."""
    target = 20_000
    have = Programme.objects.filter(external_ref__startswith="uk:").count()
    if have >= target:
        stdout.write(f"  programmes for --scale uk: {have} already there")
        return
    rng = random.Random(20000)
    last_complete = period_for_date(demo_today()).start - datetime.timedelta(days=1)
    periods = quarters_back(last_complete, 20)
    commitments = list(Commitment.objects.values_list("pk", flat=True))
    platform_ids = [p.pk for p in platforms.values()]
    templates = all_templates()
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


def load(*, scale: str, stdout, keep_apart: KeepApart | None = None) -> None:
    """`keep_apart`, given the illustrative drafts, rewords or drops any two bodies' programmes that
    look like the same work. It is the overlap finder's, so the collaboration app passes it in
    (`collaboration.demo_register.load`, the step listed in settings): the programmes app sits below
    collaboration and does not import it. Without it the register is made as drafted."""
    bodies = {o.short_name: o for o in Organisation.objects.all()}
    if not bodies:
        stdout.write("  programmes: no public bodies yet, nothing to do")
        return
    platforms = _platforms()
    tags: dict[str, Tag] = {}
    commitments: dict = {}
    real = _real(bodies, platforms, tags, commitments)
    illustrative = _illustrative(bodies, platforms, tags, commitments, stdout, keep_apart)
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
