from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "panorama.returns"
    label = "returns"
