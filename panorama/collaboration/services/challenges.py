"""Running innovation challenges: challenge → applications → shortlist (at most 6) → exploration
(about 3, paid) → accelerator → demo day → adopted or not (domain.md §4)."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from panorama.accounts.models import MemberRole, Membership, User
from panorama.core import audit
from panorama.core.notify import notify
from panorama.organisations.models import Organisation, Sector

from ..models import STAGE_ORDER, Application, ApplicationStage, Challenge, ChallengeRound, ChallengeStage
from ..selectors.challenges import application_can_see
from .common import create_recorded, update_versioned

SHORTLIST_LIMIT = 6
EXPLORATION_GUIDE = 3  # "about 3": more is allowed, and the page says so
EXPLORATION_FEE = Decimal("5000.00")  # £3,000 in early rounds, £5,000 now

CHALLENGE_STAGES = [s.value for s in ChallengeStage]
# The application stage a challenge must have reached before applications may reach it.
NEEDS_CHALLENGE_STAGE = {
    ApplicationStage.SHORTLISTED: ChallengeStage.SHORTLIST,
    ApplicationStage.EXPLORATION: ChallengeStage.EXPLORATION,
    ApplicationStage.ACCELERATOR: ChallengeStage.ACCELERATOR,
    ApplicationStage.DEMO_DAY: ChallengeStage.DEMO_DAY,
    ApplicationStage.ADOPTED: ChallengeStage.DEMO_DAY,
}
# Moving a challenge to a stage closes the door on applications that did not make the stage before.
STAGE_BEFORE = {
    ChallengeStage.EXPLORATION: ApplicationStage.SHORTLISTED,
    ChallengeStage.ACCELERATOR: ApplicationStage.EXPLORATION,
    ChallengeStage.DEMO_DAY: ApplicationStage.ACCELERATOR,
    ChallengeStage.ADOPTED: ApplicationStage.DEMO_DAY,
    ChallengeStage.NOT_ADOPTED: ApplicationStage.DEMO_DAY,
}


def _rank(stage: str) -> int:
    return CHALLENGE_STAGES.index(stage)


def round_create(*, actor: Any, name: str, opened_on, demo_day=None, summary: str = "", illustrative=False):
    name = name.strip()
    if ChallengeRound.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a round called {name}."})
    with transaction.atomic():
        return create_recorded(
            actor=actor,
            obj=ChallengeRound(
                name=name,
                slug=slugify(name)[:60],
                opened_on=opened_on,
                demo_day=demo_day,
                summary=summary,
                illustrative=illustrative,
            ),
            action="collaboration.challengeround.created",
        )


def challenge_create(*, actor: Any, data: dict) -> Challenge:
    sponsor = data.get("sponsor")
    if sponsor is not None and sponsor.sector == Sector.INDUSTRY:
        raise ValidationError(
            {"sponsor": "A challenge is sponsored by a public body or a third-sector body."}
        )
    with transaction.atomic():
        return create_recorded(actor=actor, obj=Challenge(**data), action="collaboration.challenge.created")


def challenge_update(*, actor: Any, challenge: Challenge, version: int, data: dict) -> Challenge:
    with transaction.atomic():
        return update_versioned(
            actor=actor,
            obj=challenge,
            version=version,
            data=data,
            action="collaboration.challenge.changed",
            label=f"The challenge “{challenge.title}”",
        )


def challenge_set_stage(*, actor: Any, challenge: Challenge, stage: str) -> Challenge:
    """Move a challenge one stage on (demo day ends in adopted or not adopted)."""
    if stage not in CHALLENGE_STAGES:
        raise ValidationError({"stage": f"Unknown stage {stage!r}."})
    current = challenge.stage
    if current in (ChallengeStage.ADOPTED, ChallengeStage.NOT_ADOPTED):
        raise ValidationError({"stage": "This challenge has finished."})
    allowed = (
        [ChallengeStage.ADOPTED, ChallengeStage.NOT_ADOPTED]
        if current == ChallengeStage.DEMO_DAY
        else [CHALLENGE_STAGES[_rank(current) + 1]]
    )
    if stage not in allowed:
        labels = " or ".join(ChallengeStage(s).label.lower() for s in allowed)
        raise ValidationError(
            {"stage": f"From {ChallengeStage(current).label.lower()} the challenge moves to {labels}."}
        )
    apps = challenge.applications
    if stage == ChallengeStage.EXPLORATION and not apps.filter(stage__in=STAGE_ORDER[1:]).exists():
        raise ValidationError({"stage": "Shortlist at least one team before exploration begins."})
    if stage == ChallengeStage.ADOPTED and not apps.filter(stage=ApplicationStage.ADOPTED).exists():
        raise ValidationError({"stage": "Mark the team whose solution was adopted first."})
    with transaction.atomic():
        before = audit.snapshot(challenge)
        challenge.stage = stage
        challenge.version += 1
        challenge.save()
        audit.record(
            actor=actor, action="collaboration.challenge.stage_changed", obj=challenge, before=before
        )
        if stage in STAGE_BEFORE:
            needed = STAGE_ORDER.index(STAGE_BEFORE[stage])
            for application in apps.filter(stopped=False):
                if application.stage_rank < needed or (
                    stage == ChallengeStage.NOT_ADOPTED and application.stage != ApplicationStage.ADOPTED
                ):
                    app_before = audit.snapshot(application)
                    application.stopped = True
                    application.save(update_fields=["stopped"])
                    audit.record(
                        actor=actor,
                        action="collaboration.application.stopped",
                        obj=application,
                        before=app_before,
                    )
    return challenge


def application_submit(
    *, actor: User, challenge: Challenge, organisation: Organisation, proposal: str
) -> Application:
    problems: dict[str, str] = {}
    if organisation.sector != Sector.INDUSTRY:
        problems["organisation"] = "Applications come from industry organisations."
    elif not Membership.objects.filter(
        person=actor, organisation=organisation, role=MemberRole.EDITOR
    ).exists():
        problems["organisation"] = (
            f"You can apply only for an organisation you are an editor of, not {organisation.name}."
        )
    if challenge.stage != ChallengeStage.OPEN:
        problems["challenge"] = f"“{challenge.title}” is no longer open for applications."
    if not proposal.strip():
        problems["proposal"] = "Say how you would solve the problem."
    if not problems and Application.objects.filter(challenge=challenge, organisation=organisation).exists():
        problems["organisation"] = f"{organisation.name} has already applied to this challenge."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        application = create_recorded(
            actor=actor,
            obj=Application(
                challenge=challenge, organisation=organisation, submitted_by=actor, proposal=proposal.strip()
            ),
            action="collaboration.application.created",
        )
    return application


def application_advance(*, actor: Any, application: Application, stage: str) -> Application:
    """Move an application to the next stage, within the rules of the challenge."""
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": f"Unknown stage {stage!r}."})
    if application.stopped:
        raise ValidationError({"stage": "This application went no further."})
    if STAGE_ORDER.index(stage) != application.stage_rank + 1:
        raise ValidationError(
            {
                "stage": f"A {ApplicationStage(application.stage).label.lower()} application moves on one stage at a time."
            }
        )
    challenge = application.challenge
    needed = NEEDS_CHALLENGE_STAGE[stage]
    if _rank(challenge.stage) < _rank(needed) or (
        challenge.stage in (ChallengeStage.ADOPTED, ChallengeStage.NOT_ADOPTED)
        and stage != ApplicationStage.ADOPTED
    ):
        raise ValidationError(
            {
                "stage": f"The challenge is at {ChallengeStage(challenge.stage).label.lower()}: "
                f"applications can be {ApplicationStage(stage).label.lower()} only at {ChallengeStage(needed).label.lower()}."
            }
        )
    with transaction.atomic():
        # Lock the challenge's applications so two sifts at once cannot both take the sixth place.
        list(Application.objects.select_for_update().filter(challenge=challenge).values_list("pk"))
        if stage == ApplicationStage.SHORTLISTED:
            shortlisted = challenge.applications.filter(stage__in=STAGE_ORDER[1:]).count()
            if shortlisted >= SHORTLIST_LIMIT:
                raise ValidationError(
                    {"stage": f"The shortlist is full: at most {SHORTLIST_LIMIT} teams per challenge."}
                )
        before = audit.snapshot(application)
        application.stage = stage
        if stage == ApplicationStage.EXPLORATION and application.exploration_fee is None:
            application.exploration_fee = EXPLORATION_FEE
        application.version += 1
        application.save()
        audit.record(actor=actor, action="collaboration.application.advanced", obj=application, before=before)
    people = User.objects.filter(memberships__organisation=application.organisation, is_active=True)
    notify(
        recipients=people,
        may_see=lambda person: application_can_see(user=person, application=application),
        key=f"application:{application.public_id}:{stage}",
        subject=f"{application.organisation.name}: {ApplicationStage(stage).label.lower()} for “{challenge.title}”",
        body=f"Your application to “{challenge.title}” has moved to: {ApplicationStage(stage).label.lower()}.",
        url=application.get_absolute_url(),
    )
    return application


def exploration_count(*, challenge: Challenge) -> int:
    return challenge.applications.filter(stage__in=STAGE_ORDER[2:]).count()
