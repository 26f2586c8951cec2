"""The one permission module: every view and API endpoint asks here, and nowhere else decides.

Two kinds of question:
- a *global* permission (`has(user, "strategy.manage")`), declared on views with `@require(...)`;
- an *organisation* permission (`has(user, "organisations.change", organisation)`), asked by the
  access helpers that fetch a body's objects (`selectors.<thing>_for_user`), which answer 404 when
  the person may not see the object at all and 403 when they may see it but not change it.

- an *object* permission for a thing that is not a body's (`has(user, "collaboration.run_forum",
  forum)`): views ask it through their selectors, and templates ask the same question with
  `{% may "collaboration.run_forum" forum as can_run %}` (accounts/templatetags/permission_tags.py),
  so a page offers exactly what its link then allows.

Roles: global roles (analyst, auditor, administrator) and memberships (editor, viewer of a body).
docs/roles.md is the resulting table, and tests/test_roles.py checks every URL against it.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from panorama.organisations.models import Organisation

from .models import GlobalRole, MemberRole, User

Person = User | AnonymousUser
# The second argument is the body (or, for an object permission, the object) asked about.
Rule = Callable[[Person, Any], bool]


def signed_in(user: Person) -> bool:
    return bool(user.is_authenticated and user.is_active)


def role(user: Person) -> str:
    return user.global_role if signed_in(user) else ""  # type: ignore[union-attr]


def is_admin(user: Person) -> bool:
    return role(user) == GlobalRole.ADMIN


def is_analyst(user: Person) -> bool:
    """Portfolio analysts manage the national picture; administrators can do all they can."""
    return role(user) in {GlobalRole.ANALYST, GlobalRole.ADMIN}


def is_auditor(user: Person) -> bool:
    return role(user) == GlobalRole.AUDITOR


def reads_everything(user: Person) -> bool:
    return role(user) in {GlobalRole.ANALYST, GlobalRole.AUDITOR, GlobalRole.ADMIN}


def memberships(user: Person) -> dict[int, str]:
    """{organisation id: member role}, fetched once per request and kept on the user object."""
    if not signed_in(user):
        return {}
    cached = getattr(user, "_panorama_memberships", None)
    if cached is None:
        cached = dict(user.memberships.values_list("organisation_id", "role"))  # type: ignore[union-attr]
        user._panorama_memberships = cached  # type: ignore[union-attr]
    return cached


def member_role(user: Person, organisation: Organisation | None) -> str | None:
    if organisation is None:
        return None
    return memberships(user).get(organisation.pk)


def is_public_sector_member(user: Person) -> bool:
    """Signed in as someone from a public body (not only an industry or third-sector partner)."""
    if reads_everything(user):
        return True
    if not memberships(user):
        return False
    return (
        Organisation.objects.filter(pk__in=memberships(user))
        .exclude(sector__in=["industry", "third sector"])
        .exists()
    )


def can_view_organisation(user: Person, organisation: Organisation | None) -> bool:
    return reads_everything(user) or member_role(user, organisation) is not None


def can_edit_organisation(user: Person, organisation: Organisation | None) -> bool:
    # Auditors read everything and change nothing, whatever else they are.
    return is_analyst(user) or member_role(user, organisation) == MemberRole.EDITOR


def visible_organisation_ids(user: Person) -> set[int] | None:
    """The bodies whose restricted data this person may see; None means every body."""
    if reads_everything(user):
        return None
    return set(memberships(user))


def editable_organisation_ids(user: Person) -> set[int] | None:
    if is_analyst(user):
        return None
    return {org for org, member in memberships(user).items() if member == MemberRole.EDITOR}


def _sits_on_a_forum(user: Person) -> bool:
    return signed_in(user) and user.forum_seats.exists()  # type: ignore[union-attr]


def forum_role(user: Person, forum: Any) -> str | None:
    """The person's seat on the forum ("chair" or "member"), or None. Which body the seat represents,
    its sector, and what the person is in any body (editor, viewer) make no difference."""
    if not signed_in(user) or forum is None:
        return None
    return (
        user.forum_seats.filter(forum=forum).values_list("role", flat=True).first()  # type: ignore[union-attr]
    )


def can_run_forum(user: Person, forum: Any) -> bool:
    """A forum's chair or an analyst runs it: its purpose, members, meetings, papers, decisions and
    actions. Auditors change nothing, whatever seat they hold."""
    if is_analyst(user):
        return True
    return not is_auditor(user) and forum_role(user, forum) == "chair"


def can_change_action(user: Person, action: Any) -> bool:
    """Whoever runs the action's forum, and the person the action is assigned to (to report
    progress), unless they are an auditor."""
    if can_run_forum(user, action.forum):
        return True
    return signed_in(user) and not is_auditor(user) and action.owner_id == user.pk  # type: ignore[union-attr]


def _global(check: Callable[[Person], bool]) -> Rule:
    return lambda user, organisation: check(user)


PERMISSIONS: dict[str, Rule] = {
    # Anyone, signed in or not: published data only.
    "core.public": lambda user, organisation: True,
    "core.signed_in": _global(signed_in),
    # Background jobs: each person sees the jobs they started; analysts and auditors see all.
    "core.view_all_jobs": _global(reads_everything),
    "core.view_audit": _global(reads_everything),
    "core.restore": _global(is_admin),
    "accounts.manage_people": _global(is_admin),
    "organisations.view": can_view_organisation,
    "organisations.change": can_edit_organisation,
    "organisations.manage": _global(is_analyst),
    # skills: national and sector aggregates for everyone signed in; one body's workforce figures
    # only for that body, analysts and auditors (`skills.view_body`, asked by the access helpers).
    "skills.view_analysis": _global(signed_in),
    "skills.view_body": can_view_organisation,
    "skills.change": can_edit_organisation,
    "skills.manage_taxonomy": _global(is_analyst),
    "skills.add_initiative": _global(lambda user: is_analyst(user) or bool(editable_organisation_ids(user))),
    # returns: windows, completeness and the overdue list are for the central team and auditors;
    # opening/closing windows, accepting or returning submissions and national imports for analysts.
    # Sending a body's return is checked per body (organisations.change) by the access helpers.
    "returns.view_all": _global(reads_everything),
    # Completeness by body and return kind: analysts and auditors see every body, a body's editors
    # and viewers their own bodies' rows (the view limits the rows); anyone else has nothing to see.
    "returns.view_completeness": _global(lambda user: reads_everything(user) or bool(memberships(user))),
    "returns.manage": _global(is_analyst),
    # finance (Investment): national and sector figures are public; one body's lines, totals,
    # programme funding and legacy systems are for that body's people and those who read everything.
    "finance.view_body": can_view_organisation,
    "finance.change_body": can_edit_organisation,
    "finance.manage": _global(is_analyst),
    # picture: the national dashboard, body profiles, services, open data.
    "picture.view_all": _global(reads_everything),  # the whole picture, restricted figures included
    "picture.manage": _global(is_analyst),  # regenerate the open data, manage any service
    # lessons: any signed-in member may contribute a lesson (auditors change nothing); analysts
    # moderate contributions.
    "lessons.contribute": _global(lambda user: signed_in(user) and not is_auditor(user)),
    "lessons.moderate": _global(is_analyst),
    # collaboration: forums, discussions, challenges, platforms, licences, overlaps. Forum chairs,
    # sponsors, applicants and adopting bodies are checked per object in collaboration/selectors.
    "collaboration.manage": _global(is_analyst),
    # Object permissions on a forum (the forum is the object asked about) and on a forum's action.
    "collaboration.run_forum": can_run_forum,
    "collaboration.change_action": can_change_action,
    "collaboration.review": _global(reads_everything),
    # --- strategy: the strategy model is published; analysts manage it.
    "strategy.manage": _global(is_analyst),
    # --- programmes: the register is public; a body's progress narratives and risks are restricted
    # to its people and to those who read everything; editors change their own body's programmes.
    "programmes.view_restricted": can_view_organisation,
    "programmes.change": can_edit_organisation,
    "programmes.create": _global(lambda user: editable_organisation_ids(user) != set()),
    "programmes.manage": _global(is_analyst),
    # --- prioritisation: scenarios are working papers of the central team and of forums. Analysts
    # create and run any; a forum's members create and run their forum's (checked per scenario in
    # prioritisation/selectors); auditors read every scenario; others see those of their forums.
    "prioritisation.view": _global(signed_in),
    "prioritisation.create": _global(lambda user: is_analyst(user) or _sits_on_a_forum(user)),
    # --- radar: the technologies and public stances are published; analysts keep the list of
    # technologies; a body's editors record its stances (checked per body in radar/selectors);
    # questions and answers are read by anyone signed in and written by the people of a public
    # body or the central team (auditors change nothing).
    "radar.manage": _global(is_analyst),
    "radar.set_stance": _global(lambda user: editable_organisation_ids(user) != set()),
    "radar.read_questions": _global(signed_in),
    "radar.ask": _global(
        lambda user: is_analyst(user) or (not is_auditor(user) and is_public_sector_member(user))
    ),
    # --- reports: public reports are for everyone; internal packs for those who read everything;
    # analysts prepare and publish (an editor of a body cannot publish the national picture).
    "reports.view_internal": _global(reads_everything),
    "reports.publish": _global(is_analyst),
}


def has(user: Person, code: str, organisation: Organisation | Any = None) -> bool:
    try:
        rule = PERMISSIONS[code]
    except KeyError:
        raise KeyError(f"Unknown permission {code!r}: declare it in panorama.accounts.permissions") from None
    return rule(user, organisation)


def check(user: Person, code: str, organisation: Organisation | Any = None) -> None:
    if not has(user, code, organisation):
        raise PermissionDenied(code)


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def require(code: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Declare the global permission a view needs. Anonymous people are sent to sign in (or get a
    401 from the API); signed-in people without the permission get 403."""
    if code not in PERMISSIONS:
        raise KeyError(f"Unknown permission {code!r}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if code != "core.public" and not signed_in(request.user):
                if wants_json(request):
                    return JsonResponse(
                        {
                            "error": "authentication required",
                            "detail": "Sign in, or send a personal API token as 'Authorization: Bearer TOKEN'.",
                        },
                        status=401,
                    )
                return redirect_to_login(request.get_full_path())
            if not has(request.user, code):
                raise PermissionDenied(code)
            return view(request, *args, **kwargs)

        wrapped.permission = code  # type: ignore[attr-defined]
        return wrapped

    return decorator


# When this session last proved its password (sign-in or confirmation), in seconds since the epoch.
SIGNED_IN_AT = "panorama_signed_in_at"


def mark_signed_in(request: HttpRequest) -> None:
    request.session[SIGNED_IN_AT] = int(time.time())


def recently_signed_in(request: HttpRequest) -> bool:
    stamp = request.session.get(SIGNED_IN_AT) if hasattr(request, "session") else None
    return stamp is not None and time.time() - stamp < settings.PANORAMA_REAUTH_MINUTES * 60


def require_recent_sign_in(back: str | None = None) -> Callable:
    """For acts that widen someone's access (minting tokens, managing people): an API token may not
    do them, however it was made, and a session must have proved its password in the last
    PANORAMA_REAUTH_MINUTES, so a session left open or stolen cannot. Goes inside `@require`.
    `back` names the page to return to after confirming, for a POST-only view."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if getattr(request, "api_token", None) is not None:
                if wants_json(request):
                    return JsonResponse(
                        {"error": "session required", "detail": "An API token cannot do this."}, status=403
                    )
                raise PermissionDenied("An API token cannot do this: sign in.")
            if not recently_signed_in(request):
                then = reverse(back) if back else request.get_full_path()
                return redirect(f"{reverse('accounts:confirm-password')}?{urlencode({'next': then})}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
