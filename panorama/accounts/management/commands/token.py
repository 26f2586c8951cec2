from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.accounts import services
from panorama.accounts.models import TokenScope, User


class Command(BaseCommand):
    help = (
        "Manage personal API tokens. `token create EMAIL [--name NAME] [--scope read|write] [--days N]` "
        "prints a new token (shown once; only its hash is kept), read-only unless --scope write, expiring "
        "after --days (at most PANORAMA_TOKEN_DAYS); `token list EMAIL` lists a person's tokens; "
        "`token revoke EMAIL PREFIX` revokes the token that starts with PREFIX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it.")
        create.add_argument("email")
        create.add_argument("--name", default="command line", help="A name to tell the token apart.")
        create.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.READ,
            help="read (the default): the token only reads; write: it may also send returns and changes.",
        )
        create.add_argument(
            "--days", type=int, default=None, help="Days until it expires (default the most)."
        )
        listing = sub.add_parser("list", help="List a person's tokens.")
        listing.add_argument("email")
        revoke = sub.add_parser("revoke", help="Revoke a token by the first characters it starts with.")
        revoke.add_argument("email")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, email: str, **options) -> None:
        person = User.objects.filter(email=email.strip().lower()).first()
        if person is None:
            raise CommandError(f"Nobody signs in as {email}.")
        if action == "create":
            try:
                _, raw = services.token_create(
                    person=person, name=options["name"], scope=options["scope"], days=options["days"]
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stdout.write(raw)
        elif action == "list":
            for token in person.api_tokens.all():
                if token.revoked_at:
                    state = f"revoked {token.revoked_at:%Y-%m-%d}"
                else:
                    state = f"{'expired' if token.expired else 'expires'} {token.expires_at:%Y-%m-%d}"
                self.stdout.write(
                    f"{token.prefix}…\t{token.name}\t{token.scope}\t{token.created_at:%Y-%m-%d}\t{state}"
                )
        else:
            prefix = options["prefix"].rstrip("…")
            matches = [
                t
                for t in person.api_tokens.filter(revoked_at__isnull=True)
                if t.prefix.startswith(prefix[:10])
            ]
            if len(matches) != 1:
                raise CommandError(f"{len(matches)} active tokens start with {prefix!r}; give exactly one.")
            services.token_revoke(actor=person, token=matches[0])
            self.stdout.write(f"Revoked {matches[0].prefix}….")
