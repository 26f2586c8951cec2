from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.core import meaning


class Command(BaseCommand):
    help = (
        "Embed (or re-embed) what each registered kind of object means — lessons, programmes, challenges "
        "and any kind an app registers — for ranking by meaning. Only objects whose text changed since "
        "they were last embedded are embedded again. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind", action="append", help="Only this kind (repeatable). Default: every kind."
        )
        parser.add_argument(
            "--groups",
            action="store_true",
            help="Also store near-duplicate groups (compares each object with every group: for thousands).",
        )

    def handle(self, *args, kind: list[str] | None, groups: bool, **options) -> None:
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
            if groups:
                found = meaning.groups_refresh(kind=name)
                self.stdout.write(f"{name}: {found} groups of near-duplicates.")
