"""The radar demo: the technologies a public body meets today, where some forty bodies stand on them
over the last two years, lessons tagged with them, and one question answered.

The story it tells (and tests/test_radar_demo.py checks): a council's digital lead opens the radar
and sees six bodies trialling generative AI assistants and two that have put them on hold, reads
their lessons, and finds the question their council asked answered by a body that has adopted one;
an analyst sees which technologies moved in the quarter the picture reports on.

Every stance, lesson, question and answer is invented and marked illustrative. Real facts only from
domain.md: ScotAccount and local government's myaccount (40 organisations, 2.4m registrations) for
digital identity, the shared cloud platform (11 bodies), CivTech's challenges, and the Digital
Scotland Service Standard's criteria. Bodies are found by slug, short name or name, and any that
is missing is left out. Idempotent: a second run adds nothing.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils.text import slugify

from panorama.accounts import services as accounts
from panorama.accounts.models import MemberRole, Membership, User
from panorama.collaboration.models import Challenge
from panorama.core import catalogue
from panorama.organisations.models import Organisation
from panorama.programmes.models import Platform, Programme

from . import services
from .models import BodyStance, Category, Question, Stance, Technology

D = datetime.date
DAY = datetime.timedelta(days=1)
STANDARD = "Digital Scotland Service Standard"
DPIA = "UK GDPR: a data protection impact assessment before processing likely to be high risk"
TAF = "Technology Assurance Framework (major projects: whole-life cost £5m or more)"

TECHNOLOGIES = [
    {
        "slug": "generative-ai-assistants",
        "name": "Generative AI assistants",
        "category": Category.AI,
        "description": "Tools that write, summarise and answer questions in plain language from a prompt: drafting "
        "letters and briefings, summarising case notes, helping staff find guidance.",
        "standards": f"{STANDARD}, criterion 8: create a secure service which protects users' privacy\n"
        f"{STANDARD}, criterion 10: choose the right tools and technology\n{DPIA}",
        "risk_data_protection": "Prompts may carry personal data to a supplier; know where it is processed and kept, "
        "and whether it trains the model.",
        "risk_bias": "Answers reflect the data the model learnt from; check drafts about people before they are sent.",
        "risk_lock_in": "Assistants built into one supplier's office suite are hard to move away from.",
        "risk_security": "Prompt injection and leaks of sensitive documents through connected tools.",
        "guidance": "Start with a small, time-boxed trial on work with no personal data, measure time saved, and "
        "complete a data protection impact assessment before widening it. The central portfolio team can put "
        "you in touch with bodies further ahead (illustrative guidance).",
        "links": {"challenges": ["chat", "letter", "triage"]},
    },
    {
        "slug": "robotic-process-automation",
        "name": "Robotic process automation",
        "category": Category.AI,
        "description": "Software robots that repeat the clicks and keystrokes staff make between systems, for "
        "high-volume, rule-based back-office work.",
        "standards": f"{STANDARD}, criterion 2: solve a whole problem for users",
        "risk_lock_in": "Robots break when the screens they drive change; each licence is per robot.",
        "risk_security": "Robots hold service accounts with wide access: manage them like people.",
        "guidance": "Automate a fixed process before it is redesigned only if the redesign is years away.",
        "links": {},
    },
    {
        "slug": "public-cloud",
        "name": "Public cloud hosting",
        "category": Category.PLATFORMS,
        "description": "Running services on infrastructure rented from a cloud provider instead of a body's own "
        "data centre, paying for what is used.",
        "standards": f"{STANDARD}, criterion 13: operate a reliable service",
        "risk_lock_in": "Managed services of one provider can be costly to leave; plan an exit.",
        "risk_security": "Misconfiguration, not the provider, causes most breaches.",
        "guidance": "A shared cloud platform is used by 11 bodies (A changing nation: progress report, 2024): "
        "ask its team before procuring your own.",
        "links": {"platforms": ["cloud-platform"]},
    },
    {
        "slug": "digital-identity",
        "name": "Digital identity and sign-in",
        "category": Category.TRUST,
        "description": "One way for people to prove who they are and sign in to public services online, so "
        "each service need not check identity again.",
        "standards": f"{STANDARD}, criterion 12: use and contribute to shared practices, components and platforms",
        "risk_data_protection": "Identity data is sensitive: share only the attributes a service needs.",
        "risk_bias": "People without documents or a smartphone must have another way in.",
        "guidance": "Use ScotAccount for national services; local government's myaccount already serves 40 "
        "organisations with 2.4m registrations (A changing nation: progress report, 2024).",
        "links": {"platforms": ["scotaccount", "myaccount"]},
    },
    {
        "slug": "open-source-case-management",
        "name": "Open-source case management",
        "category": Category.PLATFORMS,
        "description": "Case management systems whose source code is open, so bodies can share, adapt and "
        "support them together instead of each buying its own.",
        "standards": f"{STANDARD}, criterion 11: make new source code open",
        "risk_lock_in": "Less lock-in to a vendor, but someone must own support and security fixes.",
        "guidance": "Ask the bodies trialling it who supports their code, and on what terms.",
        "links": {},
    },
    {
        "slug": "low-code-platforms",
        "name": "Low-code platforms",
        "category": Category.PLATFORMS,
        "description": "Tools for building forms, workflows and simple services by configuration rather than code.",
        "standards": f"{STANDARD}, criterion 5: make sure everyone can use the service",
        "risk_lock_in": "Applications built on one platform rarely move to another.",
        "risk_security": "Apps built outside IT need the same access control and review as any other.",
        "guidance": "Check that what the platform produces meets accessibility standards before you build on it.",
        "links": {},
    },
    {
        "slug": "data-platforms-and-apis",
        "name": "Data platforms and APIs",
        "category": Category.DATA,
        "description": "Shared stores of well-described data and the application programming interfaces (APIs) "
        "that let services and bodies exchange it without spreadsheets and email.",
        "standards": f"{STANDARD}, criterion 9: define what success looks like and publish performance data",
        "risk_data_protection": "Sharing needs a lawful basis and a data sharing agreement.",
        "guidance": "Publish your APIs' documentation so other bodies can reuse them.",
        "links": {"challenges": ["data", "imagery"]},
    },
    {
        "slug": "computer-vision",
        "name": "Computer vision and imagery analysis",
        "category": Category.DATA,
        "description": "Software that finds things in photographs, video and aerial or satellite imagery.",
        "risk_bias": "Models trained on one place or population may miss what another looks like.",
        "risk_data_protection": "Images of people are personal data.",
        "guidance": "CivTech challenges have tried it: read what came of them before starting your own.",
        "links": {"challenges": ["imagery", "from the air", "camera"]},
    },
    {
        "slug": "cyber-security-tooling",
        "name": "Cyber security monitoring and response tooling",
        "category": Category.TRUST,
        "description": "Tools that watch networks and devices for attacks and help teams respond: endpoint "
        "detection, security information and event management, managed security operations.",
        "standards": f"{STANDARD}, criterion 8: create a secure service which protects users' privacy",
        "risk_lock_in": "Detection rules written for one tool must be rewritten for another.",
        "guidance": "Share what you detect with other bodies through the sector's security networks.",
        "links": {},
    },
    {
        "slug": "distributed-ledgers",
        "name": "Distributed ledgers (blockchain)",
        "category": Category.DATA,
        "description": "Shared records kept in step across many parties without one of them in charge.",
        "risk_data_protection": "Records cannot be erased, which sits badly with the right to erasure.",
        "guidance": "Most uses proposed so far were better met by an ordinary shared database.",
        "links": {},
    },
]

# Bodies by their slug in the reference list, with the short names of the older list as fallbacks.
GENAI_ADOPTED = [("social-security-scotland", "SSS")]
GENAI_TRIALLING = [
    ("nhs-greater-glasgow-and-clyde", "NHSGGC"),
    ("glasgow-city-council", "GCC"),
    ("fife-council", "FIF"),
    ("scottish-government", "SG"),
    ("disclosure-scotland", "DS"),
    ("public-health-scotland", "PHS"),
    ("the-highland-council", "HC"),
    ("nhs-24", "NHS24"),
    ("transport-scotland", "TS"),
    ("aberdeenshire-council", "ABS"),
]
GENAI_ON_HOLD = [
    ("dundee-city-council", "DDC"),
    ("nhs-fife", "NHSF"),
    ("aberdeen-city-council", "ABC"),
    ("nhs-highland", "NHSH"),
]
GENAI_ASSESSING = [("city-of-edinburgh-council", "EDC")]
GENAI_INTERNAL = [("police-scotland", "PS"), ("scottish-police-authority", "SPA")]

# (technology, stance, (slug, short name) of bodies): the rest of the radar, as it stands now.
OTHERS = [
    ("robotic-process-automation", Stance.ADOPTED, ["SSS", "GCC", "FIF", "NHSGGC", "SG"]),
    ("robotic-process-automation", Stance.TRIALLING, ["DDC"]),
    ("public-cloud", Stance.ADOPTED, ["SG", "SSS", "DS", "TS", "PHS", "NHS24"]),
    ("public-cloud", Stance.TRIALLING, ["EDC", "HC"]),
    ("digital-identity", Stance.ADOPTED, ["SSS", "DS", "GCC", "EDC"]),
    ("digital-identity", Stance.TRIALLING, ["NHS24", "FIF"]),
    ("open-source-case-management", Stance.ASSESSING, ["EDC", "FIF", "HC", "DDC"]),
    ("open-source-case-management", Stance.TRIALLING, ["SG"]),
    ("low-code-platforms", Stance.TRIALLING, ["GCC", "ABC", "NHSF"]),
    ("low-code-platforms", Stance.ASSESSING, ["HC"]),
    ("low-code-platforms", Stance.ON_HOLD, ["DS"]),
    ("data-platforms-and-apis", Stance.ADOPTED, ["PHS", "SG"]),
    ("data-platforms-and-apis", Stance.TRIALLING, ["NHSGGC", "TS", "EDC"]),
    ("computer-vision", Stance.ASSESSING, ["TS", "SG"]),
    ("computer-vision", Stance.TRIALLING, ["SEPA"]),
    ("cyber-security-tooling", Stance.ADOPTED, ["SG", "SSS", "DS", "NHS24", "GCC", "EDC", "PHS"]),
    ("distributed-ledgers", Stance.DECIDED_AGAINST, ["SG", "DS", "SSS"]),
    ("distributed-ledgers", Stance.ON_HOLD, ["GCC"]),
]
NOTES = {
    Stance.ADOPTED: "In use across the body, with an owner and a budget (illustrative).",
    Stance.TRIALLING: "A time-boxed trial with one team, measured against a baseline (illustrative).",
    Stance.ASSESSING: "Reading up and talking to suppliers and other bodies (illustrative).",
    Stance.ON_HOLD: "Paused until open questions about data and cost are answered (illustrative).",
    Stance.DECIDED_AGAINST: "Considered, and met the need another way (illustrative).",
}
# Technologies that moved in the quarter the picture reports on: (technology, bodies, from, to).
MOVES = [("low-code-platforms", ["GCC", "ABC", "NHSF"], Stance.ASSESSING, Stance.TRIALLING)]

LESSONS = [
    (
        "generative-ai-assistants",
        "trialling",
        "Keep personal data out of prompts until the assessment is done",
        "A team trialling a generative AI assistant for drafting letters found staff pasting case notes into "
        "prompts in the first week.",
        "The trial had started before its data protection impact assessment, and the guidance to staff was a "
        "single slide.",
        "Finish the data protection impact assessment first, give staff worked examples of what may and may "
        "not go into a prompt, and switch off the supplier's retention of prompts.",
    ),
    (
        "generative-ai-assistants",
        "adopted",
        "Measure the time saved before buying licences for everyone",
        "A body that adopted a drafting assistant measured time saved per letter for twelve weeks before "
        "extending it beyond the pilot team.",
        "Early enthusiasm suggested large savings; the measurements showed them only for long, routine letters.",
        "Measure against a baseline, and license the teams whose work the measurements show it helps.",
    ),
    (
        "generative-ai-assistants",
        "on hold",
        "Pause a pilot when the supplier cannot say where data is processed",
        "A council put its assistant pilot on hold when the supplier could not confirm where prompts were "
        "processed and stored.",
        "The contract was an extension of an existing office licence, agreed without the data protection "
        "officer.",
        "Involve the data protection officer before any AI feature is switched on in an existing product.",
    ),
    (
        "robotic-process-automation",
        "adopted",
        "Treat software robots as members of staff with an owner",
        "Robots that re-keyed benefit payments failed silently for two days after a screen was changed.",
        "Nobody owned the robots once the project that built them closed.",
        "Give every robot an owner, monitoring, and a place in change control for the systems it drives.",
    ),
]

QUESTION = (
    "How did you complete a data protection impact assessment for a generative AI assistant?",
    "We are assessing a drafting assistant for our housing and council tax teams. Before a trial, what did "
    "your data protection impact assessment cover, and what did you agree with the supplier about where "
    "prompts are processed and kept?",
)
ANSWER = (
    "We finished ours before the pilot began. It covered what staff may put in a prompt (no case notes or "
    "personal data in the first phase), where the supplier processes prompts (UK data centres, written into "
    "the contract) and that prompts are not kept or used for training. We measured time saved for twelve "
    "weeks before widening it. Happy to share our assessment and staff guidance: get in touch."
)


def _body(*keys: str) -> Organisation | None:
    """A body by slug, short name or name, or None when the reference list has no such body."""
    for key in keys:
        found = Organisation.objects.filter(Q(slug=key) | Q(short_name=key) | Q(slug=slugify(key))).first()
        if found is not None:
            return found
    return None


def _bodies(pairs, count: int, taken: set[int]) -> list[Organisation]:
    found = []
    for pair in pairs:
        body = _body(*pair)
        if body is not None and body.pk not in taken:
            found.append(body)
            taken.add(body.pk)
        if len(found) == count:
            break
    return found


def _technologies() -> dict[str, Technology]:
    found = {}
    for spec in TECHNOLOGIES:
        technology = Technology.objects.filter(slug=spec["slug"]).first()
        if technology is None:
            data = {k: v for k, v in spec.items() if k not in ("slug", "links")}
            technology = services.technology_create(actor=None, data=data)
            if technology.slug != spec["slug"]:
                Technology.objects.filter(pk=technology.pk).update(slug=spec["slug"])
                technology.refresh_from_db()
            links = spec["links"]
            if links.get("platforms"):
                technology.platforms.set(Platform.objects.filter(slug__in=links["platforms"]))
            words = Q()
            for word in links.get("challenges", []):
                words |= Q(title__icontains=word)
            if words:
                technology.challenges.set(Challenge.objects.filter(words)[:3])
        found[technology.slug] = technology
    return found


def _set(
    body: Organisation, technology: Technology, history: list[tuple[str, datetime.date]], internal=False
) -> None:
    programme = Programme.objects.filter(organisation=body).order_by("title").first()
    for stance, since in history:
        services.stance_set(
            actor=None,
            organisation=body,
            technology=technology,
            stance=stance,
            since=min(since, datetime.date.today()),
            programmes=[programme] if programme and stance in (Stance.ADOPTED, Stance.TRIALLING) else [],
            note=NOTES[stance],
            internal=internal,
            illustrative=True,
        )


def _in_quarter(scope: catalogue.Scope, day: int) -> datetime.date:
    return min(scope.start + datetime.timedelta(days=day), scope.as_of)


def _person(email: str, name: str, body: Organisation) -> User:
    person = User.objects.filter(email=email).first() or accounts.user_create(
        actor=None,
        email=email,
        full_name=name,
        password=settings.PANORAMA_DEMO_PASSWORD,
        check_password=False,
    )
    if not Membership.objects.filter(person=person, organisation=body).exists():
        accounts.membership_set(actor=None, person=person, organisation=body, role=MemberRole.EDITOR)
    return person


def _editor_of(body: Organisation, fallback_email: str, fallback_name: str) -> User:
    member = (
        Membership.objects.filter(organisation=body, role=MemberRole.EDITOR, person__is_active=True)
        .select_related("person")
        .order_by("created_at")
        .first()
    )
    return member.person if member else _person(fallback_email, fallback_name, body)


def _lessons(technologies: dict[str, Technology], bodies: dict[str, list[Organisation]]) -> int:
    from panorama.lessons import search
    from panorama.lessons.models import Lesson, Moderation

    created = []
    for number, (slug, stance, title, what, why, rec) in enumerate(LESSONS, start=1):
        ref = f"radar-demo:{number}"
        lesson = Lesson.objects.filter(external_ref=ref).first()
        owners = bodies.get(f"{slug}:{stance}") or [None]
        if lesson is None:
            lesson = Lesson.objects.create(
                external_ref=ref,
                title=title,
                what_happened=what,
                why=why,
                recommendation=rec,
                source="case-study",
                organisation=owners[0],
                date=datetime.date.today() - datetime.timedelta(days=40 * number),
                visibility="public",
                status=Moderation.PUBLISHED,
                illustrative=True,
            )
            created.append(lesson.pk)
        technologies[slug].lessons.add(lesson)
    if created:
        search.index_lessons(ids=created)
    return len(created)


def load(*, scale: str, stdout) -> None:
    quiet = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
    with (
        override_settings(MAILERS=quiet),
        transaction.atomic(),
    ):
        technologies = _technologies()
        scope = catalogue.scope_for("")  # the quarter the picture reports on: where the moves fall
        year_ago = scope.start - datetime.timedelta(days=300)
        two_years_ago = scope.start - datetime.timedelta(days=600)
        genai = technologies["generative-ai-assistants"]
        stances = 0
        bodies: dict[str, list[Organisation]] = {}
        if not BodyStance.objects.filter(technology=genai).exists():
            taken: set[int] = set()
            adopted = _bodies(GENAI_ADOPTED + GENAI_TRIALLING[-2:], 1, taken)
            trialling = _bodies(GENAI_TRIALLING, 6, taken)
            on_hold = _bodies(GENAI_ON_HOLD, 2, taken)
            assessing = _bodies(GENAI_ASSESSING, 1, taken)
            internal = _bodies(GENAI_INTERNAL, 1, taken)
            for body in adopted:
                _set(body, genai, [(Stance.TRIALLING, two_years_ago), (Stance.ADOPTED, year_ago + 60 * DAY)])
            for i, body in enumerate(trialling):
                # Four moved from assessing to trialling in the quarter; two were trialling already: so the
                # technology moves from the assess ring to the trial ring.
                when = _in_quarter(scope, 10 + 12 * i) if i < 4 else year_ago + 120 * DAY
                _set(
                    body,
                    genai,
                    [(Stance.ASSESSING, year_ago - datetime.timedelta(days=60)), (Stance.TRIALLING, when)],
                )
            for i, body in enumerate(on_hold):
                # One put it on hold in the quarter, after a trial.
                when = _in_quarter(scope, 30) if i == 0 else year_ago + datetime.timedelta(days=90)
                _set(body, genai, [(Stance.TRIALLING, year_ago), (Stance.ON_HOLD, when)])
            for body in assessing:
                _set(body, genai, [(Stance.ASSESSING, _in_quarter(scope, 5))])
            for body in internal:
                _set(body, genai, [(Stance.ASSESSING, year_ago)], internal=True)
            stances += len(adopted) + len(trialling) + len(on_hold) + len(assessing) + len(internal)
            moved_slugs = {slug for slug, *_ in MOVES}
            for slug, stance, shorts in OTHERS:
                technology = technologies[slug]
                for short in shorts:
                    body = _body(short)
                    if (
                        body is None
                        or BodyStance.objects.filter(organisation=body, technology=technology).exists()
                    ):
                        continue
                    if slug in moved_slugs and stance == Stance.TRIALLING:
                        history = [(Stance.ASSESSING, year_ago), (Stance.TRIALLING, _in_quarter(scope, 20))]
                    else:
                        history = [(stance, two_years_ago if stance == Stance.ADOPTED else year_ago)]
                    _set(body, technology, history)
                    stances += 1
            bodies = {
                "generative-ai-assistants:adopted": adopted,
                "generative-ai-assistants:trialling": trialling,
                "generative-ai-assistants:on hold": on_hold,
                "robotic-process-automation:adopted": [b for b in [_body("SSS")] if b],
            }
        lessons = _lessons(technologies, bodies) if bodies else 0
        asked = _question(genai)
    stdout.write(
        f"  radar: {len(technologies)} technologies, {stances} stances, {lessons} lessons, {asked} question answered"
    )


def _question(genai: Technology) -> int:
    if Question.objects.filter(technology=genai, title=QUESTION[0]).exists():
        return 0
    council = _body("city-of-edinburgh-council", "EDC") or next(
        (s.organisation for s in BodyStance.objects.filter(technology=genai, stance=Stance.ASSESSING)), None
    )
    adopter = next(
        (s.organisation for s in BodyStance.objects.filter(technology=genai, stance=Stance.ADOPTED)), None
    )
    if council is None or adopter is None:
        return 0
    asker = _editor_of(council, "digital-lead@council.radar.demo.scot", "Dana Digital Lead")
    answerer = _editor_of(adopter, "ai-lead@adopter.radar.demo.scot", "Amir AI Lead")
    question = services.question_ask(
        actor=asker,
        organisation=council,
        technology=genai,
        title=QUESTION[0],
        text=QUESTION[1],
        illustrative=True,
    )
    services.answer_add(
        actor=answerer, question=question, organisation=adopter, text=ANSWER, illustrative=True
    )
    return 1
