"""Background work of returns (run by `panorama worker`)."""

import datetime

from django.tasks import task


@task
def upload_confirm(pending_id: int, actor_id: int) -> dict:
    """Confirm a large web upload (workflow.pending_confirm: one transaction; a confirmed upload is
    never confirmed twice, so a retried job does nothing more)."""
    from panorama.accounts.models import User

    from . import workflow
    from .models import PendingUpload

    pending = PendingUpload.objects.select_related("organisation", "period").get(pk=pending_id)
    if pending.confirmed_at is not None:
        return {"status": "already confirmed"}
    actor = User.objects.get(pk=actor_id)
    try:
        confirmed = workflow.pending_confirm(actor=actor, pending=pending)
    except workflow.WorkflowError as exc:
        raise RuntimeError(" ".join(exc.messages)) from None
    return {
        "submission": str(confirmed.submission.public_id) if confirmed.submission else None,
        "changed": confirmed.changed,
        "applied": confirmed.applied,
    }


@task
def reminders_send(today: str | None = None) -> dict:
    """Remind bodies of returns due or overdue; each reminder is sent once, so a retry sends the rest."""
    from . import workflow

    result = workflow.reminders_send(today=datetime.date.fromisoformat(today) if today else None)
    return {"reminders": result.reminders, "bodies": result.bodies}
