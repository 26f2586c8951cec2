from django.core.management.base import BaseCommand

from panorama.skills import services


class Command(BaseCommand):
    help = (
        "Load the Digital and Data Profession Capability Framework's role families and roles into the "
        "skills taxonomy. Idempotent: families and roles are matched on their codes, and ones an analyst "
        "has added or renamed are left as they are."
    )

    def handle(self, *args, **options) -> None:
        result = services.roles_load_reference()
        self.stdout.write(f"Role taxonomy: {result.created} created, {result.unchanged} already there.")
