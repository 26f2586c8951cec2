"""Writes: services, and the open data (see opendata.py for what is published)."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from panorama.core import audit

from .models import OpenDataFile, Service


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


def opendata_regenerate(*, base_url: str = "") -> list[OpenDataFile]:
    """Rebuild every open-data file from the published picture and replace the stored snapshot in one
    transaction, so a download never mixes two generations. Called by `panorama open_data`, by the
    open-data page's button, and after a return is accepted (see apps.py)."""
    from . import opendata

    files = opendata.build(base_url=base_url)
    now = timezone.now()
    with transaction.atomic():
        OpenDataFile.objects.exclude(name__in=list(files)).delete()
        stored = []
        for name, (media_type, content, rows) in files.items():
            item, _ = OpenDataFile.objects.update_or_create(
                name=name,
                defaults={
                    "media_type": media_type,
                    "content": content,
                    "rows": rows,
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "generated_at": now,
                },
            )
            stored.append(item)
    return stored
