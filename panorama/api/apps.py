from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "panorama.api"
    label = "api"
