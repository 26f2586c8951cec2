"""Background work of collaboration (run by `panorama worker`)."""

from django.tasks import task


@task
def overlaps_recompute(actor_id: int | None = None) -> dict:
    """The overlap finder over every programme; its writes are one transaction (services.overlaps)."""
    from panorama.accounts.models import User

    from . import services

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    result = services.overlaps_recompute(actor=actor)
    return {
        "programmes": result.programmes,
        "found": result.found,
        "created": result.created,
        "removed": result.removed,
        "kept_decided": result.kept_decided,
    }
