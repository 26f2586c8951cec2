import re

from django.apps import AppConfig
from django.db.models.signals import post_save

# An accepted return changes the published picture: any audit event like
# "returns.submission.accepted" queues the open data's regeneration for `panorama worker`, in the
# same transaction (a rolled-back acceptance queues nothing); the request does not wait for it.
ACCEPTED = re.compile(r"^returns\.[a-z_]+\.accepted$")


def _regenerate_after_acceptance(sender, instance, created: bool, **kwargs) -> None:
    if created and ACCEPTED.match(instance.action or ""):
        from django.urls import reverse

        from panorama.core import jobs

        from .tasks import opendata_regenerate

        jobs.enqueue(
            opendata_regenerate,
            label="Regenerate the open data after a return was accepted",
            actor=instance.actor,
            url=reverse("open_data:index"),
        )


class PictureConfig(AppConfig):
    name = "panorama.picture"
    label = "picture"

    def ready(self) -> None:
        from panorama.core import files
        from panorama.core.models import AuditEvent

        from . import catalogue, selectors

        catalogue.register()
        files.register("open data", selectors.open_data_storage_names)

        post_save.connect(_regenerate_after_acceptance, sender=AuditEvent, dispatch_uid="picture-open-data")
