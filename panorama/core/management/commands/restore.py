from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.core import backups


class Command(BaseCommand):
    help = (
        "Restore a backup FILE written by `panorama backup` into this site: its database (which must be"
        " empty unless --force) and its stored files. Stop the app servers and the worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--force", action="store_true", help="Replace a database that already holds data."
        )

    def handle(self, *args, file: str, force: bool, **options) -> None:
        try:
            summary = backups.restore(Path(file), force=force)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Restored the {summary.engine} database and {summary.files} stored file(s) from {file}."
            " Run `panorama migrate` if this Panorama is newer than the backup."
        )
