from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "panorama.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from .answers import watch_site

        # Once per migrate, after every app's migrations: triggers on every table (core/answers.py).
        post_migrate.connect(watch_site, sender=self, dispatch_uid="panorama.core.watch_site")
