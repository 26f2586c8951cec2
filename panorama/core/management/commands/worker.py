import time

from django.core.management.base import BaseCommand, CommandParser
from django_tasks_db.management.commands.db_worker import Worker

from panorama.core import jobs

RECOVER_EVERY = 60  # seconds: jobs lost by workers on other machines are taken back while running


class PanoramaWorker(Worker):
    def run_task(self, db_task_result) -> None:
        now = time.monotonic()
        if now - getattr(self, "_recovered_at", now) > RECOVER_EVERY:
            jobs.recover_lost()
            self._recovered_at = now
        self._recovered_at = getattr(self, "_recovered_at", now)
        super().run_task(db_task_result)


class Command(BaseCommand):
    help = (
        "Run background jobs (open data after a return is accepted, large uploads, the overlap finder,"
        " reports, reminders) as they are queued. Run one or more beside the app servers. A job a killed"
        " worker left running is run again first (or marked failed after PANORAMA_TASK_ATTEMPTS)."
        " With --once it runs what is queued and stops."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run the queued jobs, then stop.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls (default 1).")

    def handle(self, *args, once: bool, interval: float, **options) -> None:
        recovered = jobs.recover_lost()
        if recovered.retried or recovered.failed:
            self.stderr.write(
                f"Found jobs a stopped worker left running: {recovered.retried} to run again,"
                f" {recovered.failed} failed."
            )
        worker = PanoramaWorker(
            queue_names=["*"],
            interval=interval,
            batch=once,
            backend_name="default",
            startup_delay=not once,
            max_tasks=None,
            worker_id=jobs.worker_id(),
            excluded_queue_names=[],
        )
        if not once:
            worker.configure_signals()  # TERM: finish the job in hand, then stop
        worker.run()
