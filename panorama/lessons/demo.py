"""Demo data: the real public lessons (seed.py), 60 illustrative lessons (each pattern told up to four times, differently) and 150 illustrative assurance
reviews with their recommendations and service-standard results; `--scale uk` adds 100,000
illustrative lessons. Idempotent: everything is keyed by `external_ref`."""

import datetime
import random

from django.db import transaction

from panorama.core.demo_clock import demo_today, working_day
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme

from . import search
from .models import (
    AssuranceKind,
    AssuranceReview,
    CriterionAssessment,
    Lesson,
    Moderation,
    ProgrammeLessonState,
    Recommendation,
    Theme,
)
from .seed import REAL_LESSONS
from .services import lessons_push_backfill, themes_ensure

SUBJECTS = [
    ("online licensing service", "applicants"),
    ("housing repairs system", "tenants"),
    ("school enrolment service", "parents"),
    ("council tax portal", "residents"),
    ("patient booking system", "patients"),
    ("court case management system", "court staff"),
    ("grant payments platform", "farmers"),
    ("identity verification service", "citizens"),
    ("data platform", "analysts"),
    ("cloud migration", "service teams"),
    ("contact centre telephony", "call handlers"),
    ("records management system", "case workers"),
    ("social care case management system", "social workers"),
    ("benefit application service", "claimants"),
    ("planning applications portal", "developers and neighbours"),
    ("workforce scheduling system", "nurses"),
    ("finance and payroll system", "finance staff"),
    ("fleet tracking service", "crews"),
    ("library management system", "library users"),
    ("waste collection booking service", "households"),
    ("student funding service", "students"),
    ("land registration system", "solicitors"),
    ("custody records system", "officers"),
    ("tax collection system", "taxpayers"),
    ("appointments and referrals service", "GPs"),
    ("children's services case system", "social workers"),
    ("prison management system", "prison officers"),
    ("emergency call handling system", "control room staff"),
    ("vehicle permits service", "drivers"),
    ("exam results service", "candidates"),
    ("welfare fund applications service", "applicants in crisis"),
    ("business rates system", "businesses"),
]

# (themes, phase, severity, title, what happened, why, what to do)
PATTERNS = [
    (
        ("governance", "active-governance"),
        "beta",
        "high",
        "Programme board for the {s} did not control scope",
        "The board of the {s} approved changes one at a time; by beta the scope had doubled without a new business case.",
        "No one compared each change with the original scope and budget.",
        "Keep a change log against the baseline and make the board decide each change with its cost shown.",
    ),
    (
        ("governance",),
        "alpha",
        "medium",
        "Risks for the {s} were recorded but not managed",
        "The risk register for the {s} grew every month, but few risks had owners or actions.",
        "Risk management was treated as reporting, not as work.",
        "Give every significant risk an owner and an action, and review the top five at each board.",
    ),
    (
        ("resourcing",),
        "alpha",
        "high",
        "The {s} relied on contractors for key roles",
        "Most of the {s} team were contractors; when the contract ended, knowledge of the design left with them.",
        "Permanent posts could not be filled at public-sector pay.",
        "Pair contractors with permanent staff and plan the handover from the start.",
    ),
    (
        ("resourcing", "clear-leadership"),
        "beta",
        "medium",
        "No product manager for the {s}",
        "Decisions about the {s} went to a committee because nobody owned the product.",
        "The role was seen as optional.",
        "Appoint a product manager with the authority to prioritise before alpha.",
    ),
    (
        ("commercial",),
        "discovery",
        "high",
        "The {s} was procured before the need was understood",
        "A contract for the {s} was let from a specification written before discovery, and then changed repeatedly.",
        "Procurement timetables drove the project, not user research.",
        "Run discovery before procurement, and procure in smaller lots that can follow what research finds.",
    ),
    (
        ("commercial",),
        "beta",
        "medium",
        "Evaluation criteria for the {s} favoured price over fit",
        "The winning bid for the {s} was cheapest but needed heavy customisation.",
        "The invitation to tender weighted price above meeting users' needs.",
        "Weight evaluation criteria towards demonstrated fit, and test bidders' products with real scenarios.",
    ),
    (
        ("planning", "comprehensive-planning"),
        "discovery",
        "high",
        "The {s} planned a big-bang go-live",
        "The plan for the {s} had one go-live date for every user and every function.",
        "Staged delivery was seen as slower.",
        "Plan releases to a small group first, then widen; make each stage a decision point.",
    ),
    (
        ("planning",),
        "alpha",
        "medium",
        "Optimism bias for the {s} was set too low",
        "Estimates for the {s} used the lowest optimism bias allowed, and contingency was gone by beta.",
        "A low estimate made approval easier.",
        "Set optimism bias from the project's real risk and report the range, not just the point estimate.",
    ),
    (
        ("users", "users-at-the-heart"),
        "alpha",
        "high",
        "{u} saw the {s} only at acceptance testing",
        "{u} were first shown the {s} at acceptance testing and found it harder to use than the old system.",
        "User research was cut to save time.",
        "Test with {u} at every sprint, including those with access needs.",
    ),
    (
        ("users",),
        "live",
        "medium",
        "Online take-up of the {s} stayed low",
        "Most {u} kept using paper and phone after the {s} launched.",
        "The online journey was longer than the old one.",
        "Measure completion rate and digital take-up from day one, and fix the drop-off points.",
    ),
    (
        ("leadership", "clear-leadership"),
        "beta",
        "high",
        "Three senior responsible owners in two years for the {s}",
        "Each change of SRO on the {s} reopened decisions already taken.",
        "The SRO role was held alongside a full-time job.",
        "Give the SRO time for the role, keep them in post, and plan succession.",
    ),
    (
        ("technology",),
        "beta",
        "medium",
        "The {s} was load-tested at average, not peak, demand",
        "The {s} slowed to a halt on its first busy day.",
        "Performance testing used average volumes.",
        "Load-test at peak demand plus a margin, and rehearse the failure plan.",
    ),
    (
        ("technology",),
        "alpha",
        "medium",
        "The {s} was built on a product the team could not change",
        "Every change to the {s} needed the supplier, at a day rate.",
        "The product's licence and design locked the body in.",
        "Prefer open standards and code the team can change; check exit costs before choosing.",
    ),
    (
        ("data",),
        "beta",
        "high",
        "Data migration for the {s} took twice as long as planned",
        "Moving records into the {s} from the legacy system revealed years of poor data quality.",
        "Data quality was not assessed in discovery.",
        "Profile legacy data early and plan migration as a project in its own right.",
    ),
    (
        ("data",),
        "live",
        "medium",
        "The {s} had no agreed performance measures",
        "Nobody could say whether the {s} was working after launch.",
        "Success was not defined before build.",
        "Define what success looks like and publish performance data, as the service standard asks.",
    ),
    (
        ("oversight-and-assurance", "governance"),
        "alpha",
        "medium",
        "Assurance recommendations for the {s} were not followed up",
        "A gate review of the {s} made critical recommendations that were still open a year later.",
        "Nobody tracked recommendations to closure.",
        "Track assurance recommendations to done, and report open critical ones to the board.",
    ),
]

REVIEW_KINDS = [
    AssuranceKind.GATE,
    AssuranceKind.GATE,
    AssuranceKind.HEALTH_CHECK,
    AssuranceKind.SSA_ALPHA,
    AssuranceKind.SSA_BETA,
    AssuranceKind.SSA_DISCOVERY,
    AssuranceKind.SSA_LIVE,
]
# How often a theme appears in a report, roughly as the Digital Assurance Office has published.
THEME_WEIGHTS = {
    "governance": 0.55,
    "resourcing": 0.42,
    "planning": 0.45,
    "commercial": 0.35,
    "users": 0.3,
    "leadership": 0.2,
    "technology": 0.3,
    "data": 0.25,
}
RECOMMENDATION_TEXT = {
    "governance": "Strengthen programme governance: clarify decision rights and report against the baseline.",
    "resourcing": "Fill the key delivery roles with permanent staff and plan the handover from contractors.",
    "planning": "Produce an integrated plan with realistic contingency and clear stage gates.",
    "commercial": "Revisit the evaluation criteria in the invitation to tender before it is issued.",
    "users": "Carry out user research with those least likely to succeed online.",
    "leadership": "Confirm the senior responsible owner's time for the role and their succession.",
    "technology": "Complete load and security testing before go-live.",
    "data": "Assess the quality of the legacy data and plan its migration.",
}
# The register's entries for the programmes the real lessons come from (programmes/demo.py).
PROGRAMME_REFS = {
    "cap": "audit:cap-futures",
    "i6": "audit:i6",
    "nhs24": "audit:nhs24-future",
    "sss": "audit:social-security",
    "r100": "audit:r100",
    "pass": "audit:pass",
    "ict": "audit:ros-2012",
}
BODIES = ["SG", "SSS", "DS", "RoS", "COPFS", "PS", "SPA", "NHS24", "SFRS", "HIE", "SQA", "AS"]


def _bodies() -> dict[str, Organisation]:
    return {o.short_name: o for o in Organisation.objects.filter(short_name__in=BODIES)}


def _themes() -> dict[str, Theme]:
    return {t.slug: t for t in Theme.objects.all()}


def load_real(*, stdout) -> int:
    themes, bodies = _themes(), _bodies()
    existing = set(
        Lesson.objects.filter(external_ref__startswith="real:").values_list("external_ref", flat=True)
    )
    registered = dict(
        Programme.objects.filter(external_ref__in=PROGRAMME_REFS.values()).values_list("external_ref", "pk")
    )
    created = []
    for (
        key,
        title,
        what,
        why,
        rec,
        slugs,
        phase,
        severity,
        date,
        body,
        programme,
        source,
        source_title,
    ) in REAL_LESSONS:
        ref = f"real:{key}"
        if ref in existing:
            continue
        lesson = Lesson(
            external_ref=ref,
            title=title,
            what_happened=what,
            why=why,
            recommendation=rec,
            phase=phase,
            severity=severity,
            date=date,
            organisation=bodies.get(body),
            programme_name=programme,
            programme_id=registered.get(PROGRAMME_REFS.get(key.split("-")[0], "")),
            source=source,
            source_title=source_title,
            visibility="public",
            status=Moderation.PUBLISHED,
        )
        lesson.save()
        lesson.themes.set([themes[s] for s in slugs])
        created.append(lesson.pk)
    search.index_lessons(ids=created)
    return len(created)


OPENINGS = [
    "",
    "",
    "In the second year, ",
    "At the gateway review, ",
    "Looking back, the team found that ",
    "As the post-implementation review put it: ",
]
CODAS = [
    "",
    "",
    "",
    " It cost about a quarter's delay.",
    " Users noticed before the board did.",
    " The supplier raised it first; nobody acted on it for two months.",
    " The same happened again in the next release.",
    " A short recovery plan fixed it, but only after an assurance review.",
    " Staff worked around it with spreadsheets for a year.",
]
TITLE_FORMS = ["{t}", "{t}", "Lesson: {t}", "{t} — and what it cost", "Why {t_lower}"]


def _retitle(title: str, rng: random.Random) -> str:
    return rng.choice(TITLE_FORMS).format(t=title, t_lower=title[0].lower() + title[1:])


def _retell(what: str, subject: str, rng: random.Random) -> str:
    opening = rng.choice(OPENINGS)
    text = opening + (what[0].lower() + what[1:] if opening else what)
    return text + rng.choice(CODAS)


def load_illustrative(*, count: int = 60) -> int:
    themes, bodies = _themes(), list(_bodies().values())
    if not bodies:
        return 0
    existing = set(
        Lesson.objects.filter(external_ref__startswith="demo:").values_list("external_ref", flat=True)
    )
    rng = random.Random(2026)  # noqa: S311 - illustrative data, reproducible
    created = []
    # Each pattern at most four times, each time told differently: a real library's lessons differ
    # in cause, wording, length and source, not only in the system's name.
    combos = [(p, s) for p in range(len(PATTERNS)) for s in rng.sample(range(len(SUBJECTS)), 4)]
    rng.shuffle(combos)
    for number, (p, s) in enumerate(combos[:count], start=1):
        ref = f"demo:{number}"
        date = datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 9))
        if ref in existing:
            continue
        slugs, phase, severity, title, what, why, rec = PATTERNS[p]
        subject, users = SUBJECTS[s]
        lesson = Lesson(
            external_ref=ref,
            title=_retitle(title.format(s=subject, u=users.capitalize()), rng),
            what_happened=_retell(what.format(s=subject, u=users.capitalize()), subject, rng),
            why=why.format(s=subject, u=users) if rng.random() < 0.8 else "",
            recommendation=rec.format(s=subject, u=users),
            phase=phase,
            severity=severity,
            date=date,
            organisation=rng.choice(bodies),
            source=rng.choice(
                ["assurance-review", "assurance-review", "post-implementation-review", "case-study"]
            ),
            visibility=rng.choice(["public", "public", "public-sector", "restricted"]),
            status=Moderation.PUBLISHED,
            illustrative=True,
            useful_count=rng.choice([0, 0, 0, 1, 2, 3, 5]),
            not_useful_count=rng.choice([0, 0, 0, 0, 1]),
        )
        lesson.save()
        lesson.themes.set([themes[t] for t in slugs])
        created.append(lesson.pk)
    search.index_lessons(ids=created)
    return len(created)


SSA_PHASES = [
    (AssuranceKind.SSA_DISCOVERY, "discovery", 0.05),
    (AssuranceKind.SSA_ALPHA, "alpha", 0.2),
    (AssuranceKind.SSA_BETA, "beta", 0.45),
    (AssuranceKind.SSA_LIVE, "live", 0.7),
]
PHASE_RANK = {"discovery": 0, "alpha": 1, "beta": 2, "live": 3, "retired": 3, "stopped": 3}


def _review_in_phase(programme: Programme, kind: str, rng: random.Random) -> tuple[str, datetime.date]:
    """A review of a registered programme happens while it runs: a service assessment only for a
    phase it has reached, dated in phase order (discovery before alpha before beta before live),
    never in the future, and on a working day."""
    today = demo_today()
    reached = [row for row in SSA_PHASES if PHASE_RANK[row[1]] <= PHASE_RANK.get(programme.phase, 0)]
    if kind.startswith("ssa-"):
        kind, _phase, share = rng.choice(reached)
    else:
        share = rng.uniform(0.05, 0.9)
    start, end = programme.start_baseline, programme.end_baseline
    date = start + datetime.timedelta(days=int((end - start).days * share))
    date = min(date, today - datetime.timedelta(days=7))
    if kind.startswith("ssa-"):
        # Never earlier than the assessments of the phases before it.
        rank = [row[0] for row in SSA_PHASES].index(kind)
        date = max(date, start + datetime.timedelta(days=30 * rank))
    return kind, working_day(min(date, today - datetime.timedelta(days=7)), forward=False)


def load_reviews(*, count: int = 150) -> int:
    themes, bodies = _themes(), list(_bodies().values())
    if not bodies:
        return 0
    existing = set(
        AssuranceReview.objects.filter(external_ref__startswith="demo:").values_list(
            "external_ref", flat=True
        )
    )
    programmes = list(Programme.objects.filter(organisation__in=bodies).order_by("pk")[:200])
    rng = random.Random(17)  # noqa: S311 - illustrative data, reproducible
    created = 0
    for number in range(1, count + 1):
        ref = f"demo:{number}"
        year = 2017 + (number % 8)  # financial years 2017-18 to 2024-25
        date = datetime.date(year, 4, 1) + datetime.timedelta(days=rng.randrange(0, 364))
        date = working_day(date)
        kind = rng.choice(REVIEW_KINDS)
        programme = rng.choice(programmes) if programmes and rng.random() < 0.6 else None
        if programme is not None and programme.start_baseline and programme.end_baseline:
            kind, date = _review_in_phase(programme, kind, rng)
        elif programme is not None:
            programme = None
        body = programme.organisation if programme else rng.choice(bodies)
        picked = [slug for slug, weight in THEME_WEIGHTS.items() if rng.random() < weight] or ["governance"]
        criteria = {}
        if kind.startswith("ssa-"):
            criteria = {n: "met" if rng.random() < 0.8 else "not-met" for n in range(1, 15)}
        if ref in existing:
            continue
        review = AssuranceReview.objects.create(
            external_ref=ref,
            organisation=body,
            programme=programme,
            programme_name="" if programme else f"{rng.choice(SUBJECTS)[0].capitalize()} (illustrative)",
            kind=kind,
            gate=f"Gate {rng.randint(0, 5)}" if kind == AssuranceKind.GATE else "",
            date=date,
            confidence=rng.choice(["green", "amber-green", "amber", "amber", "amber-red", "red"]),
            summary="An illustrative review, invented for the demonstration.",
            visibility=rng.choice(["public", "public-sector", "restricted"]),
            illustrative=True,
        )
        recs = []
        position = 0
        for slug in picked:
            for _ in range(rng.choice([1, 1, 2, 3])):
                position += 1
                recs.append(
                    Recommendation(
                        review=review,
                        number=position,
                        text=RECOMMENDATION_TEXT[slug],
                        theme=themes[slug],
                        priority=rng.choice(
                            ["critical", "essential", "essential", "recommended", "recommended"]
                        ),
                        status=rng.choice(["open", "accepted", "done", "done"]),
                    )
                )
        Recommendation.objects.bulk_create(recs)
        CriterionAssessment.objects.bulk_create(
            CriterionAssessment(review=review, criterion=n, result=r) for n, r in criteria.items()
        )
        created += 1
    return created


def load_uk(*, target: int = 100_000, stdout) -> int:
    """Add illustrative lessons up to `target` in all, in bulk, then build the full-text index in one
    statement. Each is a pattern applied to a subject with a number, so texts vary."""
    have = Lesson.objects.filter(external_ref__startswith="uk:").count()
    missing = target - have
    if missing <= 0:
        return 0
    themes = _themes()
    bodies = list(Organisation.objects.filter(active=True).values_list("pk", flat=True)[:1000])
    rng = random.Random(100_000)  # noqa: S311 - illustrative data, reproducible
    through = Lesson.themes.through
    batch_size = 5000
    start = have + 1
    for batch_start in range(start, start + missing, batch_size):
        numbers = range(batch_start, min(start + missing, batch_start + batch_size))
        lessons, slugs_of = [], []
        for number in numbers:
            slugs, phase, severity, title, what, why, rec = PATTERNS[number % len(PATTERNS)]
            subject, users = SUBJECTS[(number // len(PATTERNS)) % len(SUBJECTS)]
            region = f"{subject} (illustrative case {number})"
            lessons.append(
                Lesson(
                    external_ref=f"uk:{number}",
                    title=title.format(s=region, u=users.capitalize()),
                    what_happened=what.format(s=region, u=users.capitalize()),
                    why=why.format(s=region, u=users),
                    recommendation=rec.format(s=region, u=users),
                    phase=phase,
                    severity=severity,
                    date=datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 14)),
                    organisation_id=rng.choice(bodies),
                    source=rng.choice(["assurance-review", "post-implementation-review", "case-study"]),
                    visibility=rng.choice(["public", "public", "public-sector", "restricted"]),
                    status=Moderation.PUBLISHED,
                    illustrative=True,
                )
            )
            slugs_of.append(slugs)
        Lesson.objects.bulk_create(lessons, batch_size=1000)
        refs = [lesson.external_ref for lesson in lessons]
        ids = dict(Lesson.objects.filter(external_ref__in=refs).values_list("external_ref", "pk"))
        through.objects.bulk_create(
            [
                through(lesson_id=ids[lesson.external_ref], theme_id=themes[slug].pk)
                for lesson, slugs in zip(lessons, slugs_of, strict=True)
                for slug in slugs
            ],
            batch_size=5000,
        )
    search.index_lessons()  # the whole index, in one statement
    return missing


def load(*, scale: str, stdout) -> None:
    themes_ensure()
    real = load_real(stdout=stdout)
    illustrative = load_illustrative()
    reviews = load_reviews()
    stdout.write(
        f"  lessons: {real} real and {illustrative} illustrative lessons, {reviews} illustrative reviews added"
    )
    if scale == "uk":
        with transaction.atomic():
            added = load_uk(stdout=stdout)
        stdout.write(f"  lessons for --scale uk: {added} illustrative lessons added")
    # Programmes registered before there were lessons get theirs now, in the app only (the demo
    # sends no email): those of the demo register, not the synthetic --scale uk ones.
    unchecked = (
        Programme.objects.exclude(pk__in=ProgrammeLessonState.objects.values("programme_id"))
        .exclude(external_ref__startswith="uk:")
        .order_by("pk")[:300]
    )
    pushed = lessons_push_backfill(programmes=list(unchecked), email=False)
    stdout.write(f"  lessons pushed to {pushed} programmes")
