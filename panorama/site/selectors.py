from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from panorama.accounts import permissions
from panorama.core.models import AuditEvent, Job


def audit_events(
    *,
    action: str = "",
    actor: str = "",
    content_type: str = "",
    object_id: str = "",
    organisation_id: int | None = None,
) -> QuerySet[AuditEvent]:
    # The snapshot (a whole object, or every line of a bulk import) is only read to restore one.
    events = AuditEvent.objects.select_related("content_type").defer("snapshot")
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if content_type and "." in content_type:
        app_label, model = content_type.lower().split(".", 1)
        kind = ContentType.objects.filter(app_label=app_label, model=model).first()
        events = events.filter(content_type=kind) if kind else events.none()
    if object_id:
        events = events.filter(object_id=object_id)
    if organisation_id is not None:
        events = events.filter(organisation_id=organisation_id)
    return events


def audit_rows(events: QuerySet[AuditEvent]):
    for event in events.iterator(chunk_size=2000):
        for field, (before, after) in (event.changes or {"": [None, None]}).items():
            yield [
                event.at,
                event.actor_label,
                event.action,
                event.content_type.model if event.content_type else "",
                event.object_id,
                event.object_repr,
                field,
                before,
                after,
                event.note,
            ]


AUDIT_HEADER = [
    "when",
    "who",
    "action",
    "object type",
    "object id",
    "object",
    "field",
    "before",
    "after",
    "note",
]


def jobs_for_user(*, user) -> QuerySet[Job]:
    """The background jobs a person may see: those they started; analysts and auditors see all."""
    jobs = Job.objects.select_related("task", "started_by")
    return jobs if permissions.has(user, "core.view_all_jobs") else jobs.filter(started_by=user)


def job_for_user(*, user, public_id) -> Job:
    return get_object_or_404(jobs_for_user(user=user), public_id=public_id)
