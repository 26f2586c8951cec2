"""Samples for the reports' URLs: a published public national report, and a prepared draft."""

from collections.abc import Callable

from tests.conftest import World

# A stand-in for a rendered PDF: these samples check who may reach a report, not how it renders
# (tests/test_reports.py renders real ones).
PDF = b"%PDF-1.7\n% a sample\n%%EOF\n"


def sample_report(w: World, *, status: str = "published"):
    from django.utils import timezone

    from panorama.reports.models import Report, ReportFile

    report, created = Report.objects.get_or_create(
        title=f"The national picture ({status})",
        defaults={
            "kind": "national",
            "period": "2025-26 Q3",
            "audience": "public",
            "status": status,
            "figures": {"figures": {}, "content": {}},
            "figures_sha256": "0" * 64,
            "html": "<article><h2>The national picture</h2></article>",
            "created_by": w.analyst,
            "published_by": w.analyst if status == "published" else None,
            "published_at": timezone.now() if status == "published" else None,
        },
    )
    if created or not ReportFile.objects.filter(report=report).exists():
        from panorama.reports.services import report_file_store

        report_file_store(report=report, content=PDF, pages=1)
    return report


SAMPLES: dict[str, Callable[[World], dict]] = {
    "reports:detail": lambda w: {"public_id": sample_report(w).public_id},
    "reports:read": lambda w: {"public_id": sample_report(w).public_id},
    "reports:pdf": lambda w: {"public_id": sample_report(w).public_id},
    "reports:compare": lambda w: {"public_id": sample_report(w).public_id},
    "reports:publish": lambda w: {"public_id": sample_report(w, status="draft").public_id},
    "api:report-file": lambda w: {"public_id": sample_report(w).public_id, "format": "pdf"},
}
POST_DATA: dict[str, dict] = {}
