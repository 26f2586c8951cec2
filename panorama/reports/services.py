"""Writes: prepare a draft (queued for the worker), build it, publish it. A published report is
never changed again."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from panorama.accounts import permissions
from panorama.core import audit, catalogue, files, jobs
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme

from . import content, render, tasks
from .models import Audience, JobStatus, Kind, Report, ReportFile, ReportJob, Status

# Audit snapshots of a report leave out its rendered HTML (the files are never in the trail).
AUDITED = ["kind", "period", "audience", "title", "status", "figures_sha256", "published_at"]


def _state(report: Report) -> dict[str, Any]:
    return {name: audit._plain(getattr(report, name)) for name in AUDITED}


def report_title(
    *, kind: str, period: str, organisation: Organisation | None, programme: Programme | None
) -> str:
    match kind:
        case Kind.NATIONAL:
            return f"The national picture of digital government, {period}"
        case Kind.BODY:
            return f"{organisation.name}: its digital picture beside its sector, {period}"  # type: ignore[union-attr]
        case _:
            return f"{programme.title}: programme one-pager, {period}"  # type: ignore[union-attr]


def report_prepare(
    *,
    actor: Any,
    kind: str,
    period: str,
    audience: str,
    organisation: Organisation | None = None,
    programme: Programme | None = None,
) -> Report:
    """A draft report and the job that will prepare it; nothing is read or rendered here."""
    permissions.check(actor, "reports.publish")
    try:
        scope = catalogue.scope_for(period)
    except ValueError as exc:
        raise ValidationError({"period": str(exc)}) from None
    if kind not in Kind.values:
        raise ValidationError({"kind": f"{kind!r} is not a kind of report."})
    if audience not in Audience.values:
        raise ValidationError({"audience": f"{audience!r} is not an audience."})
    if kind == Kind.BODY and organisation is None:
        raise ValidationError({"organisation": "Choose the body the report is about."})
    if kind == Kind.PROGRAMME and programme is None:
        raise ValidationError({"programme": "Choose the programme the report is about."})
    with transaction.atomic():
        report = Report(
            kind=kind,
            period=scope.label,
            audience=audience,
            organisation=organisation
            if kind == Kind.BODY
            else (programme.organisation if programme else None),
            programme=programme if kind == Kind.PROGRAMME else None,
            title=report_title(kind=kind, period=scope.label, organisation=organisation, programme=programme),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        report.full_clean()
        report.save()
        job = ReportJob.objects.create(report=report)
        audit.record(actor=actor, action="reports.report.prepared", obj=report, after=_state(report))
        jobs.enqueue(
            tasks.report_job_run,
            label=f"Prepare the report: {report.title}",
            actor=actor,
            url=reverse("reports:detail", kwargs={"public_id": report.public_id}),
            kwargs={"job_id": job.pk},
        )
    return report


def report_file_storage_name(*, report: Report, sha256: str, format: str) -> str:
    """Where a report's file is kept: content-addressed, so a name is always the same bytes."""
    return f"reports/{report.public_id}/{sha256}.{format}"


def report_file_store(*, report: Report, content: bytes, format: str = "pdf", pages: int = 0) -> ReportFile:
    """Keep a file of a report whose bytes are already at hand (through the generated files'
    storage, under a name holding their SHA-256); `report_build` renders and keeps the PDF itself."""
    stored = files.store(
        name=report_file_storage_name(report=report, sha256=files.sha256_of(content), format=format),
        content=content,
    )
    item, _ = ReportFile.objects.update_or_create(
        report=report,
        format=format,
        defaults={"storage_name": stored.name, "size": stored.size, "pages": pages, "sha256": stored.sha256},
    )
    return item


def report_build(*, report: Report, job: ReportJob | None = None) -> Report:
    """Read the report's figures from the catalogue and render its HTML and PDF (the worker's job;
    the demo and the CLI call it directly). Refuses a published report: it stays as it was."""
    if report.is_published:
        raise ValidationError("This report is published: it stays as it was, and is never prepared again.")

    def progress(percent: int, step: str) -> None:
        if job is not None:
            ReportJob.objects.filter(pk=job.pk).update(progress=percent, step=step[:200])

    snapshot = content.read(report, progress=progress)
    progress(70, "Writing the report")
    prepared_on = timezone.localdate().strftime("%-d %B %Y")
    fragment = render.html(report, snapshot=snapshot, prepared_on=prepared_on)
    progress(80, "Drawing the PDF")
    rendered = render.pdf(report, fragment=fragment)
    stored = files.store(
        name=report_file_storage_name(report=report, sha256=rendered.sha256, format="pdf"),
        content=rendered.content,
    )
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.is_published:
            raise ValidationError("This report was published while it was being prepared.")
        report.figures = snapshot
        report.figures_sha256 = content.sha256_of(snapshot["figures"])
        report.html = fragment
        report.version = locked.version + 1
        report.save(update_fields=["figures", "figures_sha256", "html", "version"])
        ReportFile.objects.update_or_create(
            report=report,
            format="pdf",
            defaults={
                "storage_name": stored.name,
                "size": stored.size,
                "pages": rendered.pages,
                "sha256": stored.sha256,
                "render_seconds": Decimal(f"{rendered.seconds:.2f}"),
            },
        )
    return report


def job_run(*, job: ReportJob) -> ReportJob:
    """Run one queued job: the report's draft is prepared, with its progress kept on the job."""
    started = ReportJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), step="Starting"
    )
    if not started:
        return job  # another worker took it
    try:
        report_build(report=job.report, job=job)
    except Exception as exc:  # noqa: BLE001 - a failed job says why on its page; the worker carries on
        ReportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
    else:
        ReportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE, progress=100, step="Ready to preview", finished_at=timezone.now()
        )
    job.refresh_from_db()
    return job


def jobs_run(*, limit: int | None = None) -> int:
    """Run queued jobs, oldest first; how many ran."""
    ran = 0
    while limit is None or ran < limit:
        job = ReportJob.objects.filter(status=JobStatus.QUEUED).select_related("report").first()
        if job is None:
            break
        job_run(job=job)
        ran += 1
    return ran


def report_publish(*, actor: Any, report: Report, version: int | None = None) -> Report:
    """Publish a prepared draft as it was previewed: its figures, hash, HTML and PDF are kept."""
    permissions.check(actor, "reports.publish")
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.is_published:
            raise ValidationError("This report is already published.")
        if version is not None and version != locked.version:
            raise ValidationError("This report has changed since this page was loaded: preview it again.")
        if not locked.figures_sha256 or not locked.files.filter(format="pdf").exists():
            raise ValidationError("This draft has not been prepared yet: wait for it to be ready.")
        before = _state(locked)
        locked.status = Status.PUBLISHED
        locked.published_by = actor
        locked.published_at = timezone.now()
        locked.version += 1
        locked.full_clean()
        locked.save(update_fields=["status", "published_by", "published_at", "version"])
        audit.record(
            actor=actor, action="reports.report.published", obj=locked, before=before, after=_state(locked)
        )
    return locked
