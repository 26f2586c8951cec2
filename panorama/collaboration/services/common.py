from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from panorama.core import audit


class StaleEdit(ValidationError):
    pass


def update_versioned(
    *, actor: Any, obj: models.Model, version: int, data: dict, action: str, label: str
) -> Any:
    """Apply `data` to `obj` unless someone changed it since the editor's page was loaded. The caller
    holds the transaction."""
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if current.version != version:
        raise StaleEdit(
            f"{label} has changed since this page was loaded. Reload it and make your change again."
        )
    before = audit.snapshot(current)
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean()
    current.version += 1
    current.save()
    audit.record(actor=actor, action=action, obj=current, before=before)
    return current


def create_recorded(*, actor: Any, obj: models.Model, action: str) -> Any:
    obj.full_clean()
    obj.save()
    audit.record(actor=actor, action=action, obj=obj, before={})
    return obj
