"""Reading forums, meetings, actions and discussions, and who may do what with them.

Forums are public (what they are for, which bodies sit on them, their meetings, decisions and
actions); the names of their members are for signed-in people; discussions are for the forum's
members and for those who read everything. Forum chairs and analysts run a forum.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.permissions import Person
from panorama.organisations.models import Organisation, Sector
from panorama.strategy.models import Commitment

from ..models import Action, ActionStatus, Forum, ForumMember, Meeting, Post, Thread

PUBLIC_SECTOR = "public sector"


def sector_group(sector: str) -> str:
    """The three sectors the audit asked forums to bring together."""
    if sector == Sector.INDUSTRY:
        return "industry"
    if sector == Sector.THIRD:
        return "third sector"
    return PUBLIC_SECTOR


def forum_list() -> QuerySet[Forum]:
    return Forum.objects.annotate(
        member_count=Count("members", distinct=True),
        open_actions=Count(
            "actions",
            filter=Q(actions__status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS]),
            distinct=True,
        ),
        owned_commitments=Count("actions", filter=Q(actions__owns_commitment=True), distinct=True),
    ).order_by("name")


def forum_get(*, slug: str) -> Forum:
    try:
        return Forum.objects.get(slug=slug)
    except Forum.DoesNotExist:
        raise Http404("No such forum.") from None


def forum_seat(*, user: Person, forum: Forum) -> ForumMember | None:
    if not permissions.signed_in(user):
        return None
    return forum.members.filter(person=user).first()


def forum_can_manage(*, user: Person, forum: Forum) -> bool:
    """Asked of the permission module, as the forum's pages ask it ({% may "collaboration.run_forum" %})."""
    return permissions.has(user, "collaboration.run_forum", forum)


def forum_can_read_discussions(*, user: Person, forum: Forum) -> bool:
    return permissions.reads_everything(user) or forum_seat(user=user, forum=forum) is not None


def forum_can_post(*, user: Person, forum: Forum) -> bool:
    return permissions.is_analyst(user) or forum_seat(user=user, forum=forum) is not None


def forum_for_managing(*, user: Person, slug: str) -> Forum:
    forum = forum_get(slug=slug)
    if not forum_can_manage(user=user, forum=forum):
        raise PermissionDenied("Only the forum's chair or a portfolio analyst may do that.")
    return forum


def forum_for_discussion(*, user: Person, slug: str) -> Forum:
    """Discussions are private to the forum: to anyone else the forum's threads do not exist."""
    forum = forum_get(slug=slug)
    if not forum_can_read_discussions(user=user, forum=forum):
        raise Http404("No such discussion.")
    return forum


def forum_members(*, forum: Forum) -> QuerySet[ForumMember]:
    return forum.members.select_related("person", "organisation").order_by("role", "organisation__name")


def forum_sectors(*, forum: Forum) -> dict[str, list[Organisation]]:
    """The bodies on a forum, grouped into public sector, industry and third sector."""
    groups: dict[str, list[Organisation]] = {PUBLIC_SECTOR: [], "industry": [], "third sector": []}
    bodies = Organisation.objects.filter(forum_seats__forum=forum).distinct().order_by("name")
    for body in bodies:
        groups[sector_group(body.sector)].append(body)
    return groups


def forum_bodies_for_person(*, user: Person) -> QuerySet[Organisation]:
    """The bodies a person could represent on a forum: those they belong to."""
    return Organisation.objects.filter(memberships__person=user).order_by("name")


def meeting_list(*, forum: Forum) -> QuerySet[Meeting]:
    return forum.meetings.annotate(decision_count=Count("decisions")).order_by("-held_on")


def meeting_get(*, public_id) -> Meeting:
    try:
        return (
            Meeting.objects.select_related("forum")
            .prefetch_related(
                "papers", "decisions", Prefetch("actions", Action.objects.select_related("owner"))
            )
            .get(public_id=public_id)
        )
    except (Meeting.DoesNotExist, ValueError):
        raise Http404("No such meeting.") from None


def meeting_for_managing(*, user: Person, public_id) -> Meeting:
    meeting = meeting_get(public_id=public_id)
    if not forum_can_manage(user=user, forum=meeting.forum):
        raise PermissionDenied("Only the forum's chair or a portfolio analyst may change its meetings.")
    return meeting


def action_list(
    *, forum: Forum | None = None, status: str = "", owned_only: bool = False
) -> QuerySet[Action]:
    actions = Action.objects.select_related(
        "forum", "owner", "organisation", "commitment", "commitment__ambition__strategy", "meeting"
    )
    if forum is not None:
        actions = actions.filter(forum=forum)
    if status:
        actions = actions.filter(status=status)
    if owned_only:
        actions = actions.filter(owns_commitment=True)
    return actions.order_by("due", "id")


def action_get(*, public_id) -> Action:
    try:
        return Action.objects.select_related("forum", "owner", "organisation", "commitment").get(
            public_id=public_id
        )
    except (Action.DoesNotExist, ValueError):
        raise Http404("No such action.") from None


def action_can_change(*, user: Person, action: Action) -> bool:
    return permissions.has(user, "collaboration.change_action", action)


def action_for_editing(*, user: Person, public_id) -> Action:
    action = action_get(public_id=public_id)
    if not action_can_change(user=user, action=action):
        raise PermissionDenied("Only the action's owner, the forum's chair or an analyst may change it.")
    return action


def forum_actions_for_commitment(*, commitment: Commitment) -> QuerySet[Action]:
    """The forum actions on a commitment, the one that takes ownership first. For the commitment page:
    `{% include "collaboration/includes/commitment_forums.html" %}` with `forum_actions` set to this."""
    return (
        Action.objects.filter(commitment=commitment)
        .select_related("forum", "owner", "organisation")
        .order_by("-owns_commitment", "due", "id")
    )


def commitment_owning_action(*, commitment: Commitment) -> Action | None:
    """The forum action through which a forum has taken ownership of the commitment (one at most:
    `services.action_create` refuses a second)."""
    return forum_actions_for_commitment(commitment=commitment).filter(owns_commitment=True).first()


def commitment_forum_owner(*, commitment: Commitment) -> Forum | None:
    action = commitment_owning_action(commitment=commitment)
    return action.forum if action else None


def commitment_get(*, public_id) -> Commitment:
    try:
        return Commitment.objects.select_related("ambition__strategy", "owner").get(public_id=public_id)
    except (Commitment.DoesNotExist, ValueError):
        raise Http404("No such commitment.") from None


def commitments_for_actions() -> QuerySet[Commitment]:
    """Commitments an action may link to: unowned ones first, since those need a forum most."""
    return Commitment.objects.select_related("ambition__strategy", "owner").order_by(
        "ambition__strategy__title", "ambition__number", "reference"
    )


def thread_list(*, forum: Forum) -> QuerySet[Thread]:
    return (
        forum.threads.select_related("author")
        .annotate(post_count=Count("posts", filter=Q(posts__hidden=False)))
        .order_by("-last_post_at", "id")
    )


def thread_for_user(*, user: Person, public_id) -> Thread:
    try:
        thread = Thread.objects.select_related("forum", "author").get(public_id=public_id)
    except (Thread.DoesNotExist, ValueError):
        raise Http404("No such discussion.") from None
    if not forum_can_read_discussions(user=user, forum=thread.forum):
        raise Http404("No such discussion.")
    return thread


def thread_posts(*, thread: Thread) -> QuerySet[Post]:
    return thread.posts.select_related("author", "hidden_by").order_by("created_at", "id")


def post_for_moderating(*, user: Person, public_id) -> Post:
    try:
        post = Post.objects.select_related("thread__forum", "author").get(public_id=public_id)
    except (Post.DoesNotExist, ValueError):
        raise Http404("No such post.") from None
    forum = post.thread.forum
    if not forum_can_read_discussions(user=user, forum=forum):
        raise Http404("No such post.")
    if not forum_can_manage(user=user, forum=forum):
        raise PermissionDenied("Only the forum's chair or a portfolio analyst may moderate.")
    return post
