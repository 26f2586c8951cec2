"""The demo's archive: the national report, public, published for the latest quarter and the one
before it, so that the archive shows two and what changed between them."""

from django.contrib.auth import get_user_model

from panorama.core import catalogue

from . import services
from .models import Audience, Kind, Report, Status


def load(*, scale: str, stdout) -> None:
    analyst = get_user_model().objects.filter(email="analyst@demo.scot").first()
    if analyst is None:
        stdout.write("Reports: no demo analyst, so no report published.")
        return
    latest = catalogue.scope_for("")
    published = 0
    for scope in (latest.previous(), latest):
        done = Report.objects.filter(
            kind=Kind.NATIONAL, period=scope.label, audience=Audience.PUBLIC, status=Status.PUBLISHED
        ).exists()
        if done:
            continue
        report = services.report_prepare(
            actor=analyst, kind=Kind.NATIONAL, period=scope.label, audience=Audience.PUBLIC
        )
        report.jobs.all().delete()  # prepared here, not by the worker
        services.report_build(report=report)
        services.report_publish(actor=analyst, report=report)
        published += 1
    stdout.write(f"Reports: published {published} national report{'s' if published != 1 else ''}.")
