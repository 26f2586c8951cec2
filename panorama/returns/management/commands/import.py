"""`panorama import KIND FILE [--organisation SHORT] [--period LABEL] [--mapping FILE] [--dry-run]
[--delimiter ;] [--encoding latin-1] [--header-row N] [--sheet NAME]`"""

import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.accounts.models import User
from panorama.returns.mappings import MappingError, mapping_load
from panorama.returns.registry import UnknownKind, kind_get
from panorama.returns.services import return_import


class Command(BaseCommand):
    help = (
        "Import a return from a CSV or XLSX file. Every row is checked first and every problem is "
        "printed; nothing is written unless the whole file is valid (exit status 1 otherwise)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="The return kind, e.g. progress (`panorama template --list`).")
        parser.add_argument("file", help="The CSV or XLSX file.")
        parser.add_argument(
            "--organisation", help="The body's short name, for returns that belong to a body."
        )
        parser.add_argument("--period", help="The period, e.g. '2025-26 Q3' or '2025-26'.")
        parser.add_argument("--mapping", help="A mapping file (JSON or TOML) for a file in another layout.")
        parser.add_argument("--unit", help="The unit of money in the file: pounds, k, m or bn.")
        parser.add_argument(
            "--delimiter", help="The CSV separator: comma, semicolon, tab or bar (default: detected)."
        )
        parser.add_argument(
            "--encoding", help="The CSV encoding: utf-8, utf-16, windows-1252 or latin-1 (default: detected)."
        )
        parser.add_argument(
            "--header-row",
            type=int,
            help="The row the headings are on (default: found in the first 30 rows).",
        )
        parser.add_argument("--sheet", help="The workbook's sheet to read (default: the first visible one).")
        parser.add_argument("--as", dest="actor", help="Email of the person the import is recorded as.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and show what would change; write nothing."
        )

    def handle(self, *args, **options) -> None:
        try:
            kind = kind_get(options["kind"])
        except UnknownKind as exc:
            raise CommandError(str(exc)) from None
        mapping = None
        if options["mapping"]:
            try:
                mapping = mapping_load(options["mapping"], kind=kind)
            except MappingError as exc:
                raise CommandError("The mapping is wrong:\n  " + "\n  ".join(exc.problems)) from None
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email__iexact=options["actor"]).first()
            if actor is None:
                raise CommandError(f"Nobody has the email address {options['actor']}.")

        bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(desc="Checking rows", unit=" rows", file=sys.stderr)

        def progress(count: int) -> None:
            if bar is not None:
                bar.update(count - bar.n)

        try:
            result = return_import(
                kind=kind,
                path=options["file"],
                organisation=options["organisation"],
                period=options["period"],
                actor=actor,
                mapping=mapping,
                unit=options["unit"],
                dry_run=options["dry_run"],
                progress=progress,
                reading={
                    "delimiter": options["delimiter"],
                    "encoding": options["encoding"],
                    "header_row": options["header_row"],
                    "sheet": options["sheet"],
                },
            )
        finally:
            if bar is not None:
                bar.close()
        for note in result.notes:
            self.stderr.write(one_line(note))
        for warning in result.warnings:
            self.stderr.write(one_line(f"Warning: {warning.message}"))
        if not result.ok:
            self.stderr.write(f"{options['file']}: {result.problem_count:,} problem(s); nothing was written.")
            for problem in result.problems:
                self.stderr.write(one_line(f"  {where(problem)}{problem.message}"))
            if result.problem_count > len(result.problems):
                self.stderr.write(f"  … and {result.problem_count - len(result.problems):,} more.")
            sys.exit(1)
        counts = result.counts
        # The dry run says what would happen; the import, in the past tense, what did.
        create, change = ("to create", "to change") if options["dry_run"] else ("created", "changed")
        summary = (
            f"{result.row_count:,} row{'' if result.row_count == 1 else 's'}: {counts['create']:,} {create}, {counts['change']:,} {change}, "
            f"{counts['unchanged']:,} unchanged"
        )
        if result.creates:
            summary += f"; and {len(result.creates):,} more {create}"
            for created in result.creates:
                self.stdout.write(
                    one_line(f"{'Would create' if options['dry_run'] else 'Created'}: {created}")
                )
        if options["dry_run"]:
            self.stdout.write(one_line(f"Dry run — nothing written. {summary}."))
        else:
            self.stdout.write(one_line(f"Imported {options['file']}. {summary}."))


def one_line(text: str) -> str:
    """A message as one line whatever a cell held (a comment over several lines)."""
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def where(problem) -> str:
    """ "Row 4, Themes: " for a problem a return kind found in one row (the file checks already say
    where in their messages)."""
    if problem.row is None or problem.message.startswith("Row "):
        return ""
    return f"Row {problem.row}, {problem.column}: " if problem.column else f"Row {problem.row}: "
