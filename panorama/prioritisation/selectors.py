"""Reads for prioritisation: who may see, create and change which scenario, and its runs."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.permissions import Person
from panorama.collaboration.models import Forum, ForumMember, Meeting

from .models import Scenario, ScenarioRun


def forums_for_person(*, user: Person) -> QuerySet[Forum]:
    """The forums someone may plan for: every forum for an analyst, else those they sit on."""
    if permissions.is_analyst(user):
        return Forum.objects.all()
    if not permissions.signed_in(user):
        return Forum.objects.none()
    return Forum.objects.filter(members__person=user).distinct()


def scenario_list(*, user: Person) -> QuerySet[Scenario]:
    scenarios = Scenario.objects.select_related("forum", "created_by")
    if permissions.reads_everything(user):
        return scenarios
    return scenarios.filter(forum__in=forums_for_person(user=user))


def _may_change(user: Person, scenario: Scenario) -> bool:
    if permissions.is_analyst(user):
        return True
    if not permissions.signed_in(user) or scenario.forum_id is None:
        return False
    return ForumMember.objects.filter(forum_id=scenario.forum_id, person=user).exists()


def scenario_for_user(*, user: Person, public_id, change: bool = False) -> Scenario:
    """404 to someone who may not see the scenario, 403 to someone who may see but not change it."""
    try:
        scenario = scenario_list(user=user).get(public_id=public_id)
    except (Scenario.DoesNotExist, ValueError):
        raise Http404("No such scenario.") from None
    if change and not _may_change(user, scenario):
        raise PermissionDenied("prioritisation.change")
    return scenario


def scenario_can_change(*, user: Person, scenario: Scenario) -> bool:
    return _may_change(user, scenario)


def latest_run(*, scenario: Scenario) -> ScenarioRun | None:
    return scenario.runs.select_related("adopted_decision__meeting__forum").first()


def run_for_user(*, user: Person, public_id) -> ScenarioRun:
    try:
        run = ScenarioRun.objects.select_related("scenario").get(public_id=public_id)
    except (ScenarioRun.DoesNotExist, ValueError):
        raise Http404("No such run.") from None
    scenario_for_user(user=user, public_id=run.scenario.public_id)
    return run


def meetings_for_adopting(*, user: Person, scenario: Scenario) -> QuerySet[Meeting]:
    """Meetings at which this person may record a decision: of forums they chair (any, for an
    analyst), limited to the scenario's own forum when it has one: the forums they run
    (`collaboration.run_forum`), so an auditor who holds a chair records nothing."""
    meetings = Meeting.objects.select_related("forum").order_by("forum__name", "-held_on")
    if permissions.is_auditor(user):
        return meetings.none()
    if not permissions.is_analyst(user):
        meetings = meetings.filter(forum__members__person=user, forum__members__role="chair")
    if scenario.forum_id:
        meetings = meetings.filter(forum_id=scenario.forum_id)
    return meetings
