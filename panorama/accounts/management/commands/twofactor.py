from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.accounts import two_factor
from panorama.accounts.models import User


class Command(BaseCommand):
    help = (
        "Two-factor sign-in. `twofactor off EMAIL` switches it off for someone who has lost both their "
        "authenticator and their recovery codes (check who they are first); if their role requires it, "
        "they set it up again at their next sign-in. `twofactor status EMAIL` says whether it is on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("off", help="Switch it off, with its recovery codes.").add_argument("email")
        sub.add_parser("status", help="Say whether it is on.").add_argument("email")

    def handle(self, *args, action: str, email: str, **options) -> None:
        person = User.objects.filter(email=email.strip().lower()).first()
        if person is None:
            raise CommandError(f"Nobody signs in as {email}.")
        if action == "off":
            two_factor.two_factor_disable(actor=None, person=person)
            self.stdout.write(f"Two-factor sign-in is off for {person.email}.")
        else:
            state = "on" if person.has_two_factor else "off"
            left = two_factor.recovery_codes_left(person=person)
            self.stdout.write(
                f"Two-factor sign-in is {state} for {person.email} ({left} recovery codes left)."
            )
