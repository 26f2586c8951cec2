import time

from django.core.management.base import BaseCommand, CommandParser

from panorama.reports.services import jobs_run


class Command(BaseCommand):
    help = (
        "Prepare the reports analysts have asked for (each draft's figures, HTML and PDF), oldest first, "
        "so that no web request waits on one. With --once it runs what is queued and stops; otherwise it "
        "keeps polling (run it beside the web server)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run the queued jobs, then stop.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between polls (default 2).")

    def handle(self, *args, once: bool, interval: float, **options) -> None:
        while True:
            ran = jobs_run()
            if ran:
                self.stdout.write(f"Prepared {ran} report{'s' if ran != 1 else ''}.")
            if once:
                if not ran:
                    self.stdout.write("No report waiting.")
                return
            time.sleep(interval)
