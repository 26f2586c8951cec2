from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _programme_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        from .services import push_after_commit

        push_after_commit(instance.pk)


def _progress_update_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        from .services import push_after_commit

        push_after_commit(instance.programme_id)


def _progress_written(sender, programme_ids, actor=None, **kwargs) -> None:
    # A progress return writes its rows as a set, with no post_save each: the push check for every
    # programme it reported on is queued for the worker, in the return's own transaction.
    from .services import push_later

    push_later(programme_ids, actor=actor)


def _organisation_saved(sender, instance, raw: bool = False, created: bool = False, **kwargs) -> None:
    # Search filters lessons by their body's sector from the full-text index, so the index follows
    # a body's sector. Bodies are saved rarely; their lessons are few.
    if not raw and not created:
        from .services import lessons_reindex_organisation

        lessons_reindex_organisation(organisation_id=instance.pk)


def _lesson_deleted(sender, instance, **kwargs) -> None:
    # However a lesson goes (the service, the admin, a cascade), it leaves SQLite's full-text index
    # with it, or searches would count it still. (PostgreSQL's index is a column of the row.)
    from . import search

    search.unindex_lessons(ids=[instance.pk])


def _lesson_restored(sender, instance, **kwargs) -> None:
    # Brought back from the audit trail: indexed again, themes and all.
    from . import search

    search.index_lessons(ids=[instance.pk])


def lesson_texts(ids):
    from .models import Lesson

    lessons = Lesson.objects.order_by("pk")
    if ids is not None:
        lessons = lessons.filter(pk__in=list(ids))
    fields = ("pk", "title", "what_happened", "why", "recommendation")
    for pk, title, happened, why, recommendation in lessons.values_list(*fields).iterator(2000):
        yield pk, f"{title}. {happened} {why} {recommendation}"


def _lesson_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    # What a lesson means follows its text (re-embedded only if the text changed).
    if not raw:
        from panorama.core import meaning

        meaning.refresh_after_commit("lesson", instance.pk)


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
        from panorama.programmes.signals import progress_written

        progress_written.connect(_progress_written, dispatch_uid="lessons.progress-written")
        post_save.connect(
            _organisation_saved, sender="organisations.Organisation", dispatch_uid="lessons.organisation"
        )
        post_save.connect(_lesson_saved, sender="lessons.Lesson", dispatch_uid="lessons.lesson-meaning")
        from panorama.core import meaning

        meaning.register("lesson", texts=lesson_texts)
        post_delete.connect(_lesson_deleted, sender="lessons.Lesson", dispatch_uid="lessons.lesson-deleted")
        from panorama.core import audit

        audit.object_restored.connect(
            _lesson_restored, sender="lessons.Lesson", dispatch_uid="lessons.lesson-restored"
        )
