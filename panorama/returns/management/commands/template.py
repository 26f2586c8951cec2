"""`panorama template KIND --format csv|schema|xlsx [--output FILE]`"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from panorama.returns import template_files
from panorama.returns.registry import UnknownKind, kind_get, kinds


class Command(BaseCommand):
    help = (
        "Write a return kind's template: a CSV header (csv), a Frictionless Table Schema (schema), or an "
        "XLSX workbook with drop-downs and a guidance sheet (xlsx, which needs --output)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "kind", help="The return kind, e.g. progress. Run with --list to see them.", nargs="?"
        )
        parser.add_argument("--format", choices=["csv", "schema", "xlsx"], default="csv")
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")
        parser.add_argument("--list", action="store_true", help="List the return kinds and stop.")

    def handle(self, *args, kind: str | None, format: str, output: str | None, list: bool, **options) -> None:
        if list or not kind:
            for slug, found in sorted(kinds().items()):
                self.stdout.write(f"{slug}\t{found.label}")
            if not list:
                raise CommandError("Name a return kind (see the list above).")
            return
        try:
            found = kind_get(kind)
        except UnknownKind as exc:
            raise CommandError(str(exc)) from None
        if format == "xlsx":
            if not output:
                raise CommandError("An XLSX template is a binary file: give --output FILE.")
            Path(output).write_bytes(template_files.xlsx_template(found))
            self.stderr.write(f"Wrote {output}")
            return
        text = template_files.csv_template(found) if format == "csv" else template_files.schema_json(found)
        if output:
            Path(output).write_text(text, encoding="utf-8", newline="")
            self.stderr.write(f"Wrote {output}")
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
