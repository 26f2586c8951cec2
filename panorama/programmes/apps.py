from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "panorama.programmes"
    label = "programmes"
