from django.apps import AppConfig
from django.db.models.signals import post_save


def challenge_texts(ids):
    from .models import Challenge

    challenges = Challenge.objects.order_by("pk")
    if ids is not None:
        challenges = challenges.filter(pk__in=list(ids))
    for pk, title, problem in challenges.values_list("pk", "title", "problem").iterator(2000):
        yield pk, f"{title}. {problem}"


def _challenge_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        from panorama.core import meaning

        meaning.refresh_after_commit("challenge", instance.pk)


class CollaborationConfig(AppConfig):
    name = "panorama.collaboration"
    label = "collaboration"

    def ready(self) -> None:
        from panorama.core import meaning

        meaning.register("challenge", texts=challenge_texts)
        post_save.connect(
            _challenge_saved, sender="collaboration.Challenge", dispatch_uid="collaboration.meaning"
        )
