import datetime

from django.core.management.base import BaseCommand, CommandParser

from panorama.core import files


class Command(BaseCommand):
    help = (
        "Delete generated files (open data, report PDFs) that no record points at any more and that were"
        " written more than --older-than minutes ago. A file a current record points at is never deleted."
        " Regenerating the open data does this by itself."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=int(files.KEEP_UNREFERENCED.total_seconds() // 60),
            metavar="MINUTES",
            help="Keep unreferenced files younger than this, for downloads and backups under way (default: 60).",
        )

    def handle(self, *args, older_than: int, **options) -> None:
        deleted = files.cleanup(older_than=datetime.timedelta(minutes=older_than))
        for name in deleted:
            self.stdout.write(f"  deleted {name}")
        self.stdout.write(f"Deleted {len(deleted)} generated file(s) no record points at.")
