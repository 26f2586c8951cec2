from collections.abc import Callable
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import services
from .models import TokenScope

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ApiTokenMiddleware:
    """Authenticate `Authorization: Bearer TOKEN` requests as the token's person.

    A token carries at most its person's permissions: a read-only token reads and nothing more.
    `request.api_token` says which token asked (None for a browser's session), so that acts which
    widen someone's access can insist on a session (`permissions.require_recent_sign_in`).
    Requests made with a token are exempt from CSRF checks: a browser never attaches this header by
    itself, so it cannot be forged cross-site.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.api_token = None  # type: ignore[attr-defined]
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            token = services.token_authenticate(raw=header[7:].strip())
            if token is None:
                return JsonResponse(
                    {
                        "error": "invalid token",
                        "detail": "The API token is unknown, has expired or has been revoked.",
                    },
                    status=401,
                )
            if token.scope == TokenScope.READ and request.method not in SAFE_METHODS:
                return JsonResponse(
                    {
                        "error": "read-only token",
                        "detail": "This token may only read. Make a read-and-write token to send changes.",
                    },
                    status=403,
                )
            request.user = token.person
            request.api_token = token  # type: ignore[attr-defined]
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return self.get_response(request)


class MustChangePasswordMiddleware:
    """A person whose password an administrator chose is sent to change it before anything else
    (signing out, the second factor's pages, and the static files the page needs, excepted). A token is not a session: its
    requests pass, as the administrator's password was never the token's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(request, "api_token", None) is None
            and getattr(user, "must_change_password", False)
        ):
            change = reverse("accounts:password-change")
            # The second factor comes first (TwoFactorMiddleware sends there), then the new password.
            allowed = {
                change,
                reverse("accounts:sign-out"),
                reverse("accounts:two-factor-setup"),
                reverse("accounts:two-factor-verify"),
            }
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect(change)
        return self.get_response(request)


class TwoFactorMiddleware:
    """A session that has given its password but not yet its second factor sees only the page that
    asks for it (or, for someone who must have one and has none, the page that sets it up), and
    signing out. A token is not a session: its person chose to make it after signing in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from . import two_factor

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(request, "api_token", None) is None
            and not request.path.startswith("/static/")
            and not two_factor.session_verified(request)
        ):
            if two_factor.two_factor_enabled(person=user):
                target = reverse("accounts:two-factor-verify")
            elif two_factor.two_factor_required(person=user):
                target = reverse("accounts:two-factor-setup")
            else:
                return self.get_response(request)
            if request.path not in {target, reverse("accounts:sign-out")}:
                return redirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)
