from django.apps import AppConfig
from django.db.models.signals import post_save


def programme_texts(ids):
    from .models import Programme

    programmes = Programme.objects.order_by("pk")
    if ids is not None:
        programmes = programmes.filter(pk__in=list(ids))
    for pk, title, summary, users in programmes.values_list("pk", "title", "summary", "users").iterator(2000):
        yield pk, f"{title}. {summary} {users}"


def _programme_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        from panorama.core import meaning

        meaning.refresh_after_commit("programme", instance.pk)


class ProgrammesConfig(AppConfig):
    name = "panorama.programmes"
    label = "programmes"

    def ready(self) -> None:
        from panorama.core import meaning

        meaning.register("programme", texts=programme_texts)
        post_save.connect(_programme_saved, sender="programmes.Programme", dispatch_uid="programmes.meaning")
