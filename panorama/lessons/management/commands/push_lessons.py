from django.core.management.base import BaseCommand

from panorama.lessons.services import lessons_push_backfill


class Command(BaseCommand):
    help = (
        "Push lessons to every programme that has not had them for its current phase and delivery "
        "confidence: for programmes registered before there were lessons, or loaded in bulk. "
        "Idempotent: a programme already pushed for its current state is left alone."
    )

    def handle(self, *args, **options) -> None:
        pushed = lessons_push_backfill()
        self.stdout.write(f"Lessons pushed to {pushed} programme(s).")
