from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from . import services


class ApiTokenMiddleware:
    """Authenticate `Authorization: Bearer TOKEN` requests as the token's person.

    A token carries exactly its person's permissions. Requests made with a token are exempt from
    CSRF checks: a browser never attaches this header by itself, so it cannot be forged cross-site.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            person = services.token_authenticate(raw=header[7:].strip())
            if person is None:
                return JsonResponse(
                    {"error": "invalid token", "detail": "The API token is unknown or has been revoked."},
                    status=401,
                )
            request.user = person
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
        return self.get_response(request)
