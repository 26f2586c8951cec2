"""The audit trail: record every create, change and delete of domain data.

Services call these after they write, inside the same transaction, so a change and its record
land together or not at all.
"""

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models, transaction
from django.db.models.signals import ModelSignal

from .models import AuditEvent

# Never copied into the trail: a password hash or token hash is a secret even when hashed.
SECRET_FIELDS = {"password", "token_hash", "secret", "code_hash"}


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return sorted(_plain(v) for v in value) if isinstance(value, set) else [_plain(v) for v in value]
    if isinstance(value, models.Model):
        return str(value)
    return value


def snapshot(obj: models.Model, *, links: bool = True) -> dict[str, Any]:
    """The object's own fields, and its many-to-many links, as JSON-safe values for diffing.
    `links=False` leaves the links out (a query each): for a bulk write that does not change them,
    whose diff would leave them out anyway."""
    state: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in SECRET_FIELDS:
            continue
        state[field.name] = _plain(getattr(obj, field.attname))
    if obj.pk and links:
        for field in obj._meta.many_to_many:
            state[field.name] = sorted(str(related) for related in getattr(obj, field.name).all())
    return state


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    before = before or {}
    after = after or {}
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key) and key not in {"updated_at", "version"}
    }


def _serialised(obj: models.Model) -> dict[str, Any]:
    data = serializers.serialize("python", [obj])[0]
    for name in SECRET_FIELDS & set(data["fields"]):
        data["fields"][name] = None
    return data


def _organisation_id(obj: models.Model) -> int | None:
    # Domain models name their owning body `organisation`; an Organisation owns itself.
    if obj._meta.label == "organisations.Organisation":
        return obj.pk
    return getattr(obj, "organisation_id", None)


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent | None:
    """Record `action` on `obj`. A change that changed nothing records nothing."""
    if after is None and not action.endswith(".deleted"):
        after = snapshot(obj)
    changes = diff(before, after)
    if before is not None and after is not None and not changes:
        return None
    return _event(
        actor=actor,
        action=action,
        obj=obj,
        changes=changes,
        snapshot=_serialised(obj) if obj.pk else None,
        note=note,
    )


def _actor_fields(actor: Any) -> dict[str, Any]:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return {
        "actor": actor if authenticated else None,
        "actor_label": getattr(actor, "email", "") if authenticated else "system",
    }


def _event(
    *, actor: Any, action: str, obj: models.Model, changes: Any, snapshot: Any, note: str
) -> AuditEvent:
    """One event on `obj`: who (the system when no one is signed in), what, and its owning body."""
    return AuditEvent.objects.create(
        **_actor_fields(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(obj.__class__),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        organisation_id=_organisation_id(obj),
        changes=changes,
        snapshot=snapshot,
        note=note[:500],
    )


def record_batch(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any],
    after: dict[str, Any],
    detail: dict[str, Any],
    note: str = "",
) -> AuditEvent:
    """Record one write of many objects at once (a 100,000-line return) as one event on their owner
    `obj`: `before`/`after` summarise it (counts, totals) and `detail`, kept in the event's snapshot,
    holds what was written, so that a bulk write leaves every value it wrote in the trail without a
    statement per object. Objects it changed are recorded one by one with `record_many`."""
    return _event(
        actor=actor, action=action, obj=obj, changes=diff(before, after), snapshot=detail, note=note
    )


def record_many(
    *,
    actor: Any,
    action: str,
    model: type[models.Model],
    entries: Iterable[tuple[Any, str, int | None, dict[str, list[Any]]]],
    note: str = "",
    batch_size: int = 1000,
) -> int:
    """Record the same action on many objects of `model`, one event each, in a few inserts: entries
    are (pk, repr, owning body's id, changes as {field: [before, after]}). For bulk writes, where
    `record`'s statement per object would dominate; the events read exactly like `record`'s, with no
    snapshot (which only a deletion needs). Returns how many were recorded."""
    who = _actor_fields(actor)
    content_type = ContentType.objects.get_for_model(model)
    events = [
        AuditEvent(
            **who,
            action=action,
            content_type=content_type,
            object_id=str(pk),
            object_repr=text[:300],
            organisation_id=organisation_id,
            changes=changes,
            note=note[:500],
        )
        for pk, text, organisation_id, changes in entries
    ]
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(events)


def delete(*, actor: Any, action: str, obj: models.Model, note: str = "") -> AuditEvent:
    """Delete `obj`, keeping a full copy in the trail from which `restore` can bring it back."""
    with transaction.atomic():
        event = _event(
            actor=actor,
            action=action,
            obj=obj,
            changes=diff(snapshot(obj), None),
            snapshot=_serialised(obj),
            note=note,
        )
        obj.delete()
    return event


# Sent once a deleted object is back, many-to-many relations and all, inside restore's transaction
# (sender: its model, which receivers may name as "app_label.Model"; instance: the object): for apps
# that keep something derived from it, such as the lessons' search index, which the raw save of a
# restore does not tell them to rebuild.
object_restored = ModelSignal(use_caching=True)


def restore(*, actor: Any, event: AuditEvent) -> models.Model:
    """Bring back the object a deletion event recorded, with its original primary key."""
    if not event.is_deletion or not event.snapshot:
        raise ValueError("Only a deletion can be restored.")
    with transaction.atomic():
        (restored,) = serializers.deserialize("python", [event.snapshot])
        restored.save()
        obj = restored.object
        record(actor=actor, action=event.action.removesuffix(".deleted") + ".restored", obj=obj, before={})
        object_restored.send(sender=obj.__class__, instance=obj)
    return obj


def history(obj: models.Model) -> models.QuerySet[AuditEvent]:
    # Without the snapshots: one can hold every line of a bulk import, and only a restore reads them.
    return (
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj.__class__), object_id=str(obj.pk)
        )
        .select_related("actor")
        .defer("snapshot")
    )
