"""Writes: services, and the open data (see opendata.py for what is published)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from panorama.core import audit

from .models import Service


class StaleEdit(ValidationError):
    pass


def service_update(*, actor, service: Service, version: int, data: dict) -> Service:
    """Apply an edit form's data, refusing it if the service changed since the page was loaded."""
    with transaction.atomic():
        current = Service.objects.select_for_update().get(pk=service.pk)
        if current.version != version:
            raise StaleEdit(
                f"{current.name} has changed since this page was loaded. Reload it and make your change again."
            )
        before = audit.snapshot(current)
        for name, value in data.items():
            setattr(current, name, value)
        current.full_clean()
        current.version += 1
        current.save()
        audit.record(actor=actor, action="picture.service.changed", obj=current, before=before)
    return current
