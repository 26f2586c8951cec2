"""Reports: preparing, publishing, reading and downloading the published picture."""

import pytest

from panorama.core import catalogue
from panorama.reports import services
from panorama.reports.models import Audience, JobStatus, Kind, Report, Status

pytestmark = pytest.mark.django_db


def _published(
    actor, *, period: str = "", audience: str = Audience.PUBLIC, kind: str = Kind.NATIONAL, **subject
) -> Report:
    report = services.report_prepare(
        actor=actor, kind=kind, period=period or catalogue.scope_for("").label, audience=audience, **subject
    )
    services.jobs_run()
    report.refresh_from_db()
    return services.report_publish(actor=actor, report=report)


def test_the_worker_prepares_a_draft_with_its_figures_html_and_pdf(world):
    report = services.report_prepare(
        actor=world.analyst,
        kind=Kind.NATIONAL,
        period=catalogue.scope_for("").label,
        audience=Audience.PUBLIC,
    )
    assert report.status == Status.DRAFT and not report.html
    assert services.jobs_run() == 1
    report.refresh_from_db()
    job = report.jobs.get()
    assert job.status == JobStatus.DONE, job.error
    assert job.progress == 100
    assert report.figures_sha256 and "commitments.unowned" in report.figures["figures"]
    pdf = report.files.get(format="pdf")
    assert bytes(pdf.content).startswith(b"%PDF") and pdf.pages >= 4
