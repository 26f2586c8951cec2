from django.core.management.base import BaseCommand, CommandParser

from panorama.picture.services import opendata_regenerate


class Command(BaseCommand):
    help = (
        "Regenerate the open data at /open-data/ (CSV, JSON, datapackage.json and the DCAT catalogue "
        "entry) from the published picture. It also regenerates by itself whenever a return is accepted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="",
            help="The address the files are published at, for the catalogue's links "
            "(default: PANORAMA_BASE_URL).",
        )

    def handle(self, *args, base_url: str, **options) -> None:
        files = opendata_regenerate(base_url=base_url)
        for item in files:
            rows = f"{item.rows:,} rows" if item.rows is not None else "descriptor"
            self.stdout.write(f"  {item.name:<32} {item.size:>10,} bytes  {rows}")
        self.stdout.write(self.style.SUCCESS(f"Open data regenerated: {len(files)} files."))
