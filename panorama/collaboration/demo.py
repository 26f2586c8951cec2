"""The collaboration demo: forums with members from every sector, their meetings, decisions and
actions (some taking ownership of unowned commitments); three innovation-challenge rounds in the
CivTech shape; the common platforms and who uses them; licences; and planted overlaps — among them
three councils each building the same residents' parking permit service.

Everything invented is marked illustrative. Real figures only from domain.md: ScotAccount and
ScotPayments are the common platforms, a cloud platform used by 11 bodies, and local government's
myaccount used by 40 organisations. Idempotent: a second run adds nothing.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils.text import slugify

from panorama.accounts import services as accounts
from panorama.accounts.models import User
from panorama.core.demo_clock import demo_today, working_day
from panorama.organisations.models import Organisation, Sector
from panorama.programmes.models import Phase, Platform, Programme

from . import labelled, services
from .models import (
    Action,
    ActionStatus,
    Application,
    ApplicationStage,
    Challenge,
    ChallengeRound,
    ChallengeStage,
    Forum,
    Licence,
    Overlap,
    PlatformAdoption,
)

EXTERNAL_REF = "collaboration-demo:"

# (email, name, body short name, role at the body)
PEOPLE = [
    ("editor@codeclan.demo.scot", "Carys Partner", "CCL", "editor"),
    ("editor@scvo.demo.scot", "Sorcha Partner", "SCVO", "editor"),
    ("editor@youngscot.demo.scot", "Yusuf Partner", "YS", "editor"),
    ("editor@fife.demo.scot", "Fergus Editor", "FIF", "editor"),
    ("editor@glasgow.demo.scot", "Grace Editor", "GCC", "editor"),
    ("editor@highland.demo.scot", "Hamish Editor", "HC", "editor"),
    ("editor@sg.demo.scot", "Shona Editor", "SG", "editor"),
    ("editor@phs.demo.scot", "Priya Editor", "PHS", "editor"),
    ("founder@thistlelabs.demo.scot", "Tam Founder", "THISTLE", "editor"),
]


def demo_people() -> list[tuple[str, str]]:
    """(email, what they can do) for the demo sign-ins the forums and challenges add, for `make run` to print."""
    return [(email, f"{role} of {short}") for email, _, short, role in PEOPLE]


FORUMS = [
    {
        "name": "Digital Leaders' Forum",
        "purpose": "The executive-level, cross-sector forum for digital that the 2019 audit found missing: "
        "digital leaders from central and local government, health, industry and the third sector plan "
        "and prioritise together.\n\n- agree shared priorities across the strategy\n- take ownership of "
        "commitments nobody owns\n- decide where bodies should build once and share",
        "chair": "editor@sg.demo.scot",
        "members": [
            "editor@sss.demo.scot",
            "editor@ds.demo.scot",
            "editor@nhs24.demo.scot",
            "editor@edc.demo.scot",
            "editor@sis.demo.scot",
            "editor@codeclan.demo.scot",
            "editor@scvo.demo.scot",
            "editor@youngscot.demo.scot",
        ],
    },
    {
        "name": "Data Forum",
        "purpose": "Bodies that hold and publish data, with industry and third-sector partners: common "
        "standards, open data and the ethical use of data.",
        "chair": "editor@phs.demo.scot",
        "members": [
            "editor@nhs24.demo.scot",
            "editor@sis.demo.scot",
            "editor@scvo.demo.scot",
            "editor@sss.demo.scot",
        ],
    },
    {
        "name": "Local Government Digital Forum",
        "purpose": "Councils and their partners working out what to build once for all 32 councils — and "
        "spotting where councils are building the same thing side by side.",
        "chair": "editor@edc.demo.scot",
        "members": [
            "editor@fife.demo.scot",
            "editor@glasgow.demo.scot",
            "editor@highland.demo.scot",
            "editor@sis.demo.scot",
            "editor@scvo.demo.scot",
        ],
    },
]

# name, kind, owner short name, launched, summary, url
PLATFORMS = [
    (
        "ScotAccount",
        "identity",
        "SG",
        datetime.date(2022, 9, 1),
        "A common way for people to prove who they are and sign in to public services.",
        "https://www.scotaccount.service.gov.scot",
    ),
    (
        "ScotPayments",
        "payments",
        "SG",
        datetime.date(2021, 4, 1),
        "A common platform for making payments to people and organisations.",
        "",
    ),
    (
        "Cloud platform",
        "cloud",
        "SG",
        datetime.date(2020, 10, 1),
        "A shared cloud hosting platform for public bodies; used by 11 bodies (2024 progress report).",
        "",
    ),
    (
        "myaccount",
        "identity",
        None,
        datetime.date(2014, 6, 1),
        "Local government's single sign-in: 40 organisations, 2.4m registrations (2024 progress report).",
        "",
    ),
    (
        "Notify Scotland",
        "notifications",
        "SG",
        datetime.date(2023, 3, 1),
        "Illustrative: email, text and letter notifications as a shared component.",
        "",
    ),
]

SCOTACCOUNT_ADOPTERS = ["SSS", "SAAS", "DS", "RoS", "SG", "SPPA", "AiB", "TS"]
SCOTPAYMENTS_ADOPTERS = ["SSS", "SG", "SAAS", "SF", "FLS"]
CLOUD_ADOPTERS = ["SG", "SSS", "DS", "TS", "SPS", "SAAS", "AiB", "SPPA", "ES", "SF", "RoS"]  # 11
NOTIFY_ADOPTERS = ["SSS", "DS"]

COMPANIES = [
    "Thistle Labs",
    "Kelpie Data",
    "Loch Analytics",
    "Braw Digital",
    "Haar Systems",
    "Ceilidh Code",
    "Munro Software",
    "Bothy Studio",
    "Firth AI",
    "Clyde Civic Tech",
    "Forth Robotics",
    "Skye Insight",
    "Tay Health Tech",
    "Cairn Geo",
    "Strath Cloud",
    "Glen Logic",
    "Machair Maps",
    "Corrie Labs",
]

# round name, opened, demo day, [(sponsor, title, problem, budget, final stage, applications)]
ROUNDS = [
    (
        "Innovation round 2023",
        datetime.date(2023, 5, 1),
        datetime.date(2024, 2, 15),
        [
            (
                "SEPA",
                "Spotting illegal waste sites from the air",
                "Illegal waste sites harm communities and cost millions to clear, but are found late, often by chance. How might we find them early from imagery we already have?",
                "250000",
                ChallengeStage.ADOPTED,
                14,
            ),
            (
                "TS",
                "Knowing how full rural buses are",
                "Rural bus operators and councils cannot see demand in real time, so services are planned on old counts. How might we know how full buses are, without new hardware on every bus?",
                "200000",
                ChallengeStage.ADOPTED,
                11,
            ),
            (
                "NS",
                "Counting seabirds without disturbing them",
                "Seabird surveys rely on people on cliffs. How might we count colonies more often and more safely?",
                "150000",
                ChallengeStage.NOT_ADOPTED,
                9,
            ),
            (
                "YS",
                "Helping young people find support they are entitled to",
                "Many young people miss support they are entitled to because it is spread over dozens of websites. How might we bring it to them?",
                "180000",
                ChallengeStage.ADOPTED,
                16,
            ),
        ],
    ),
    (
        "Innovation round 2024",
        datetime.date(2024, 5, 1),
        datetime.date(2025, 2, 20),
        [
            (
                "SFRS",
                "Predicting which homes are most at risk of fire",
                "Home fire safety visits reach people who ask for them, not always those most at risk. How might we find the homes most at risk, with consent and without intrusion?",
                "250000",
                ChallengeStage.ADOPTED,
                13,
            ),
            (
                "SSS",
                "Fewer missed appointments for disability assessments",
                "Missed consultations delay decisions for clients. How might we help people attend, reschedule or be seen another way?",
                "220000",
                ChallengeStage.ADOPTED,
                12,
            ),
            (
                "HES",
                "Monitoring the condition of historic buildings",
                "Inspecting hundreds of properties by hand is slow. How might we detect decay early?",
                "150000",
                ChallengeStage.NOT_ADOPTED,
                8,
            ),
            (
                "SCVO",
                "Helping small charities stay safe online",
                "Small charities are targets for cyber attacks but have no IT staff. How might we protect them simply and cheaply?",
                "120000",
                ChallengeStage.ADOPTED,
                15,
            ),
        ],
    ),
    (
        "Innovation round 2025",
        datetime.date(2025, 5, 1),
        datetime.date(2026, 2, 26),
        [
            (
                "PHS",
                "Earlier warning of winter pressures",
                "Hospitals see winter surges late. How might we warn of them earlier from data already collected?",
                "250000",
                ChallengeStage.ACCELERATOR,
                12,
            ),
            (
                "DS",
                "Checking identity documents without a visit",
                "Some applicants must visit in person to prove who they are. How might we check documents remotely and safely?",
                "200000",
                ChallengeStage.EXPLORATION,
                10,
            ),
            (
                "FIF",
                "Planning bin routes around real demand",
                "Bin lorries follow fixed routes whether bins are full or not. How might we plan routes around what needs collecting?",
                "150000",
                ChallengeStage.SHORTLIST,
                9,
            ),
        ],
    ),
    (
        "Innovation round 2026",
        datetime.date(2026, 11, 2),
        None,
        [
            (
                "SSS",
                "Helping people find the benefits they are owed",
                "Many people do not claim what they are entitled to. How might we help them find out, "
                "in one short conversation, which benefits to apply for?",
                "200000",
                ChallengeStage.OPEN,
                4,
            ),
        ],
    ),
]

ROUNDS_WRITTEN_ON = datetime.date(2026, 12, 7)

# Programmes planted for the overlap finder come from the labelled set; these bodies must exist.
OVERLAP_PLATFORMS = {
    "scotaccount": "ScotAccount",
    "scotpayments": "ScotPayments",
    "cloud": "Cloud platform",
    "myaccount": "myaccount",
}

LICENCES = [
    (
        "SSS",
        "Case management suite",
        "Big Vendor plc",
        1800,
        "1450000",
        datetime.date(2027, 3, 31),
        "Benefits case management",
    ),
    ("SSS", "Office productivity", "Microsoft", 4200, "890000", datetime.date(2026, 9, 30), ""),
    (
        "DS",
        "PVG scheme case manager",
        "Legacy Systems Ltd",
        350,
        "410000",
        datetime.date(2026, 6, 30),
        "Disclosure case management",
    ),
    (
        "EDC",
        "Revenues and benefits",
        "Council Systems Ltd",
        600,
        "520000",
        datetime.date(2027, 3, 31),
        "Council tax and benefits",
    ),
    ("EDC", "Customer relationship management", "CRM Co", 300, "180000", datetime.date(2026, 12, 31), ""),
]


def _org(short: str) -> Organisation | None:
    return Organisation.objects.filter(short_name=short).first()


def _person(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _ensure_people() -> None:
    thistle = Organisation.objects.filter(short_name="THISTLE").first()
    if thistle is None:
        thistle = Organisation.objects.create(
            slug="thistle-labs",
            short_name="THISTLE",
            name="Thistle Labs Ltd",
            sector=Sector.INDUSTRY,
            kind="technology company",
            illustrative=True,
            description="An illustrative small technology company that applies to innovation challenges.",
        )
    for email, name, short, role in PEOPLE:
        body = _org(short)
        if body is None:
            continue
        person = _person(email) or accounts.user_create(
            actor=None,
            email=email,
            full_name=name,
            password=settings.PANORAMA_DEMO_PASSWORD,
            check_password=False,
        )
        accounts.membership_set(actor=None, person=person, organisation=body, role=role)


def _companies() -> list[Organisation]:
    companies = []
    for name in COMPANIES:
        full = f"{name} Ltd"
        company = Organisation.objects.filter(name=full).first()
        if company is None:
            short = slugify(name).replace("-", "")[:10].upper()
            if Organisation.objects.filter(short_name=short).exists():
                short = short[:8] + "X"
            company = Organisation.objects.create(
                slug=slugify(name)[:60],
                short_name=short,
                name=full,
                sector=Sector.INDUSTRY,
                kind="technology company",
                illustrative=True,
            )
        companies.append(company)
    return companies


def _forums(stdout) -> None:
    from panorama.strategy.models import Commitment

    unowned = [
        c
        for c in Commitment.objects.select_related("owner").order_by("ambition__number", "reference")
        if c.unowned
    ]
    owned = [c for c in Commitment.objects.select_related("owner").order_by("reference") if not c.unowned]
    taken = set(Action.objects.filter(owns_commitment=True).values_list("commitment_id", flat=True))
    unowned = [c for c in unowned if c.pk not in taken]
    analyst = _person("analyst@demo.scot")
    for number, spec in enumerate(FORUMS):
        if Forum.objects.filter(name=spec["name"]).exists():
            continue
        forum = services.forum_create(
            actor=None, name=spec["name"], purpose=spec["purpose"], illustrative=True
        )
        chair = _person(spec["chair"])
        seats = [(chair, "chair")] + [(_person(e), "member") for e in spec["members"]]
        for person, role in seats:
            if person is None:
                continue
            body = person.memberships.select_related("organisation").first()
            if body is not None:
                services.forum_member_add(
                    actor=None, forum=forum, person=person, organisation=body.organisation, role=role
                )
        meetings = []
        for i, (months_ago, title) in enumerate(
            [(7, "Setting priorities"), (4, "Shared platforms"), (1, "Progress review")]
        ):
            held = working_day(demo_today() - datetime.timedelta(days=30 * months_ago), forward=False)
            meeting = services.meeting_create(
                actor=None,
                forum=forum,
                data={
                    "title": title,
                    "held_on": held,
                    "location": "Victoria Quay, Edinburgh, and online" if i % 2 == 0 else "Online",
                    "agenda": f"1. Welcome and apologies\n2. {title}\n3. Actions from the last meeting\n4. Any other business",
                    "minutes": f"The forum discussed {title.lower()}. Members from every sector contributed; "
                    "the decisions and actions below were agreed."
                    if months_ago > 1
                    else "",
                    "illustrative": True,
                },
            )
            services.paper_add(
                actor=None,
                meeting=meeting,
                title=f"Paper {i + 1}: {title}",
                summary="For discussion and decision.",
            )
            if months_ago > 1:
                services.decision_add(
                    actor=None,
                    meeting=meeting,
                    text=f"Agreed the approach to {title.lower()}; the chair to report progress at the next meeting.",
                )
            meetings.append(meeting)
        members = [seat.person for seat in forum.members.select_related("person")]
        plans = []
        for _k in range(2):  # two commitments this forum takes ownership of, where any remain unowned
            if unowned:
                plans.append(("Lead delivery of", unowned.pop(0), True))
        if owned:
            plans.append(("Support", owned[(number * 3) % len(owned)], False))
        for j, (verb, commitment, own) in enumerate(plans):
            owner = members[(j + 1) % len(members)] if members else None
            services.action_create(
                actor=None,
                forum=forum,
                data={
                    "title": f"{verb} commitment {commitment.reference}: agree a plan, an owner and a first report",
                    "owner": owner,
                    "organisation": owner.memberships.first().organisation if owner else None,
                    "due": demo_today() + datetime.timedelta(days=60 * (j + 1) - 90),
                    "status": [ActionStatus.IN_PROGRESS, ActionStatus.OPEN, ActionStatus.DONE][j % 3],
                    "commitment": commitment,
                    "owns_commitment": own,
                    "meeting": meetings[0],
                    "illustrative": True,
                },
            )
        services.action_create(
            actor=None,
            forum=forum,
            data={
                "title": "Circulate a list of the programmes each member body is starting this year",
                "owner": members[0] if members else None,
                "due": demo_today() + datetime.timedelta(days=21),
                "meeting": meetings[-1],
                "illustrative": True,
            },
        )
        if len(members) >= 2:
            first, second = members[0], members[1]
            thread = services.thread_create(
                actor=first,
                forum=forum,
                title="Who is already using ScotAccount?",
                body=f"Before we each build a sign-in, who is on ScotAccount already? @{second.email} — "
                "I think your body went live last year?",
            )
            services.post_create(
                actor=second,
                thread=thread,
                body="Yes: we went live last year. Our lessons are in the **lessons library**; happy to share the "
                "onboarding plan.",
            )
    if analyst is None:
        stdout.write("  (no analyst yet)")
    stdout.write(
        f"  forums: {Forum.objects.count()}, actions owning commitments: "
        f"{Action.objects.filter(owns_commitment=True).count()}"
    )


def _challenges(stdout) -> None:
    companies = _companies()
    thistle = _org("THISTLE")
    founder = _person("founder@thistlelabs.demo.scot")
    # The rounds are written as of 7 December 2026; they move with the demo's today, so that the
    # latest round is always the one open for applications.
    shift = demo_today() - ROUNDS_WRITTEN_ON
    for r, (name, opened, demo_day, specs) in enumerate(ROUNDS):
        if ChallengeRound.objects.filter(name=name).exists():
            continue
        opened = opened + shift
        demo_day = demo_day + shift if demo_day else None
        round_ = ChallengeRound.objects.create(
            name=name,
            slug=slugify(name),
            opened_on=opened,
            demo_day=demo_day,
            illustrative=True,
            summary="An illustrative round in the shape of the real programme (domain.md §4): open challenges, "
            "a first sift to at most six per challenge, about three paid exploration teams (£5,000 each), one "
            "accelerator team, demo day, then contracts and adoption.",
        )
        for c, (sponsor_short, title, problem, budget, final, n_apps) in enumerate(specs):
            sponsor = _org(sponsor_short) or _org("SG")
            challenge = Challenge.objects.create(
                round=round_,
                sponsor=sponsor,
                title=title,
                problem=problem,
                budget=Decimal(budget),
                stage=ChallengeStage.OPEN,
                illustrative=True,
            )
            teams = [companies[(r * 5 + c * 3 + k) % len(companies)] for k in range(n_apps)]
            # Thistle Labs (the demo's industry applicant) has applied to every challenge that has
            # closed, and to none still open, so signing in as its founder there is one to apply to.
            if final == ChallengeStage.OPEN:
                teams = [team for team in teams if team != thistle]
            elif thistle is not None and thistle not in teams:
                teams[0] = thistle
            apps = []
            for k, team in enumerate(dict.fromkeys(teams)):
                apps.append(
                    Application.objects.create(
                        challenge=challenge,
                        organisation=team,
                        submitted_by=founder if team == thistle else None,
                        proposal=f"{team.name} would start by spending time with the people who live with the problem, "
                        "then test a small prototype with the sponsor's team within the exploration stage.",
                        submitted_at=datetime.datetime.combine(
                            opened + datetime.timedelta(days=10 + k), datetime.time(12), tzinfo=datetime.UTC
                        ),
                        illustrative=True,
                    )
                )
            # Walk the challenge through the real flow with the services, so the rules apply.
            order = [s.value for s in ChallengeStage]
            target = order.index(final)
            plan = [
                (ChallengeStage.SHORTLIST, ApplicationStage.SHORTLISTED, 6),
                (ChallengeStage.EXPLORATION, ApplicationStage.EXPLORATION, 3),
                (ChallengeStage.ACCELERATOR, ApplicationStage.ACCELERATOR, 1),
                (ChallengeStage.DEMO_DAY, ApplicationStage.DEMO_DAY, 1),
            ]
            moving = apps
            for challenge_stage, app_stage, keep in plan:
                if order.index(challenge_stage) > target:
                    break
                services.challenge_set_stage(actor=None, challenge=challenge, stage=challenge_stage)
                moving = moving[:keep]
                for application in moving:
                    application.refresh_from_db()
                    services.application_advance(actor=None, application=application, stage=app_stage)
            if final == ChallengeStage.ADOPTED:
                services.application_advance(
                    actor=None, application=moving[0], stage=ApplicationStage.ADOPTED
                )
                services.challenge_set_stage(actor=None, challenge=challenge, stage=ChallengeStage.ADOPTED)
                challenge.outcome = (
                    f"{moving[0].organisation.name} won a contract after demo day; {sponsor.name} now runs the "
                    "solution in live service."
                )
                challenge.save(update_fields=["outcome"])
            elif final == ChallengeStage.NOT_ADOPTED:
                services.challenge_set_stage(
                    actor=None, challenge=challenge, stage=ChallengeStage.NOT_ADOPTED
                )
                challenge.outcome = "The prototype worked, but the sponsor could not fund live running; the lessons are shared."
                challenge.save(update_fields=["outcome"])
    stdout.write(
        f"  challenge rounds: {ChallengeRound.objects.count()}, challenges: {Challenge.objects.count()}, "
        f"applications: {Application.objects.count()}"
    )


# The map engineer's demo creates these platforms first (programmes.demo); find theirs by slug.
PLATFORM_SLUGS = {
    "ScotAccount": ("scotaccount", "ScotAccount"),
    "ScotPayments": ("scotpayments", "ScotPayments"),
    "Cloud platform": ("cloud-platform", "Shared cloud platform"),
    "myaccount": ("myaccount", "Local government myaccount"),
    "Notify Scotland": ("notifications", "Notifications service"),
}


def _platform(name: str, kind: str, owner: str | None, launched, summary: str, url: str) -> Platform:
    slug, full_name = PLATFORM_SLUGS[name]
    platform = (
        Platform.objects.filter(slug=slug).first() or Platform.objects.filter(name__iexact=full_name).first()
    )
    if platform is None:
        platform = Platform.objects.create(
            name=full_name,
            slug=slug,
            kind=kind,
            owner=_org(owner) if owner else None,
            launched=launched,
            summary=summary,
            url=url,
        )
    return platform


def _adopt(platform: Platform, shorts: list[str], start: datetime.date, step_days: int) -> None:
    for i, short in enumerate(shorts):
        body = _org(short)
        if body is None or PlatformAdoption.objects.filter(platform=platform, organisation=body).exists():
            continue
        PlatformAdoption.objects.create(
            platform=platform,
            organisation=body,
            adopted_on=start + datetime.timedelta(days=step_days * i),
            status="live",
            illustrative=True,
            note="Which bodies, and when, is illustrative; the total is the published figure."
            if platform.kind in ("cloud",) or platform.name == "myaccount"
            else "",
        )


def _platforms(stdout) -> dict[str, Platform]:
    platforms = {
        name: _platform(name, kind, owner, launched, summary, url)
        for name, kind, owner, launched, summary, url in PLATFORMS
    }
    _adopt(platforms["ScotAccount"], SCOTACCOUNT_ADOPTERS, datetime.date(2022, 10, 1), 110)
    _adopt(platforms["ScotPayments"], SCOTPAYMENTS_ADOPTERS, datetime.date(2021, 6, 1), 200)
    _adopt(platforms["Cloud platform"], CLOUD_ADOPTERS, datetime.date(2020, 11, 1), 120)
    _adopt(platforms["Notify Scotland"], NOTIFY_ADOPTERS, datetime.date(2023, 6, 1), 180)
    # myaccount: all 32 councils and 8 other organisations = 40 (the published total).
    councils = list(
        Organisation.objects.filter(sector=Sector.LOCAL, kind="council")
        .order_by("name")
        .values_list("short_name", flat=True)
    )
    others = [s for s in ["YS", "SG", "SAAS", "TS", "NRS", "SDS", "SFRS", "SCVO", "ES", "SQA"] if _org(s)][
        : max(0, 40 - len(councils))
    ]
    _adopt(platforms["myaccount"], councils + others, datetime.date(2014, 9, 1), 90)
    stdout.write(f"  platforms: {len(platforms)}, adoptions: {PlatformAdoption.objects.count()}")
    return platforms


def _overlap_programmes(platforms: dict[str, Platform], stdout) -> None:
    created = 0
    planted: list[Programme] = []
    for key, short, title, summary, users, _commitments, platform_keys in labelled.PROGRAMMES:
        body = _org(short)
        if body is None or Programme.objects.filter(external_ref=EXTERNAL_REF + key).exists():
            continue
        programme = Programme.objects.create(
            organisation=body,
            title=title,
            summary=summary,
            users=users,
            phase=[Phase.DISCOVERY, Phase.ALPHA, Phase.BETA][created % 3],
            external_ref=EXTERNAL_REF + key,
            source="Illustrative: planted for the overlap finder (collaboration demo).",
            illustrative=True,
        )
        programme.platforms.set(
            [platforms[OVERLAP_PLATFORMS[p]] for p in platform_keys if OVERLAP_PLATFORMS[p] in platforms]
        )
        created += 1
        planted.append(programme)
    _lessons_for(planted)
    result = services.overlaps_recompute(actor=None)
    _confirm_the_three_councils()
    stdout.write(
        f"  overlap finder: {created} illustrative programmes planted; {result.programmes} programmes compared, "
        f"{result.found} possible overlaps ({result.created} new)"
    )


PERMITS = ["fife-permits", "glasgow-permits", "highland-permits"]
PERMITS_NOTE = (
    "Three councils each building a residents' parking permit service: the Local Government Digital "
    "Forum is bringing them together to build it once."
)


def _lessons_for(programmes: list[Programme]) -> None:
    """The lessons step ran before these programmes existed: give them their lessons now, as its own
    demo step does for programmes it finds unchecked (in-app only), so a second run adds nothing."""
    try:
        from panorama.lessons.services import lessons_push_backfill
    except ImportError:
        return
    lessons_push_backfill(programmes=programmes, email=False)


def _confirm_the_three_councils() -> None:
    """The planted example a newcomer should find: confirmed, and taken up by a forum."""
    permits = list(Programme.objects.filter(external_ref__in=[EXTERNAL_REF + k for k in PERMITS]))
    analyst = _person("analyst@demo.scot")
    for overlap in Overlap.objects.filter(programme_a__in=permits, programme_b__in=permits, status="open"):
        services.overlap_decide(actor=analyst, overlap=overlap, status="confirmed", note=PERMITS_NOTE)
    # And a pair the finder flags that is not the same thing, dismissed with its reason.
    sepa = Programme.objects.filter(external_ref=EXTERNAL_REF + "sepa-permits").first()
    for overlap in Overlap.objects.filter(status="open").filter(
        Q(programme_a=sepa, programme_b__in=permits) | Q(programme_b=sepa, programme_a__in=permits)
    ):
        services.overlap_decide(
            actor=analyst,
            overlap=overlap,
            status="dismissed",
            note="Environmental permits for businesses are not residents' parking permits.",
        )
    forum = Forum.objects.filter(name="Local Government Digital Forum").first()
    title = "Bring Fife, Glasgow and Highland together to build one residents' parking permit service"
    if forum is not None and len(permits) == 3 and not forum.actions.filter(title=title).exists():
        services.action_create(
            actor=None,
            forum=forum,
            data={
                "title": title,
                "owner": _person("editor@edc.demo.scot"),
                "organisation": _org("EDC"),
                "due": demo_today() + datetime.timedelta(days=45),
                "status": ActionStatus.IN_PROGRESS,
                "illustrative": True,
            },
        )


def _licences() -> None:
    for short, product, supplier, seats, cost, renews, system in LICENCES:
        body = _org(short)
        if body is None or Licence.objects.filter(organisation=body, product=product).exists():
            continue
        Licence.objects.create(
            organisation=body,
            product=product,
            supplier=supplier,
            seats=seats,
            annual_cost=Decimal(cost),
            renews_on=renews,
            system=system,
            illustrative=True,
        )


# The demo's people get their in-app notifications, but nobody is emailed by loading a demo.
QUIET_MAIL = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


def load(*, scale: str, stdout) -> None:
    with override_settings(MAILERS=QUIET_MAIL), transaction.atomic():
        _ensure_people()
        _forums(stdout)
        _challenges(stdout)
        platforms = _platforms(stdout)
        _licences()
        _overlap_programmes(platforms, stdout)
