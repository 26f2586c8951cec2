import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.module_loading import import_string

from panorama.core.demo_clock import demo_today


class Command(BaseCommand):
    help = (
        "Load the demo picture: the real Scottish public bodies, a sign-in for every persona, and each "
        "capability's demo data. Idempotent: running it again adds nothing twice. `--scale uk` adds the "
        "large illustrative picture used by the benchmarks (1,000 bodies and more)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=["demo", "uk"],
            default="demo",
            help="demo: the believable demonstration picture (default); uk: add the large synthetic picture.",
        )
        parser.add_argument(
            "--sign-ins",
            action="store_true",
            help="Only print the demo sign-ins (email, what each can do, the password) and load nothing.",
        )

    def handle(self, *args, scale: str, sign_ins: bool, **options) -> None:
        people = [person for dotted in settings.PANORAMA_DEMO_SIGN_INS for person in import_string(dotted)()]
        if sign_ins:
            self.stdout.write(f"\nDemo sign-ins (password: {settings.PANORAMA_DEMO_PASSWORD})")
            for email, what in people:
                self.stdout.write(f"  {email:<32} {what}")
            self.stdout.write("")
            return
        today = demo_today()
        self.stdout.write(
            f"The demo's today is {today:%A %-d %B %Y}: earlier quarters and years are complete, the current "
            "ones partly in, later ones forecasts."
        )
        # Steps come from settings so that core names no domain app: each app contributes its own.
        for dotted in settings.PANORAMA_DEMO_STEPS:
            started = time.perf_counter()
            step = import_string(dotted)
            with transaction.atomic():
                step(scale=scale, stdout=self.stdout)
            app, module = dotted.split(".")[-3:-1]
            label = app if module in ("demo", app) else f"{app}.{module}"  # e.g. collaboration.demo_register
            self.stdout.write(f"    ({label}: {time.perf_counter() - started:.1f}s)")
        # Counted once every app has added its people, from the list that --sign-ins prints.
        self.stdout.write(f"  {len(people)} demo people can sign in (panorama demo --sign-ins lists them)")
        self.stdout.write(self.style.SUCCESS(f"Demo picture loaded ({scale})."))
