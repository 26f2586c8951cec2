"""The reports archive, preparing and publishing a report, and reading one (HTML or PDF)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core.files import FileProblem
from panorama.core.forms import errors_onto

from . import selectors, services
from .forms import PrepareForm
from .models import JobStatus, Report


@require("core.public")
def archive(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/archive.html",
        {
            "reports": selectors.reports_for_user(user=request.user),
            "drafts": selectors.drafts_for_user(user=request.user),
            "can_publish": permissions.has(request.user, "reports.publish"),
        },
    )


@require("reports.publish")
def prepare(request: HttpRequest) -> HttpResponse:
    form = PrepareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_prepare(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                period=form.cleaned_data["period"],
                audience=form.cleaned_data["audience"],
                organisation=form.cleaned_data["organisation"],
                programme=form.cleaned_data["programme"],
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return redirect("reports:detail", public_id=report.public_id)
    return render(request, "reports/prepare.html", {"form": form})


def _files(report: Report) -> dict:
    return {f.format: f for f in report.files.all()}


@require("core.public")
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    report = selectors.report_for_user(user=request.user, public_id=public_id)
    job = selectors.latest_job(report=report) if not report.is_published else None
    previous = selectors.previous_of(report=report) if report.figures_sha256 else None
    changes = selectors.report_compare(report=report, previous=previous) if previous else []
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "job": job,
            "working": job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
            "files": _files(report),
            "previous": previous,
            "changed": [c for c in changes if c["changed"]],
            "can_publish": permissions.has(request.user, "reports.publish") and not report.is_published,
        },
    )


@require("core.public")
def read(request: HttpRequest, public_id: str) -> HttpResponse:
    report = selectors.report_for_user(user=request.user, public_id=public_id)
    return render(request, "reports/read.html", {"report": report, "files": _files(report)})


def pdf_response(report: Report) -> HttpResponse:
    found = report.files.filter(format="pdf").first()
    if found is None:
        return HttpResponse(
            "This report's PDF is still being prepared.", status=404, content_type="text/plain"
        )
    try:
        handle = selectors.report_file_content(item=found)
    except FileProblem as exc:
        return HttpResponse(
            f"{exc} The site's operators have been told.", status=500, content_type="text/plain"
        )
    name = f"panorama-{report.kind}-{report.period.replace(' ', '-').lower()}-{report.audience}.pdf"
    response = FileResponse(handle, content_type="application/pdf", filename=name)  # streamed from storage
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Content-Length"] = str(found.size)
    response["X-Content-SHA256"] = found.sha256
    return response


@require("core.public")
def pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    return pdf_response(selectors.report_for_user(user=request.user, public_id=public_id))


@require("core.public")
def compare(request: HttpRequest, public_id: str) -> HttpResponse:
    report = selectors.report_for_user(user=request.user, public_id=public_id)
    previous = selectors.previous_of(report=report)
    rows = selectors.report_compare(report=report, previous=previous) if previous else []
    return render(request, "reports/compare.html", {"report": report, "previous": previous, "rows": rows})


@require_POST
@require("reports.publish")
def publish(request: HttpRequest, public_id: str) -> HttpResponse:
    report = selectors.report_for_user(user=request.user, public_id=public_id)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.report_publish(actor=request.user, report=report, version=version)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Published. It stays as it is now, whatever the data does next.")
    return redirect("reports:detail", public_id=report.public_id)
