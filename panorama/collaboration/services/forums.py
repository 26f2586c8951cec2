"""Writing forums, their members, meetings, papers, decisions and actions, and discussions."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from panorama.accounts.models import Membership, User
from panorama.core import audit
from panorama.core.notify import PUBLIC, notify
from panorama.organisations.models import Organisation

from ..models import Action, Decision, Forum, ForumMember, ForumRole, Meeting, Paper, Post, Thread
from ..selectors.forums import forum_can_manage, forum_can_read_discussions
from .common import create_recorded, update_versioned


def forum_create(*, actor: Any, name: str, purpose: str, illustrative: bool = False) -> Forum:
    name = name.strip()
    slug = slugify(name)[:60]
    if Forum.objects.filter(Q(name__iexact=name) | Q(slug=slug)).exists():
        raise ValidationError({"name": f"There is already a forum called {name}."})
    with transaction.atomic():
        return create_recorded(
            actor=actor,
            obj=Forum(name=name, slug=slug, purpose=purpose.strip(), illustrative=illustrative),
            action="collaboration.forum.created",
        )


def forum_update(*, actor: Any, forum: Forum, version: int, data: dict) -> Forum:
    with transaction.atomic():
        return update_versioned(
            actor=actor,
            obj=forum,
            version=version,
            data=data,
            action="collaboration.forum.changed",
            label=forum.name,
        )


def forum_member_add(
    *, actor: Any, forum: Forum, person: User, organisation: Organisation, role: str = ForumRole.MEMBER
) -> ForumMember:
    """Seat a person on a forum for a body they belong to: the body gives the seat its sector."""
    if not Membership.objects.filter(person=person, organisation=organisation).exists():
        raise ValidationError(
            {
                "organisation": f"{person.email} does not belong to {organisation.name}, so cannot represent it."
            }
        )
    if role not in ForumRole.values:
        raise ValidationError({"role": "Choose chair or member."})
    with transaction.atomic():
        seat = forum.members.filter(person=person).first()
        if seat is not None:
            before = audit.snapshot(seat)
            seat.organisation, seat.role = organisation, role
            seat.save()
            audit.record(actor=actor, action="collaboration.forummember.changed", obj=seat, before=before)
            return seat
        seat = create_recorded(
            actor=actor,
            obj=ForumMember(forum=forum, person=person, organisation=organisation, role=role),
            action="collaboration.forummember.created",
        )
    notify(
        recipients=[person],
        may_see=PUBLIC,  # forums are public
        key=f"forum-seat:{forum.pk}",
        subject=f"You have joined {forum.name}",
        body=f"You now sit on {forum.name} for {organisation.name}.",
        url=forum.get_absolute_url(),
    )
    return seat


def forum_member_remove(*, actor: Any, seat: ForumMember) -> None:
    audit.delete(actor=actor, action="collaboration.forummember.deleted", obj=seat)


def meeting_create(*, actor: Any, forum: Forum, data: dict) -> Meeting:
    with transaction.atomic():
        return create_recorded(
            actor=actor, obj=Meeting(forum=forum, **data), action="collaboration.meeting.created"
        )


def meeting_update(*, actor: Any, meeting: Meeting, version: int, data: dict) -> Meeting:
    with transaction.atomic():
        return update_versioned(
            actor=actor,
            obj=meeting,
            version=version,
            data=data,
            action="collaboration.meeting.changed",
            label=f"The meeting “{meeting.title}”",
        )


def paper_add(*, actor: Any, meeting: Meeting, title: str, url: str = "", summary: str = "") -> Paper:
    with transaction.atomic():
        return create_recorded(
            actor=actor,
            obj=Paper(meeting=meeting, title=title.strip(), url=url.strip(), summary=summary.strip()),
            action="collaboration.paper.created",
        )


def decision_add(*, actor: Any, meeting: Meeting, text: str) -> Decision:
    with transaction.atomic():
        return create_recorded(
            actor=actor,
            obj=Decision(meeting=meeting, text=text.strip()),
            action="collaboration.decision.created",
        )


def _check_ownership(action: Action) -> None:
    """A forum may take ownership only of a commitment nobody owns, and only one forum at a time."""
    if not action.owns_commitment:
        return
    if action.commitment is None:
        raise ValidationError({"commitment": "Choose the commitment the forum takes ownership of."})
    other = (
        Action.objects.filter(commitment=action.commitment, owns_commitment=True)
        .exclude(pk=action.pk)
        .select_related("forum")
        .first()
    )
    if other is not None:
        raise ValidationError(
            {"owns_commitment": f"{other.forum.name} already owns commitment {action.commitment.reference}."}
        )
    if not action.commitment.unowned:
        owner = action.commitment.owner.name if action.commitment.owner else "a body"
        raise ValidationError(
            {
                "owns_commitment": f"Commitment {action.commitment.reference} is already owned by {owner}: "
                "a forum can take ownership only of an unowned commitment. Link it without taking ownership."
            }
        )


def _notify_action_owner(action: Action) -> None:
    if action.owner is None:
        return
    notify(
        recipients=[action.owner],
        may_see=PUBLIC,  # a forum's actions are public
        key=f"action-owner:{action.public_id}:{action.owner_id}",
        subject=f"An action for you from {action.forum.name}",
        body=f"{action.title}" + (f" (due {action.due:%d %B %Y})" if action.due else ""),
        url=action.forum.get_absolute_url() + "#actions",
    )


def action_create(*, actor: Any, forum: Forum, data: dict) -> Action:
    action = Action(forum=forum, **data)
    _check_ownership(action)
    with transaction.atomic():
        create_recorded(actor=actor, obj=action, action="collaboration.action.created")
    _notify_action_owner(action)
    return action


def action_update(*, actor: Any, action: Action, version: int, data: dict) -> Action:
    probe = Action(**{**{f.attname: getattr(action, f.attname) for f in Action._meta.concrete_fields}})
    for name, value in data.items():
        setattr(probe, name, value)
    if probe.owns_commitment != action.owns_commitment and not forum_can_manage(
        user=actor, forum=action.forum
    ):
        # The action's owner may report progress; taking (or giving up) a commitment is the forum's
        # decision, so only its chair or an analyst makes it.
        raise ValidationError(
            {
                "owns_commitment": "Only the forum's chair or an analyst may say whether the forum owns a commitment."
            }
        )
    _check_ownership(probe)
    with transaction.atomic():
        updated = update_versioned(
            actor=actor,
            obj=action,
            version=version,
            data=data,
            action="collaboration.action.changed",
            label=f"The action “{action.title}”",
        )
    _notify_action_owner(updated)
    return updated


# --- Discussions ----------------------------------------------------------------------------------

# @someone@body.gov.scot, or @handle (the part of a member's email before the @).
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|[A-Za-z0-9._-]+)")


def handle_of(person: User) -> str:
    return person.email.split("@", 1)[0].lower()


def mentioned_people(*, forum: Forum, text: str) -> list[User]:
    """Forum members named in `text`, by email or handle. Only members: mentioning someone who cannot
    read the discussion would tell them nothing and leak its title."""
    wanted = {m.rstrip(".").lower() for m in MENTION.findall(text or "")}
    if not wanted:
        return []
    members = [seat.person for seat in forum.members.select_related("person")]
    handles: dict[str, list[User]] = {}
    for person in members:
        handles.setdefault(handle_of(person), []).append(person)
    found = {}
    for name in wanted:
        if "@" in name:
            found.update({p.pk: p for p in members if p.email.lower() == name})
        elif len(handles.get(name, [])) == 1:  # an ambiguous handle notifies nobody
            found[handles[name][0].pk] = handles[name][0]
    return list(found.values())


def notify_about_post(*, actor: Any, post: Post) -> None:
    thread = post.thread
    url = post.get_absolute_url()
    who = getattr(actor, "full_name", "") or getattr(actor, "email", "Someone")
    mentioned = [p for p in mentioned_people(forum=thread.forum, text=post.body) if p.pk != post.author_id]

    def may_see(person: User) -> bool:  # a member whose seat was removed no longer hears the thread
        return forum_can_read_discussions(user=person, forum=thread.forum)

    notify(
        recipients=mentioned,
        may_see=may_see,
        key=f"mention:{post.public_id}",
        subject=f"{who} mentioned you in “{thread.title}”",
        body=post.body[:500],
        url=url,
    )
    # Everyone else who has posted in the thread hears of the reply once per post.
    participants = User.objects.filter(pk__in=thread.posts.values("author")).exclude(pk=post.author_id)
    notify(
        recipients=[p for p in participants if p.pk not in {m.pk for m in mentioned}],
        may_see=may_see,
        key=f"reply:{post.public_id}",
        subject=f"New reply in “{thread.title}”",
        body=post.body[:500],
        url=url,
        email=False,
    )


def thread_create(*, actor: Any, forum: Forum, title: str, body: str) -> Thread:
    title, body = title.strip(), body.strip()
    problems = {}
    if not title:
        problems["title"] = "Give the discussion a title."
    if not body:
        problems["body"] = "Write the first post."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        thread = create_recorded(
            actor=actor,
            obj=Thread(forum=forum, title=title, author=actor),
            action="collaboration.thread.created",
        )
        post = create_recorded(
            actor=actor, obj=Post(thread=thread, author=actor, body=body), action="collaboration.post.created"
        )
    notify_about_post(actor=actor, post=post)
    return thread


def post_create(*, actor: Any, thread: Thread, body: str) -> Post:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write your reply."})
    with transaction.atomic():
        post = create_recorded(
            actor=actor, obj=Post(thread=thread, author=actor, body=body), action="collaboration.post.created"
        )
        Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    notify_about_post(actor=actor, post=post)
    return post


def post_hide(*, actor: Any, post: Post, reason: str) -> Post:
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Say why the post is hidden; the author and the record will show it."}
        )
    with transaction.atomic():
        before = audit.snapshot(post)
        post.hidden, post.hidden_by, post.hidden_reason, post.hidden_at = True, actor, reason, timezone.now()
        post.save()
        audit.record(actor=actor, action="collaboration.post.hidden", obj=post, before=before, note=reason)
    return post


def post_restore(*, actor: Any, post: Post) -> Post:
    with transaction.atomic():
        before = audit.snapshot(post)
        post.hidden, post.hidden_by, post.hidden_reason, post.hidden_at = False, None, "", None
        post.save()
        audit.record(actor=actor, action="collaboration.post.unhidden", obj=post, before=before)
    return post
