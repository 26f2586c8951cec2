from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "panorama.core"
    label = "core"
    verbose_name = "Core"
