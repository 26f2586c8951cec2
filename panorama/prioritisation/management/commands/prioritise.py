import json
import sys

from django.core.management.base import BaseCommand, CommandError

from panorama.core.exports import SafeCsvWriter
from panorama.prioritisation import services
from panorama.prioritisation.models import Scenario


class Command(BaseCommand):
    help = (
        "Run a prioritisation scenario (its name or public id) with the optimiser and print the "
        "result: JSON (the whole result) or CSV (one row per programme with its status). The run is kept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("scenario", help="The scenario's name or public id.")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--time-limit", type=float, default=30.0, help="Seconds the solver may take.")

    def handle(self, *args, scenario: str, format: str, time_limit: float, **options) -> None:
        found = Scenario.objects.filter(name=scenario).first()
        if found is None:
            try:
                found = Scenario.objects.filter(public_id=scenario).first()
            except Exception:  # not a UUID
                found = None
        if found is None:
            raise CommandError(f"There is no scenario called {scenario!r}.")
        run = services.scenario_run(actor=None, scenario=found, time_limit=time_limit)
        result = run.result
        if format == "json":
            self.stdout.write(json.dumps(result, indent=2))
            return
        years = result["years"]
        writer = SafeCsvWriter(self.stdout)  # formula-safe, as every CSV Panorama writes
        writer.writerow(
            ["programme", "body", "sector", "status", "why", "locked", "value", *[f"cost {y}" for y in years]]
        )
        for p in result["programmes"]:
            writer.writerow(
                [
                    p["title"],
                    p["body"],
                    p["sector"],
                    p.get("status", ""),
                    p.get("why", ""),
                    p["locked"],
                    p["value"],
                    *[p["cost"].get(y, "0") for y in years],
                ]
            )
        if result["status"] == "infeasible":
            for c in result["conflicts"]:
                sys.stderr.write(f"conflict: {c['kind']}: {c['constraint']}\n")
