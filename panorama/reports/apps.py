from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "panorama.reports"
    label = "reports"

    def ready(self) -> None:
        from panorama.core import files

        from . import selectors

        files.register("reports", selectors.report_storage_names)
