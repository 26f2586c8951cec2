from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .views import bad_input

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
