import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from panorama.core.logs import request_id

from .views import bad_input

_requests = logging.getLogger("panorama.requests")
# A request id from the proxy is kept when it looks like one (letters, digits, dashes; ≤ 64).
_GOOD_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give each request an id (the proxy's X-Request-ID, or a new one), put it on every log line
    written while the request runs and on the answer, and log the request once when it ends."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        rid = given if _GOOD_ID.match(given) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            _requests.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)


# Control characters no field may hold: NUL cannot be stored by PostgreSQL at all, and the others
# are never typed. Tab, line feed and carriage return are ordinary text.
FORBIDDEN = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r")


def _forbidden_in(items) -> str | None:
    for name, values in items:
        for text in (name, *values):
            if not FORBIDDEN.isdisjoint(text):
                return name
    return None


class InputRuleMiddleware:
    """The one input rule for every query parameter and form field, whatever the view: a control
    character answers 400 before any view, form or query sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = _forbidden_in(request.GET.lists())
        if name is None and request.method == "POST" and request.content_type in FORM_TYPES:
            name = _forbidden_in(request.POST.lists())
        if name is not None:
            return bad_input(request, f"{name!r} holds a control character, which no field may hold.")
        return self.get_response(request)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=()"
)


class HeadersMiddleware:
    """A Permissions-Policy on every answer (Panorama uses no device feature), and
    `Cache-Control: private, no-store` on every answer that a shared or browser cache must not keep:
    anything a signed-in person sees (it may be restricted), every API answer and every download."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)  # set by the authentication middleware further in
        if (
            getattr(user, "is_authenticated", False)
            or request.path.startswith("/api/")
            or response.has_header("Content-Disposition")
        ):
            response["Cache-Control"] = "private, no-store"
        return response
