"""A small picture to prioritise: three bodies' programmes with funding forecasts for two years,
the commitments they serve, one dependency, skills needs against a workforce return, and a forum
(with a chair and a member from the health board) that has met once."""

import datetime
from decimal import Decimal

from panorama.collaboration.models import Forum, ForumMember, Meeting
from panorama.core.periods import period_get_or_create
from panorama.finance.models import ProgrammeFunding
from panorama.programmes.models import LinkKind, Programme, ProgrammeLink
from tests.conftest import World, make_body, make_person
from tests.finance_factories import commitment
from tests.skills_fixtures import line, load_roles, need

YEARS = ["2026-27", "2027-28"]
# £ millions a year in each of YEARS; 14m a year between them, so 15 % below is 11.9m.
PROGRAMMES = [
    # title, body, £m a year, commitments, confidence
    ("Benefits platform", "a", 4, ["1.1"], "green"),
    ("Payments modernisation", "a", 3, ["1.2"], "green"),
    ("Digital front door", "health", 3, ["2.1"], "amber"),
    ("Health records", "health", 2, ["2.2"], "red"),
    ("Disclosure online", "b", 2, ["1.1"], "amber"),
]


def below_forecast(share: str = "0.85") -> dict[str, str]:
    return {y: str((Decimal(14_000_000) * Decimal(share)).quantize(Decimal(1))) for y in YEARS}


def small_picture(world: World) -> dict:
    health = make_body("NHS24", "NHS 24", sector="health and care")
    bodies = {"a": world.body_a, "b": world.body_b, "health": health}
    commitments = {ref: commitment(ref, ambition_number=int(ref[0])) for ref in ("1.1", "1.2", "2.1", "2.2")}
    ambition_two = commitments["2.1"].ambition
    ambition_two.title = "Health and care"
    ambition_two.save()
    periods = [period_get_or_create(year=int(y[:4])) for y in YEARS]
    programmes = {}
    for title, body, millions, refs, confidence in PROGRAMMES:
        programme = Programme.objects.create(
            organisation=bodies[body], title=title, phase="alpha", confidence=confidence
        )
        programme.commitments.set([commitments[r] for r in refs])
        for period in periods:
            ProgrammeFunding.objects.create(
                programme=programme, period=period, required=Decimal(millions * 1_000_000)
            )
        programmes[title] = programme
    programmes["Legacy migration"] = Programme.objects.create(
        organisation=world.body_b, title="Legacy migration", phase="discovery"
    )
    ProgrammeLink.objects.create(
        source=programmes["Payments modernisation"],
        target=programmes["Benefits platform"],
        kind=LinkKind.DEPENDS_ON,
    )
    roles = load_roles()
    line(world.body_a, 2025, roles["developer"], 8, 6, 1, 1)
    need(programmes["Benefits platform"], roles["developer"], "2026-27 Q1", 5)
    need(programmes["Payments modernisation"], roles["developer"], "2026-27 Q1", 3)
    need(programmes["Digital front door"], roles["developer"], "2026-27 Q2", 2)

    chair = make_person("chair@nhs24.test", body=health, member_role="editor")
    member = make_person("member@nhs24.test", body=health, member_role="viewer")
    forum = Forum.objects.create(slug="leaders", name="Digital leaders", purpose="Plan together.")
    ForumMember.objects.create(forum=forum, person=chair, organisation=health, role="chair")
    ForumMember.objects.create(forum=forum, person=member, organisation=health, role="member")
    ForumMember.objects.create(forum=forum, person=world.editor_a, organisation=world.body_a, role="member")
    meeting = Meeting.objects.create(forum=forum, title="Spending round", held_on=datetime.date(2026, 5, 1))
    other = Forum.objects.create(slug="justice", name="Justice board", purpose="Justice.")
    other_meeting = Meeting.objects.create(forum=other, title="June board", held_on=datetime.date(2026, 6, 1))
    world.people.update({"chair": chair, "member": member})
    return {
        "health": health,
        "commitments": commitments,
        "programmes": programmes,
        "forum": forum,
        "meeting": meeting,
        "other_meeting": other_meeting,
    }
