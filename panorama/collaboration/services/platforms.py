"""Recording who adopts which shared platform, and each body's licences."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from panorama.core import audit
from panorama.organisations.models import Organisation
from panorama.programmes.models import Platform

from ..models import Licence, PlatformAdoption
from .common import create_recorded, update_versioned


def adoption_record(
    *, actor: Any, platform: Platform, organisation: Organisation, adopted_on, status: str, note: str = ""
) -> PlatformAdoption:
    """Record that a body uses (or plans to use) a platform; a second record for the same body
    updates the first."""
    with transaction.atomic():
        adoption = PlatformAdoption.objects.filter(platform=platform, organisation=organisation).first()
        if adoption is None:
            return create_recorded(
                actor=actor,
                obj=PlatformAdoption(
                    platform=platform,
                    organisation=organisation,
                    adopted_on=adopted_on,
                    status=status,
                    note=note,
                ),
                action="collaboration.platformadoption.created",
            )
        before = audit.snapshot(adoption)
        adoption.adopted_on, adoption.status, adoption.note = adopted_on, status, note
        adoption.full_clean()
        adoption.save()
        audit.record(
            actor=actor, action="collaboration.platformadoption.changed", obj=adoption, before=before
        )
        return adoption


def adoption_remove(*, actor: Any, adoption: PlatformAdoption) -> None:
    audit.delete(actor=actor, action="collaboration.platformadoption.deleted", obj=adoption)


def licence_create(*, actor: Any, organisation: Organisation, data: dict) -> Licence:
    if not data.get("product", "").strip():
        raise ValidationError({"product": "Name the product."})
    with transaction.atomic():
        return create_recorded(
            actor=actor,
            obj=Licence(organisation=organisation, **data),
            action="collaboration.licence.created",
        )


def licence_update(*, actor: Any, licence: Licence, version: int, data: dict) -> Licence:
    with transaction.atomic():
        return update_versioned(
            actor=actor,
            obj=licence,
            version=version,
            data=data,
            action="collaboration.licence.changed",
            label=f"The licence for {licence.product}",
        )


def licence_delete(*, actor: Any, licence: Licence) -> None:
    audit.delete(actor=actor, action="collaboration.licence.deleted", obj=licence)
