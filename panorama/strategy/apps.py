from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "panorama.strategy"
    label = "strategy"
