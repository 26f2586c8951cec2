from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.core import meaning


class Command(BaseCommand):
    help = (
        "Embed (or re-embed) what each registered kind of object means — lessons, programmes, challenges "
        "and any kind an app registers — for ranking by meaning. Only objects whose text changed since "
        "they were last embedded are embedded again; then near-duplicate lessons are grouped. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind", action="append", help="Only this kind (repeatable). Default: every kind."
        )

    def handle(self, *args, kind: list[str] | None, **options) -> None:
        kinds = kind or meaning.registered()
        unknown = sorted(set(kinds) - set(meaning.registered()))
        if unknown:
            raise CommandError(
                f"No kind of object called {', '.join(unknown)} is embedded; the kinds are "
                f"{', '.join(meaning.registered())}."
            )
        for name in kinds:
            result = meaning.embeddings_refresh(kind=name)
            self.stdout.write(
                f"{name}: {result.embedded} embedded, {result.unchanged} unchanged, {result.removed} removed."
            )
            groups = meaning.groups_refresh(kind=name)
            if groups:
                self.stdout.write(f"{name}: {groups} groups of near-duplicates.")
