from django.apps import AppConfig
from django.db.models.signals import post_save


def technology_texts(ids):
    """What a technology's embedding is made of: its name and plain-English description."""
    from .models import Technology

    technologies = Technology.objects.order_by("pk")
    if ids is not None:
        technologies = technologies.filter(pk__in=list(ids))
    for pk, name, description in technologies.values_list("pk", "name", "description").iterator(2000):
        yield pk, f"{name}. {description}"


def _technology_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        from panorama.core import meaning

        meaning.refresh_after_commit("technology", instance.pk)


class RadarConfig(AppConfig):
    name = "panorama.radar"
    label = "radar"

    def ready(self) -> None:
        from panorama.core import meaning

        meaning.register("technology", texts=technology_texts)
        post_save.connect(_technology_saved, sender="radar.Technology", dispatch_uid="radar.meaning")
