from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.organisations import services


class Command(BaseCommand):
    help = (
        "Load the reference list of public bodies (name, short name, sector, kind, sponsor, staff and "
        "budget bands) from a CSV file. "
        "Idempotent: bodies are matched on short name and only differences are written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=services.REFERENCE_CSV,
            help=(
                "CSV with columns name,short_name,sector,kind and optionally sponsor,staff_band,budget_band,"
                "size_approximate (default: the shipped Scottish list, documented in its README.md)."
            ),
        )

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            result = services.organisations_load_reference(path=file)
        except services.ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"Public bodies: {result.created} created, {result.updated} updated, {result.unchanged} unchanged."
        )
