from django.apps import AppConfig
from django.db.models.signals import post_save


def _programme_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        from .services import push_after_commit

        push_after_commit(instance.pk)


def _progress_update_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        from .services import push_after_commit

        push_after_commit(instance.programme_id)


class LessonsConfig(AppConfig):
    name = "panorama.lessons"
    label = "lessons"
    verbose_name = "Lessons and assurance"

    def ready(self) -> None:
        # The programmes app knows nothing of lessons: we listen for its saves and only call our
        # own service, which compares with what it last saw, so repeats are impossible.
        post_save.connect(_programme_saved, sender="programmes.Programme", dispatch_uid="lessons.programme")
        post_save.connect(
            _progress_update_saved, sender="programmes.ProgressUpdate", dispatch_uid="lessons.progress"
        )
