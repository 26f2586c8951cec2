from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "panorama.finance"
    label = "finance"
