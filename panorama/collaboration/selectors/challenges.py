"""Reading innovation challenges, applications and the funnel.

Challenges, their rounds and the funnel are public, as are the names of teams once shortlisted (the
programme publishes them). An application itself is seen by its own organisation's people, the
sponsor body's people and those who read everything; to anyone else it does not exist.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.permissions import Person
from panorama.organisations.models import Organisation, Sector

from ..models import STAGE_ORDER, Application, ApplicationStage, Challenge, ChallengeRound


def reached(stage: str) -> Q:
    """Applications that got at least as far as `stage`."""
    return Q(stage__in=STAGE_ORDER[STAGE_ORDER.index(stage) :])


def round_list() -> QuerySet[ChallengeRound]:
    return ChallengeRound.objects.order_by("-opened_on")


def round_get(*, slug: str) -> ChallengeRound:
    try:
        return ChallengeRound.objects.get(slug=slug)
    except ChallengeRound.DoesNotExist:
        raise Http404("No such round.") from None


@dataclass
class Funnel:
    round: ChallengeRound
    challenges: int
    applications: int
    shortlisted: int
    exploration: int
    accelerator: int
    adopted: int
    budget: object

    @property
    def adoption_rate(self) -> float | None:
        """Adopted teams as a share of accelerator teams (domain.md §4: 70–80% win a contract)."""
        return self.adopted / self.accelerator if self.accelerator else None

    @property
    def adoption_percent(self) -> str:
        rate = self.adoption_rate
        return "—" if rate is None else f"{rate * 100:.0f}%"

    def as_dict(self) -> dict:
        return {
            "round": self.round.slug,
            "name": self.round.name,
            "challenges": self.challenges,
            "applications": self.applications,
            "shortlisted": self.shortlisted,
            "exploration_teams": self.exploration,
            "accelerator_teams": self.accelerator,
            "adopted": self.adopted,
            "adoption_rate": None if self.adoption_rate is None else round(self.adoption_rate, 4),
        }


def funnel_by_round(*, rounds: QuerySet[ChallengeRound] | None = None) -> list[Funnel]:
    """One aggregate query per measure family, whatever the number of rounds."""
    rounds = list(rounds if rounds is not None else round_list())
    apps = {
        row["challenge__round"]: row
        for row in Application.objects.filter(challenge__round__in=rounds)
        .values("challenge__round")
        .annotate(
            applications=Count("id"),
            shortlisted=Count("id", filter=reached(ApplicationStage.SHORTLISTED)),
            exploration=Count("id", filter=reached(ApplicationStage.EXPLORATION)),
            accelerator=Count("id", filter=reached(ApplicationStage.ACCELERATOR)),
            adopted=Count("id", filter=Q(stage=ApplicationStage.ADOPTED)),
        )
    }
    challenge_counts = {
        row["round"]: (row["n"], row["budget"])
        for row in Challenge.objects.filter(round__in=rounds)
        .values("round")
        .annotate(n=Count("id"), budget=Sum("budget"))
    }
    funnels = []
    for r in rounds:
        row = apps.get(r.pk, {})
        n, budget = challenge_counts.get(r.pk, (0, None))
        funnels.append(
            Funnel(
                round=r,
                challenges=n,
                applications=row.get("applications", 0),
                shortlisted=row.get("shortlisted", 0),
                exploration=row.get("exploration", 0),
                accelerator=row.get("accelerator", 0),
                adopted=row.get("adopted", 0),
                budget=budget,
            )
        )
    return funnels


def challenge_list(
    *, round: ChallengeRound | None = None, stage: str = "", sponsor: str = ""
) -> QuerySet[Challenge]:
    challenges = Challenge.objects.select_related("round", "sponsor").annotate(
        application_count=Count("applications", distinct=True),
        exploration_count=Count("applications", filter=reached(ApplicationStage.EXPLORATION), distinct=True),
    )
    if round is not None:
        challenges = challenges.filter(round=round)
    if stage:
        challenges = challenges.filter(stage=stage)
    if sponsor:
        challenges = challenges.filter(sponsor__slug=sponsor)
    return challenges.order_by("-round__opened_on", "title")


def challenge_get(*, public_id) -> Challenge:
    try:
        return Challenge.objects.select_related("round", "sponsor", "commitment").get(public_id=public_id)
    except (Challenge.DoesNotExist, ValueError):
        raise Http404("No such challenge.") from None


def challenge_can_run(*, user: Person, challenge: Challenge) -> bool:
    """Analysts (the programme team) and the sponsor body's editors run a challenge's sift."""
    return permissions.has(user, "organisations.change", challenge.sponsor)


def challenge_can_see_applications(*, user: Person, challenge: Challenge) -> bool:
    return permissions.has(user, "organisations.view", challenge.sponsor)


def challenge_for_running(*, user: Person, public_id) -> Challenge:
    challenge = challenge_get(public_id=public_id)
    if not challenge_can_run(user=user, challenge=challenge):
        raise PermissionDenied(
            "Only the sponsor body's editors or a portfolio analyst may run this challenge."
        )
    return challenge


def challenge_teams(*, challenge: Challenge) -> QuerySet[Application]:
    """The teams that made the shortlist or beyond: public, as the programme announces them."""
    return (
        challenge.applications.filter(reached(ApplicationStage.SHORTLISTED))
        .select_related("organisation")
        .order_by("organisation__name")
    )


def challenge_applications(*, challenge: Challenge) -> QuerySet[Application]:
    return challenge.applications.select_related("organisation", "submitted_by").order_by(
        "organisation__name"
    )


def applicant_organisations(*, user: Person) -> QuerySet[Organisation]:
    """The industry organisations a person may apply for: those they are an editor of."""
    if not permissions.signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        sector=Sector.INDUSTRY, memberships__person=user, memberships__role="editor"
    ).order_by("name")


def applications_for_person(*, user: Person) -> QuerySet[Application]:
    """A person's own organisations' applications, and no one else's."""
    return (
        Application.objects.filter(organisation__memberships__person=user)
        .select_related("challenge__round", "challenge__sponsor", "organisation")
        .order_by("-submitted_at")
    )


def application_can_see(*, user: Person, application: Application) -> bool:
    return permissions.has(user, "organisations.view", application.organisation) or permissions.has(
        user, "organisations.view", application.challenge.sponsor
    )


def application_for_user(*, user: Person, public_id) -> Application:
    try:
        application = Application.objects.select_related(
            "challenge__round", "challenge__sponsor", "organisation", "submitted_by"
        ).get(public_id=public_id)
    except (Application.DoesNotExist, ValueError):
        raise Http404("No such application.") from None
    if not application_can_see(user=user, application=application):
        raise Http404("No such application.")
    return application


def application_for_running(*, user: Person, public_id) -> Application:
    application = application_for_user(user=user, public_id=public_id)
    if not challenge_can_run(user=user, challenge=application.challenge):
        raise PermissionDenied(
            "Only the sponsor body's editors or a portfolio analyst may move applications on."
        )
    return application
