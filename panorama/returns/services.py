"""Writes for the returns app. The import itself (`return_import`) is in imports.py and the
workflow (windows, drafts, submit/accept/return, reminders) in workflow.py; both are re-exported
here so that other apps and tests have one place to call:

    from panorama.returns.services import return_import
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from panorama.core import audit
from panorama.organisations.models import Organisation

from .imports import ImportResult, return_import, rows_from_file, rows_from_table  # noqa: F401
from .mappings import Mapping
from .models import SavedMapping
from .workflow import (  # noqa: F401
    WorkflowError,
    pending_confirm,
    pending_create,
    reminders_send,
    submission_accept,
    submission_return,
    submission_save_draft,
    submission_submit,
    window_create,
    window_set_status,
    window_update,
)


def mapping_save(
    *,
    actor: Any,
    mapping: SavedMapping | None,
    name: str,
    organisation: Organisation | None,
    definition: Mapping,
    version: int | None = None,
) -> SavedMapping:
    """Create a saved mapping (mapping=None) or replace one's definition."""
    try:
        with transaction.atomic():
            if mapping is None:
                saved = SavedMapping.objects.create(
                    name=name,
                    kind=definition.kind,
                    organisation=organisation,
                    definition=definition.as_dict(),
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
                audit.record(actor=actor, action="returns.mapping.created", obj=saved, before={})
                return saved
            current = SavedMapping.objects.select_for_update().get(pk=mapping.pk)
            if version is not None and current.version != version:
                raise WorkflowError(
                    f"The mapping '{current.name}' has changed since this page was loaded. Reload it and make your change again."
                )
            before = audit.snapshot(current)
            current.name, current.kind, current.organisation = name, definition.kind, organisation
            current.definition = definition.as_dict()
            current.updated_at = timezone.now()
            current.version += 1
            current.save()
            audit.record(actor=actor, action="returns.mapping.changed", obj=current, before=before)
            return current
    except IntegrityError:
        raise WorkflowError(f"There is already a mapping called '{name}' for this return and body.") from None


def mapping_delete(*, actor: Any, mapping: SavedMapping) -> None:
    audit.delete(actor=actor, action="returns.mapping.deleted", obj=mapping)
