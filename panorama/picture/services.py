"""Writes: services, and the open data (see opendata.py for what is published)."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from panorama.core import audit, files

from .models import OpenDataFile, Service

logger = logging.getLogger(__name__)


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


def opendata_storage_name(*, name: str, sha256: str) -> str:
    """Where a file of the open data is kept: content-addressed, so a name is always the same bytes."""
    return f"opendata/{sha256}/{name}"


def opendata_regenerate(*, base_url: str = "") -> list[OpenDataFile]:
    """Rebuild every open-data file from the published picture, write each through the generated
    files' storage (a new name for new bytes, nothing overwritten), then point the rows at them in
    one transaction, so a download never mixes two generations. Files no row points at any more are
    deleted once they have been unreferenced for a while (`core.files.cleanup`). Called by
    `panorama open_data`, by the open-data page's button, and after a return is accepted (apps.py)."""
    from . import opendata

    built = opendata.build(base_url=base_url)
    stored = {
        name: files.store(
            name=opendata_storage_name(name=name, sha256=files.sha256_of(content)), content=content
        )
        for name, (_, content, _) in built.items()
    }
    now = timezone.now()
    with transaction.atomic():
        OpenDataFile.objects.exclude(name__in=list(built)).delete()
        items = []
        for name, (media_type, _, rows) in built.items():
            item, _ = OpenDataFile.objects.update_or_create(
                name=name,
                defaults={
                    "media_type": media_type,
                    "storage_name": stored[name].name,
                    "size": stored[name].size,
                    "rows": rows,
                    "sha256": stored[name].sha256,
                    "generated_at": now,
                },
            )
            items.append(item)
    try:
        files.cleanup()
    except Exception:  # the new snapshot is published; an old file left behind goes next time
        logger.exception("Could not delete the generated files no record points at.")
    return items


def figures_snapshot(*, scope, illustrative: bool = False, values: dict | None = None) -> int:
    """Keep the national value of every figure of the register as it stands, for the quarter
    `scope` (run when a quarter closes: `panorama snapshot_figures`). Idempotent: a figure already
    kept for the quarter is replaced. `values` gives the values to keep instead (the demo's
    illustrative past quarters). Returns how many figures were kept."""
    from django.contrib.auth.models import AnonymousUser

    from panorama.core import catalogue

    from .models import FigureSnapshot

    register_figures = [
        f for f in catalogue.figures() if f.covers == catalogue.Covers.NOW and not f.per_reader
    ]
    if values is None:
        # Computed as the register stands now, for the whole public sector (an analyst's reach).
        ctx = catalogue.Context(scope=scope, reader=AnonymousUser(), full=True)
        values = {f.key: f.compute(ctx).value for f in register_figures}
    today = datetime.date.today()
    with transaction.atomic():
        for figure in register_figures:
            if figure.key not in values:
                continue
            FigureSnapshot.objects.update_or_create(
                key=figure.key,
                period=scope.label,
                defaults={"value": values[figure.key], "taken_on": today, "illustrative": illustrative},
            )
    return len([f for f in register_figures if f.key in values])
