"""`panorama send_return_reminders`: for a daily scheduler."""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.core import jobs
from panorama.returns import tasks
from panorama.returns.workflow import reminders_send


class Command(BaseCommand):
    help = (
        "Email the editors of every body that owes a return in an open window: on each of the days before "
        "the due date set by PANORAMA_RETURNS_REMINDER_DAYS, and once when it becomes overdue. Meant to run "
        "daily (e.g. from cron or a systemd timer); running it again the same day sends nothing new, "
        "because each reminder is sent to each person only once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the reminders for `panorama worker` and return at once.",
        )

    def handle(self, *args, today: str | None, queue: bool = False, **options) -> None:
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today {today!r} is not a date like 2026-01-31.") from None
        if queue:
            job = jobs.enqueue(
                tasks.reminders_send,
                label="Send return reminders",
                kwargs={"today": day.isoformat() if day else None},
            )
            self.stdout.write(f"Queued the reminders (job {job.public_id}).")
            return
        result = reminders_send(today=day)
        self.stdout.write(f"Sent {result.reminders} reminder(s) to the editors of {result.bodies} body(ies).")
