from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.core import backups


class Command(BaseCommand):
    help = (
        "Write one backup FILE (a .tar.gz): the database (SQLite's online backup, or PostgreSQL's pg_dump)"
        " and every generated file (open data, report PDFs) read through the storage API. Safe while the site runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write the backup, e.g. panorama-2026-12-07.tar.gz.")

    def handle(self, *args, file: str, **options) -> None:
        try:
            summary = backups.backup(Path(file))
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Backed up the {summary.engine} database ({summary.database_bytes:,} bytes)"
            f" and {summary.files} stored file(s) to {file}."
        )
        for name in summary.missing:
            self.stderr.write(
                self.style.WARNING(f"The database points at {name}, which the file storage does not hold.")
            )
