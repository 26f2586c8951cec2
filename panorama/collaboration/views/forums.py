import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core.exports import csv_response
from panorama.core.pagination import paginate

from .. import selectors, services
from ..forms import (
    ActionCreateForm,
    ActionFilterForm,
    ActionForm,
    DecisionForm,
    ForumEditForm,
    ForumForm,
    HideForm,
    MeetingCreateForm,
    MeetingForm,
    MemberForm,
    PaperForm,
    ReplyForm,
    ThreadForm,
)
from .common import history_context, submitted, without_version


@require("core.public")
def forum_list(request: HttpRequest) -> HttpResponse:
    forums = selectors.forum_list()
    rows = [(forum, selectors.forum_sectors(forum=forum)) for forum in forums]
    return render(
        request,
        "collaboration/forum_list.html",
        {"rows": rows, "can_create": permissions.has(request.user, "collaboration.manage")},
    )


@require("collaboration.manage")
def forum_create(request: HttpRequest) -> HttpResponse:
    form = ForumForm(request.POST or None)
    done = submitted(
        request,
        form,
        lambda data: services.forum_create(actor=request.user, **data),
        message=lambda forum: f"Created {forum.name}. Now add its members.",
    )
    return done or render(request, "collaboration/forum_form.html", {"form": form})


@require("core.public")
def forum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    forum = selectors.forum_get(slug=slug)
    user = request.user
    filters = ActionFilterForm(request.GET or None)
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    actions = selectors.action_list(forum=forum, status=status)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"{forum.slug}-actions.csv",
            ["action", "owner", "body", "due", "status", "commitment", "forum owns commitment"],
            (
                [
                    a.title,
                    a.owner.full_name if a.owner else "",
                    a.organisation.name if a.organisation else "",
                    a.due,
                    a.get_status_display(),
                    a.commitment.reference if a.commitment else "",
                    a.owns_commitment,
                ]
                for a in actions
            ),
        )
    context = {
        "forum": forum,
        "sectors": selectors.forum_sectors(forum=forum),
        "meetings": selectors.meeting_list(forum=forum),
        "actions": actions,
        "filters": filters,
        "owned": selectors.action_list(forum=forum, owned_only=True),
        "can_discuss": selectors.forum_can_read_discussions(user=user, forum=forum),
        "seat": selectors.forum_seat(user=user, forum=forum),
        **history_context(request, forum, "forum"),
    }
    if permissions.signed_in(user):
        context["members"] = selectors.forum_members(forum=forum)
    if context["can_discuss"]:
        context["threads"] = selectors.thread_list(forum=forum)[:5]
    return render(request, "collaboration/forum_detail.html", context)


@require("core.signed_in")
def forum_edit(request: HttpRequest, slug: str) -> HttpResponse:
    forum = selectors.forum_for_managing(user=request.user, slug=slug)
    form = ForumEditForm(request.POST or None, initial={"purpose": forum.purpose, "version": forum.version})
    done = submitted(
        request,
        form,
        lambda data: services.forum_update(
            actor=request.user, forum=forum, version=data["version"], data={"purpose": data["purpose"]}
        ),
        message=f"Saved {forum.name}.",
        then=forum,
    )
    return done or render(request, "collaboration/forum_form.html", {"form": form, "forum": forum})


@require("core.signed_in")
def forum_member_add(request: HttpRequest, slug: str) -> HttpResponse:
    forum = selectors.forum_for_managing(user=request.user, slug=slug)
    form = MemberForm(request.POST or None)
    done = submitted(
        request,
        form,
        lambda data: services.forum_member_add(
            actor=request.user,
            forum=forum,
            person=data["email"],
            organisation=data["organisation"],
            role=data["role"],
        ),
        message=lambda seat: f"{seat.person.full_name or seat.person.email} now sits on {forum.name}.",
        then=forum,
    )
    return done or render(request, "collaboration/member_form.html", {"form": form, "forum": forum})


@require_POST
@require("core.signed_in")
def forum_member_remove(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    forum = selectors.forum_for_managing(user=request.user, slug=slug)
    seat = forum.members.filter(public_id=public_id).select_related("person").first()
    if seat is None:
        raise Http404("No such member.")
    services.forum_member_remove(actor=request.user, seat=seat)
    messages.success(request, f"{seat.person.full_name or seat.person.email} has left {forum.name}.")
    return redirect(forum)


@require("core.signed_in")
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    forum = selectors.forum_for_managing(user=request.user, slug=slug)
    form = MeetingCreateForm(request.POST or None)
    done = submitted(
        request,
        form,
        lambda data: services.meeting_create(actor=request.user, forum=forum, data=without_version(data)),
        message=lambda meeting: f"Added the meeting “{meeting.title}”.",
    )
    return done or render(request, "collaboration/meeting_form.html", {"form": form, "forum": forum})


@require("core.public")
def meeting_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = selectors.meeting_get(public_id=public_id)
    can_manage = selectors.forum_can_manage(user=request.user, forum=meeting.forum)
    return render(
        request,
        "collaboration/meeting_detail.html",
        {
            "meeting": meeting,
            "forum": meeting.forum,
            "paper_form": PaperForm() if can_manage else None,
            "decision_form": DecisionForm() if can_manage else None,
            **history_context(request, meeting, "meeting"),
        },
    )


@require("core.signed_in")
def meeting_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = selectors.meeting_for_managing(user=request.user, public_id=public_id)
    form = MeetingForm(request.POST or None, instance=meeting, initial={"version": meeting.version})
    done = submitted(
        request,
        form,
        lambda data: services.meeting_update(
            actor=request.user, meeting=meeting, version=data["version"], data=without_version(data)
        ),
        message="Saved the meeting.",
        then=meeting,
    )
    return done or render(
        request, "collaboration/meeting_form.html", {"form": form, "forum": meeting.forum, "meeting": meeting}
    )


@require_POST
@require("core.signed_in")
def paper_add(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = selectors.meeting_for_managing(user=request.user, public_id=public_id)
    form = PaperForm(request.POST)
    if form.is_valid():
        services.paper_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, f"Added the paper “{form.cleaned_data['title']}”.")
        return redirect(meeting)
    return render(
        request,
        "collaboration/meeting_detail.html",
        {
            "meeting": meeting,
            "forum": meeting.forum,
            "paper_form": form,
            "decision_form": DecisionForm(),
        },
        status=400,
    )


@require_POST
@require("core.signed_in")
def decision_add(request: HttpRequest, public_id: str) -> HttpResponse:
    meeting = selectors.meeting_for_managing(user=request.user, public_id=public_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        services.decision_add(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])
        messages.success(request, "Recorded the decision.")
        return redirect(meeting)
    return render(
        request,
        "collaboration/meeting_detail.html",
        {
            "meeting": meeting,
            "forum": meeting.forum,
            "paper_form": PaperForm(),
            "decision_form": form,
        },
        status=400,
    )


@require("core.signed_in")
def action_create(request: HttpRequest, slug: str) -> HttpResponse:
    forum = selectors.forum_for_managing(user=request.user, slug=slug)
    initial = {}
    if commitment_id := request.GET.get("commitment"):
        commitment = (
            selectors.commitments_for_actions().filter(public_id=commitment_id).first()
            if _is_uuid(commitment_id)
            else None
        )
        if commitment is not None:
            initial = {"commitment": commitment, "owns_commitment": commitment.unowned}
    form = ActionCreateForm(request.POST or None, initial=initial)

    def save(_data: dict) -> object:
        data = form.data_for_service()
        if meeting_id := request.POST.get("meeting"):
            data["meeting"] = (
                forum.meetings.filter(public_id=meeting_id).first() if _is_uuid(meeting_id) else None
            )
        return services.action_create(actor=request.user, forum=forum, data=data)

    done = submitted(
        request,
        form,
        save,
        message=lambda action: f"Added the action “{action.title}”.",
        then=f"{forum.get_absolute_url()}#actions",
    )
    return done or render(request, "collaboration/action_form.html", {"form": form, "forum": forum})


@require("core.signed_in")
def action_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    action = selectors.action_for_editing(user=request.user, public_id=public_id)
    form = ActionForm(request.POST or None, instance=action, initial={"version": action.version})
    if not selectors.forum_can_manage(user=request.user, forum=action.forum):
        del form.fields["owns_commitment"]
    done = submitted(
        request,
        form,
        lambda data: services.action_update(
            actor=request.user, action=action, version=data["version"], data=form.data_for_service()
        ),
        message=f"Saved the action “{action.title}”.",
        then=f"{action.forum.get_absolute_url()}#actions",
    )
    return done or render(
        request,
        "collaboration/action_form.html",
        {"form": form, "forum": action.forum, "action": action, **history_context(request, action, "action")},
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@require("core.public")
def forum_commitments(request: HttpRequest) -> HttpResponse:
    """Which forum owns which commitment: every forum action linked to the strategy."""
    actions = (
        selectors.action_list()
        .filter(commitment__isnull=False)
        .order_by("-owns_commitment", "commitment__ambition__strategy__title", "commitment__reference")
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            "forum-commitments.csv",
            ["strategy", "commitment", "text", "forum", "forum owns it", "action", "owner", "due", "status"],
            (
                [
                    a.commitment.ambition.strategy.short_title,
                    a.commitment.reference,
                    a.commitment.text,
                    a.forum.name,
                    a.owns_commitment,
                    a.title,
                    a.owner.full_name if a.owner else "",
                    a.due,
                    a.get_status_display(),
                ]
                for a in actions
            ),
        )
    return render(request, "collaboration/forum_commitments.html", {"page": paginate(request, actions, 50)})


@require("core.public")
def commitment_forums(request: HttpRequest, public_id: str) -> HttpResponse:
    commitment = selectors.commitment_get(public_id=public_id)
    return render(
        request,
        "collaboration/commitment_forums.html",
        {
            "commitment": commitment,
            "forum_actions": selectors.forum_actions_for_commitment(commitment=commitment),
            "forum_owner": selectors.commitment_forum_owner(commitment=commitment),
        },
    )


# --- Discussions ----------------------------------------------------------------------------------


@require("core.signed_in")
def thread_list(request: HttpRequest, slug: str) -> HttpResponse:
    forum = selectors.forum_for_discussion(user=request.user, slug=slug)
    can_post = selectors.forum_can_post(user=request.user, forum=forum)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and not can_post:
        raise permissions.PermissionDenied("Only the forum's members may start a discussion.")
    done = submitted(
        request,
        form,
        lambda data: services.thread_create(actor=request.user, forum=forum, **data),
        message="Started the discussion.",
    )
    return done or render(
        request,
        "collaboration/thread_list.html",
        {
            "forum": forum,
            "page": paginate(request, selectors.thread_list(forum=forum), 30),
            "form": form if can_post else None,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require("core.signed_in")
def thread_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    thread = selectors.thread_for_user(user=request.user, public_id=public_id)
    forum = thread.forum
    can_post = selectors.forum_can_post(user=request.user, forum=forum)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and not can_post:
        raise permissions.PermissionDenied("Only the forum's members may reply.")
    done = submitted(
        request,
        form,
        lambda data: services.post_create(actor=request.user, thread=thread, body=data["body"]),
        message="Posted your reply.",
    )
    return done or render(
        request,
        "collaboration/thread_detail.html",
        {
            "thread": thread,
            "forum": forum,
            "posts": selectors.thread_posts(thread=thread),
            "form": form if can_post else None,
            "can_moderate": selectors.forum_can_manage(user=request.user, forum=forum),
            "hide_form": HideForm(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
@require("core.signed_in")
def post_hide(request: HttpRequest, public_id: str) -> HttpResponse:
    post = selectors.post_for_moderating(user=request.user, public_id=public_id)
    form = HideForm(request.POST)
    if form.is_valid():
        services.post_hide(actor=request.user, post=post, reason=form.cleaned_data["reason"])
        messages.success(request, "The post is hidden. The record shows who hid it and why.")
    else:
        messages.error(request, "Say why the post is hidden.")
    return redirect(post)


@require_POST
@require("core.signed_in")
def post_unhide(request: HttpRequest, public_id: str) -> HttpResponse:
    post = selectors.post_for_moderating(user=request.user, public_id=public_id)
    services.post_restore(actor=request.user, post=post)
    messages.success(request, "The post is shown again.")
    return redirect(post)
