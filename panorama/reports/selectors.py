"""Reads: which reports a person may see, one report through its access check, and what changed
since the previous report of the same kind."""

from typing import Any

from django.core.files.base import File
from django.db.models import QuerySet
from django.http import Http404

from panorama.accounts import permissions
from panorama.core import files
from panorama.core.catalogue import scope_for

from .models import Audience, Report, ReportFile, ReportJob, Status


def reports_for_user(*, user: Any) -> QuerySet[Report]:
    """Published reports the person may read: public ones for everyone, internal packs for those
    who may read them. Drafts are not in the archive."""
    found = Report.objects.filter(status=Status.PUBLISHED).select_related("organisation", "published_by")
    if not permissions.has(user, "reports.view_internal"):
        found = found.filter(audience=Audience.PUBLIC)
    return found.defer("html", "figures")


def drafts_for_user(*, user: Any) -> QuerySet[Report]:
    if not permissions.has(user, "reports.publish"):
        return Report.objects.none()
    return Report.objects.filter(status=Status.DRAFT).defer("html", "figures").order_by("-created_at")


def report_for_user(*, user: Any, public_id: Any) -> Report:
    """The report, or 404 for someone who may not read it (a draft, or an internal pack)."""
    report = (
        Report.objects.select_related("organisation", "programme", "published_by")
        .filter(public_id=public_id)
        .first()
    )
    if report is None:
        raise Http404("No such report.")
    if not report.is_published and not permissions.has(user, "reports.publish"):
        raise Http404("No such report.")
    if report.audience == Audience.INTERNAL and not permissions.has(user, "reports.view_internal"):
        raise Http404("No such report.")
    return report


def latest_job(*, report: Report) -> ReportJob | None:
    return report.jobs.order_by("-created_at", "-id").first()


def previous_of(*, report: Report) -> Report | None:
    """The previous published report of the same kind, audience and subject, for an earlier period."""
    start = scope_for(report.period).start
    candidates = Report.objects.filter(
        status=Status.PUBLISHED,
        kind=report.kind,
        audience=report.audience,
        organisation=report.organisation,
        programme=report.programme,
    ).exclude(pk=report.pk)
    earlier = [r for r in candidates.defer("html") if scope_for(r.period).start < start]
    earlier.sort(key=lambda r: (scope_for(r.period).start, r.published_at))
    return earlier[-1] if earlier else None


def report_compare(*, report: Report, previous: Report) -> list[dict[str, Any]]:
    """Each figure in either report, as each showed it, and whether it changed."""
    now, before = report.figures.get("figures", {}), previous.figures.get("figures", {})
    rows = []
    for key in list(now) + [k for k in before if k not in now]:
        this, that = now.get(key), before.get(key)
        label = (this or that)["label"]
        rows.append(
            {
                "key": key,
                "label": label,
                "now": this["display"] if this else "not in this report",
                "before": that["display"] if that else "not in that report",
                "changed": (this or {}).get("value") != (that or {}).get("value"),
            }
        )
    return rows


def report_file_content(*, item: ReportFile) -> File:
    """A report file's bytes, opened from storage once they are checked against its SHA-256 and size
    (raises core.files.FileProblem when they are missing or altered: a published document is never
    served changed)."""
    return files.open_checked(name=item.storage_name, sha256=item.sha256, size=item.size)


def report_storage_names() -> list[str]:
    """The names in the generated files' storage that report files point at (core.files.register)."""
    return list(ReportFile.objects.values_list("storage_name", flat=True))
