import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.accounts import services
from panorama.accounts.models import GlobalRole, MemberRole
from panorama.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Create a person who can sign in. Give a global role (analyst, auditor, admin) and/or "
        "membership of a body (--organisation SHORT --role editor|viewer). The password comes from "
        "--password, the PANORAMA_NEW_PASSWORD variable, or a prompt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The email address the person signs in with.")
        parser.add_argument("--name", default="", help="Full name (default: the email address).")
        parser.add_argument(
            "--global-role",
            default="",
            choices=[r for r in GlobalRole.values if r],
            help="A global role: analyst, auditor or admin.",
        )
        parser.add_argument("--organisation", help="Short name of the body they belong to, e.g. SSS.")
        parser.add_argument(
            "--role", choices=MemberRole.values, default="viewer", help="Their role in that body."
        )
        parser.add_argument(
            "--password", help="Initial password (avoid on shared machines: it shows in history)."
        )

    def handle(
        self,
        *args,
        email: str,
        name: str,
        global_role: str,
        organisation: str | None,
        role: str,
        password: str | None,
        **options,
    ) -> None:
        import os

        body = None
        if organisation:
            body = Organisation.objects.filter(short_name__iexact=organisation).first()
            if body is None:
                raise CommandError(f"No body has the short name {organisation!r}.")
        password = password or os.environ.get("PANORAMA_NEW_PASSWORD") or getpass.getpass("Password: ")
        try:
            person = services.user_create(
                actor=None, email=email, full_name=name or email, password=password, global_role=global_role
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        if body is not None:
            services.membership_set(actor=None, person=person, organisation=body, role=role)
        self.stdout.write(f"Created {person.email}.")
