from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.core import catalogue
from panorama.picture.services import figures_snapshot


class Command(BaseCommand):
    help = (
        "Keep the figures that count the register as it stands (commitments with no owner, programmes "
        "off track, …) for a quarter, so that they keep their value for that quarter and have a trend. "
        "Run it when a quarter closes, from a scheduler; running it again replaces that quarter's values."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period",
            default="",
            help="The quarter, e.g. '2026-27 Q2' (default: the quarter the picture is reporting on).",
        )

    def handle(self, *args, period: str, **options) -> None:
        try:
            scope = catalogue.scope_for(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if scope.quarter is None:
            raise CommandError(
                f"{scope.label} is a year: figures are kept for a quarter, e.g. '{scope.label} Q4'."
            )
        kept = figures_snapshot(scope=scope)
        self.stdout.write(self.style.SUCCESS(f"Kept {kept} figures of the register for {scope.label}."))
