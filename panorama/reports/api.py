"""/api/v1/reports: the published reports a reader may see, and their files."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from panorama.api.framework import (
    DATETIME,
    INTEGER,
    PAGE,
    PAGE_SIZE,
    STRING,
    UUID,
    endpoint,
    list_of,
    nullable,
    obj,
    paginated,
    path_param,
    query,
)

from . import selectors, views
from .models import Kind, Report

REPORT = obj(
    {
        "id": UUID,
        "kind": STRING,
        "title": STRING,
        "period": STRING,
        "audience": STRING,
        "organisation": nullable(STRING),
        "published_at": DATETIME,
        "figures_sha256": STRING,
        "pdf": nullable(STRING),
        "pdf_bytes": nullable(INTEGER),
        "pdf_pages": nullable(INTEGER),
        "page": STRING,
    }
)


def _report(request: HttpRequest, report: Report) -> dict:
    pdf = next((f for f in report.files.all() if f.format == "pdf"), None)
    return {
        "id": str(report.public_id),
        "kind": report.kind,
        "title": report.title,
        "period": report.period,
        "audience": report.audience,
        "organisation": report.organisation.slug if report.organisation else None,
        "published_at": report.published_at,
        "figures_sha256": report.figures_sha256,
        "pdf": request.build_absolute_uri(
            reverse("api:report-file", kwargs={"public_id": report.public_id, "format": "pdf"})
        )
        if pdf
        else None,
        "pdf_bytes": pdf.size if pdf else None,
        "pdf_pages": pdf.pages if pdf else None,
        "page": request.build_absolute_uri(reverse("reports:detail", kwargs={"public_id": report.public_id})),
    }


@endpoint(
    "core.public",
    path="/api/v1/reports",
    summary="Published reports you may read (public reports for everyone; internal packs for those who read everything)",
    parameters=[
        query("kind", "national, body or programme", {"type": "string", "enum": Kind.values}),
        PAGE,
        PAGE_SIZE,
    ],
    response=list_of(REPORT),
)
def reports(request: HttpRequest) -> JsonResponse:
    found = selectors.reports_for_user(user=request.user).prefetch_related("files")
    if request.GET.get("kind"):
        found = found.filter(kind=request.GET["kind"])
    return paginated(request, found.order_by("-published_at", "-id"), lambda r: _report(request, r))


@endpoint(
    "core.public",
    path="/api/v1/reports/{public_id}/{format}",
    summary="A published report's file, as it was published (PDF, or its HTML)",
    parameters=[
        path_param("public_id", "The report's id"),
        path_param("format", "pdf or html", {"type": "string", "enum": ["pdf", "html"]}),
    ],
    content={
        "application/pdf": {"type": "string", "format": "binary"},
        "text/html": {"type": "string"},
    },
)
def report_file(request: HttpRequest, public_id: str, format: str) -> HttpResponse:
    report = selectors.report_for_user(user=request.user, public_id=public_id)
    if not report.is_published:
        raise Http404("No such report.")
    if format == "html":
        return HttpResponse(report.html, content_type="text/html; charset=utf-8")
    if format != "pdf":
        raise Http404("A report's files are pdf and html.")
    return views.pdf_response(report)
