from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "panorama.reports"
    label = "reports"
