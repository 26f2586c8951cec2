from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme
from panorama.reports import content, render
from panorama.reports.models import Audience, Kind, Report
from panorama.reports.services import report_title


class Command(BaseCommand):
    help = (
        "Write a report for a period to a file, as HTML or PDF, from the figures as they are now "
        "(a public report: only figures anyone may see). Nothing is published or kept: publish from "
        "/reports/ to keep a report in the archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=Kind.values, help="national, body or programme")
        parser.add_argument(
            "--period", default="", help="e.g. '2025-26 Q3' (default: the latest quarter with returns)"
        )
        parser.add_argument("--organisation", default="", help="the body's short name (a body report)")
        parser.add_argument(
            "--programme", default="", help="the programme's id, a UUID (a programme one-pager)"
        )
        parser.add_argument("--format", choices=["html", "pdf"], default="pdf")
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(
        self,
        *args,
        kind: str,
        period: str,
        organisation: str,
        programme: str,
        format: str,
        output: str,
        **options,
    ) -> None:
        from panorama.core import catalogue

        try:
            scope = catalogue.scope_for(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        body = prog = None
        if kind == Kind.BODY:
            body = (
                Organisation.objects.filter(short_name__iexact=organisation).first() if organisation else None
            )
            if body is None:
                raise CommandError("A body report needs --organisation SHORT, the short name of a body.")
        if kind == Kind.PROGRAMME:
            try:
                prog = Programme.objects.filter(public_id=programme).select_related("organisation").first()
            except ValidationError:
                prog = None
            if prog is None:
                raise CommandError("A programme one-pager needs --programme ID, a programme's id (a UUID).")
        report = Report(
            kind=kind,
            period=scope.label,
            audience=Audience.PUBLIC,
            organisation=body or (prog.organisation if prog else None),
            programme=prog,
        )
        report.title = report_title(kind=kind, period=scope.label, organisation=body, programme=prog)
        snapshot = content.read(report, progress=lambda percent, step: None)
        fragment = render.html(report, snapshot=snapshot, prepared_on=str(catalogue.current().as_of))
        path = Path(output)
        if format == "html":
            document = render.standalone(report, fragment=fragment)
            path.write_text(document, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({path.stat().st_size:,} bytes)."))
        else:
            rendered = render.pdf(report, fragment=fragment)
            path.write_bytes(rendered.content)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wrote {path}: {rendered.pages} pages, {len(rendered.content):,} bytes, in {rendered.seconds:.1f} s."
                )
            )
