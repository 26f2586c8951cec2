import re

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save

# An accepted return changes the published picture: any audit event like
# "returns.submission.accepted" regenerates the open data once the transaction commits.
ACCEPTED = re.compile(r"^returns\.[a-z_]+\.accepted$")


def _regenerate_after_acceptance(sender, instance, created: bool, **kwargs) -> None:
    if created and ACCEPTED.match(instance.action or ""):
        from .services import opendata_regenerate

        transaction.on_commit(opendata_regenerate)


class PictureConfig(AppConfig):
    name = "panorama.picture"
    label = "picture"

    def ready(self) -> None:
        from panorama.core.models import AuditEvent

        from . import catalogue

        catalogue.register()

        post_save.connect(_regenerate_after_acceptance, sender=AuditEvent, dispatch_uid="picture-open-data")
