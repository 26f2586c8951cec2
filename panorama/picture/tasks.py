"""Background work of the picture (run by `panorama worker`)."""

from django.tasks import TaskContext, task

from panorama.core import jobs


@task(takes_context=True)
def opendata_regenerate(context: TaskContext, base_url: str = "") -> dict:
    """Rebuild the open data; one transaction replaces every file (services.opendata_regenerate).
    When a burst of accepted returns queues several, only the last queued one builds."""
    from .services import opendata_regenerate as regenerate

    if jobs.superseded(
        task_path=opendata_regenerate.module_path, enqueued_at=context.task_result.enqueued_at
    ):
        return {"files": 0, "skipped": "a later regeneration is queued"}
    return {"files": len(regenerate(base_url=base_url))}
