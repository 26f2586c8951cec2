"""/open-data/: the published picture as files anyone may download."""

import json

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import jobs
from panorama.core.answers import public_page
from panorama.core.files import FileProblem

from . import opendata, selectors, tasks
from .services import opendata_regenerate


def _publish_first(request: HttpRequest) -> None:
    """The first visit after installation publishes the open data."""
    opendata_regenerate(base_url=request.build_absolute_uri("/"))


@require("core.public")
@public_page
def index(request: HttpRequest) -> HttpResponse:
    files = selectors.open_data_files()
    if "datapackage.json" not in files:
        _publish_first(request)
        files = selectors.open_data_files()
    try:
        with selectors.open_data_content(item=files["datapackage.json"]) as handle:
            package = json.loads(handle.read())  # the one file read whole
    except FileProblem as exc:
        return _not_served(exc)
    resources = []
    for resource in package["resources"]:
        csv_file = files.get(f"{resource['name']}.csv")
        json_file = files.get(f"{resource['name']}.json")
        resources.append(
            {
                **resource,
                "rows": csv_file.rows if csv_file else None,
                "csv_bytes": csv_file.size if csv_file else 0,
                "json_bytes": json_file.size if json_file else 0,
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
    item = selectors.open_data_file(name=name)
    if item is None and not selectors.open_data_published():
        _publish_first(request)
        item = selectors.open_data_file(name=name)
    if item is None:
        raise Http404("No such open-data file.")
    etag = f'"{item.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304)
    try:
        handle = selectors.open_data_content(item=item)
    except FileProblem as exc:
        return _not_served(exc)
    # Streamed from the generated files' storage; the same headers as ever (no Content-Disposition
    # for JSON, which browsers show).
    response = FileResponse(
        handle, content_type=item.media_type, as_attachment=name.endswith(".csv"), filename=name
    )
    if not name.endswith(".csv"):
        del response["Content-Disposition"]
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


def _not_served(problem: FileProblem) -> HttpResponse:
    """A file missing from storage or altered behind its record: said plainly, never served (the
    cause is logged by core.files for the operators)."""
    return HttpResponse(
        f"{problem} The site's operators have been told.", status=500, content_type="text/plain"
    )


@require_POST
@require("picture.manage")
def regenerate(request: HttpRequest) -> HttpResponse:
    job = jobs.enqueue(
        tasks.opendata_regenerate,
        label="Regenerate the open data",
        actor=request.user,
        url=reverse("open_data:index"),
        kwargs={"base_url": request.build_absolute_uri("/")},
    )
    messages.success(request, "The open data is being regenerated in the background.")
    return redirect("site:job", public_id=job.public_id)
