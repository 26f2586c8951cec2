from django.apps import AppConfig


class PrioritisationConfig(AppConfig):
    name = "panorama.prioritisation"
    label = "prioritisation"
