from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from panorama.picture import govuk
from panorama.picture.return_kinds import SERVICES
from panorama.returns.kinds import Context


class Command(BaseCommand):
    help = (
        "Import the whole GOV.UK services dataset (govuk-services.csv: 734 services, 2012-Q4 to 2017-Q4, "
        "one wide row per service) into the services register: every quarter's figures, through the "
        "`services` return's rules. Idempotent. For one quarter, `panorama import services FILE "
        "--mapping panorama/picture/mappings/govuk-services.toml` does the same through a mapping."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The GOV.UK services CSV.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        rows = list(govuk.rows(path))
        context = Context(organisation=None, period=None, actor=None, options=dict(govuk.OPTIONS))
        plan = SERVICES.plan(context, rows)
        if plan.problems:
            for problem in plan.problems[:50]:
                where = f"Row {problem.row}, " if problem.row else ""
                self.stderr.write(
                    f"{where}{problem.column + ': ' if problem.column else ''}{problem.message}"
                )
            raise CommandError(f"{len(plan.problems)} problems; nothing was imported.")
        counts = plan.counts
        if not dry_run:
            with transaction.atomic():
                SERVICES.apply(context, plan)
        self.stdout.write(
            f"{'Would import' if dry_run else 'Imported'} {len(rows):,} rows: {counts['create']:,} new, "
            f"{counts['change']:,} changed, {counts['unchanged']:,} unchanged."
        )
