from django.core.management.base import BaseCommand

from panorama.collaboration import services


class Command(BaseCommand):
    help = (
        "Run the overlap finder over every active programme: pairs in different bodies that appear to do "
        "the same thing become collaboration opportunities to review. Idempotent; confirmed and dismissed "
        "pairs keep their decision."
    )

    def handle(self, *args, **options) -> None:
        result = services.overlaps_recompute(actor=None)
        self.stdout.write(
            f"Compared {result.programmes} programmes: {result.found} possible overlaps "
            f"({result.created} new, {result.updated} updated, {result.removed} no longer found, "
            f"{result.kept_decided} decided pairs kept)."
        )
