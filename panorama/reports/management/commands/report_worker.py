from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from panorama.reports.services import jobs_run


class Command(BaseCommand):
    help = (
        "The old name of `panorama worker`, which now prepares the reports analysts ask for with every"
        " other background job. It also prepares any report draft still waiting from before the move."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run the queued jobs, then stop.")

    def handle(self, *args, once: bool, **options) -> None:
        jobs_run()
        call_command("worker", once=once, stdout=self.stdout, stderr=self.stderr)
