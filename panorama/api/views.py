from django.http import HttpRequest, JsonResponse

from panorama.accounts.permissions import require

from . import openapi


@require("core.public")
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi.document(request.build_absolute_uri("/").rstrip("/")))
