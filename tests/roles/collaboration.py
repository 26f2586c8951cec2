"""Samples for the collaboration app's URLs: a forum chaired by editor A (viewer A a member), its
meeting, action and discussion; a challenge sponsored by body A with an industry applicant; a
platform body A uses; body A's licence; an overlap between body A's programme and a third body's."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from tests.conftest import World, make_body, make_person


def collaboration_world(w: World) -> dict:
    if "collab" in w.extra:
        return w.extra["collab"]
    from panorama.collaboration import models as m
    from panorama.collaboration import services
    from panorama.programmes.models import Platform, Programme
    from panorama.strategy.models import Ambition, Commitment, Strategy

    strategy = Strategy.objects.create(slug="dn", title="A changing nation", short_title="ACN")
    ambition = Ambition.objects.create(strategy=strategy, number=3, title="Digital government")
    commitment = Commitment.objects.create(
        ambition=ambition, reference="3.1", text="Common platforms for all"
    )
    forum = services.forum_create(actor=w.analyst, name="Digital leaders forum", purpose="Plan together.")
    services.forum_member_add(
        actor=w.analyst, forum=forum, person=w.editor_a, organisation=w.body_a, role="chair"
    )
    services.forum_member_add(actor=w.analyst, forum=forum, person=w.viewer_a, organisation=w.body_a)
    meeting = services.meeting_create(
        actor=w.analyst, forum=forum, data={"title": "First meeting", "held_on": datetime.date(2026, 1, 10)}
    )
    action = services.action_create(
        actor=w.analyst,
        forum=forum,
        data={
            "title": "Own the platforms commitment",
            "owner": w.editor_a,
            "commitment": commitment,
            "owns_commitment": True,
        },
    )
    thread = services.thread_create(
        actor=w.editor_a, forum=forum, title="Identity", body="Who uses ScotAccount?"
    )
    post = thread.posts.get()

    industry = make_body("ACME", "Acme Digital Ltd", sector="industry")
    founder = make_person("founder@acme.test", body=industry, member_role="editor")
    round_ = services.round_create(actor=w.analyst, name="CivTech 10", opened_on=datetime.date(2025, 5, 1))
    challenge = services.challenge_create(
        actor=w.analyst,
        data={
            "round": round_,
            "sponsor": w.body_a,
            "title": "Fewer missed benefit payments",
            "problem": "Why?",
            "budget": Decimal("250000"),
        },
    )
    application = services.application_submit(
        actor=founder, challenge=challenge, organisation=industry, proposal="Like this."
    )

    platform = Platform.objects.create(slug="scotaccount", name="ScotAccount", kind="identity")
    adoption = services.adoption_record(
        actor=w.analyst,
        platform=platform,
        organisation=w.body_a,
        adopted_on=datetime.date(2024, 6, 1),
        status="live",
    )
    licence = services.licence_create(
        actor=w.analyst, organisation=w.body_a, data={"product": "Case manager", "supplier": "Big Vendor"}
    )
    body_c = make_body("RoS", "Registers of Scotland")
    p1 = Programme.objects.create(
        organisation=w.body_a, title="Benefit case management", summary="Replace it."
    )
    p2 = Programme.objects.create(organisation=body_c, title="Land case management", summary="Replace it.")
    a, b = sorted([p1, p2], key=lambda p: p.pk)
    overlap = m.Overlap.objects.create(programme_a=a, programme_b=b, score=0.6, reasons=["Similar."])
    w.extra["collab"] = {
        "forum": forum,
        "meeting": meeting,
        "action": action,
        "thread": thread,
        "post": post,
        "commitment": commitment,
        "round": round_,
        "challenge": challenge,
        "application": application,
        "platform": platform,
        "adoption": adoption,
        "licence": licence,
        "overlap": overlap,
        "seat": forum.members.get(person=w.viewer_a),
    }
    return w.extra["collab"]


def _get(name: str, key: str = "public_id", attr: str = "public_id") -> Callable[[World], dict]:
    return lambda w: {key: getattr(collaboration_world(w)[name], attr)}


def _forum(w: World) -> dict:
    return {"slug": collaboration_world(w)["forum"].slug}


SAMPLES: dict[str, Callable[[World], dict]] = {
    "collaboration:forum-detail": _forum,
    "collaboration:forum-edit": _forum,
    "collaboration:forum-member-add": _forum,
    "collaboration:forum-member-remove": lambda w: {
        **_forum(w),
        "public_id": collaboration_world(w)["seat"].public_id,
    },
    "collaboration:meeting-create": _forum,
    "collaboration:action-create": _forum,
    "collaboration:thread-list": _forum,
    "collaboration:meeting-detail": _get("meeting"),
    "collaboration:meeting-edit": _get("meeting"),
    "collaboration:paper-add": _get("meeting"),
    "collaboration:decision-add": _get("meeting"),
    "collaboration:action-edit": _get("action"),
    "collaboration:commitment-forums": _get("commitment"),
    "collaboration:thread-detail": _get("thread"),
    "collaboration:post-hide": _get("post"),
    "collaboration:post-unhide": _get("post"),
    "collaboration:round-detail": _get("round", "slug", "slug"),
    "collaboration:application-detail": _get("application"),
    "collaboration:application-advance": _get("application"),
    "collaboration:challenge-detail": _get("challenge"),
    "collaboration:challenge-edit": _get("challenge"),
    "collaboration:challenge-stage": _get("challenge"),
    "collaboration:application-create": _get("challenge"),
    "collaboration:adoption-remove": _get("adoption"),
    "collaboration:platform-detail": _get("platform", "slug", "slug"),
    "collaboration:adoption-add": _get("platform", "slug", "slug"),
    "collaboration:catalogue": lambda w: {"slug": w.body_a.slug},
    "collaboration:licence-create": lambda w: {"slug": w.body_a.slug},
    "collaboration:licence-edit": _get("licence"),
    "collaboration:licence-delete": _get("licence"),
    "collaboration:overlap-detail": _get("overlap"),
    "collaboration:overlap-decide": _get("overlap"),
}
POST_DATA: dict[str, dict] = {
    "collaboration:paper-add": {"title": "Platform adoption paper"},
    "collaboration:decision-add": {"text": "Adopt ScotAccount by default."},
    "collaboration:post-hide": {"reason": "Off topic"},
    "collaboration:challenge-stage": {"stage": "shortlist"},
    "collaboration:application-advance": {"stage": "shortlisted"},
    "collaboration:overlap-decide": {"status": "confirmed"},
}
