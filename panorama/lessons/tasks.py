"""Background work of lessons (run by `panorama worker`)."""

from django.tasks import task


@task
def lessons_push(programme_ids: list[int]) -> dict:
    """Push lessons to the programmes a progress return reported on (`services.lesson_push_check`
    for each). Each check stores what it saw, so a job run again pushes nothing twice."""
    from panorama.programmes.models import Programme

    from .services import lesson_push_check

    pushed = 0
    for programme in Programme.objects.filter(pk__in=programme_ids).order_by("pk"):
        if lesson_push_check(programme=programme) is not None:
            pushed += 1
    return {"checked": len(programme_ids), "pushed": pushed}
