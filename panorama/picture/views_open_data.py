"""/open-data/: the published picture as files anyone may download."""

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require

from . import opendata
from .models import OpenDataFile
from .services import opendata_regenerate


def _files(request: HttpRequest) -> dict[str, OpenDataFile]:
    files = {f.name: f for f in OpenDataFile.objects.all()}
    if "datapackage.json" not in files:  # first visit after installation: publish now
        files = {f.name: f for f in opendata_regenerate(base_url=request.build_absolute_uri("/"))}
    return files


@require("core.public")
def index(request: HttpRequest) -> HttpResponse:
    files = _files(request)
    package = json.loads(bytes(files["datapackage.json"].content))
    resources = []
    for resource in package["resources"]:
        csv_file = files.get(f"{resource['name']}.csv")
        json_file = files.get(f"{resource['name']}.json")
        resources.append(
            {
                **resource,
                "rows": csv_file.rows if csv_file else None,
                "csv_bytes": len(csv_file.content) if csv_file else 0,
                "json_bytes": len(json_file.content) if json_file else 0,
            }
        )
    return render(
        request,
        "picture/open_data.html",
        {
            "package": package,
            "resources": resources,
            "generated_at": files["datapackage.json"].generated_at,
            "licence": opendata.LICENCE,
            "can_regenerate": permissions.has(request.user, "picture.manage"),
        },
    )


@require("core.public")
def download(request: HttpRequest, name: str) -> HttpResponse:
    files = _files(request)
    item = files.get(name)
    if item is None:
        raise Http404("No such open-data file.")
    etag = f'"{item.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304)
    response = HttpResponse(bytes(item.content), content_type=item.media_type)
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    if name.endswith(".csv"):
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
@require("picture.manage")
def regenerate(request: HttpRequest) -> HttpResponse:
    files = opendata_regenerate(base_url=request.build_absolute_uri("/"))
    messages.success(request, f"Open data regenerated: {len(files)} files.")
    return redirect("open_data:index")
