"""Writes to the strategy model: analysts manage strategies, their parts, commitments and outcome
measures. Every write is audited; every edit carries the version it was loaded at."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction

from panorama.core import audit

from .models import Ambition, Commitment, OutcomeActual, OutcomeMeasure, Strategy


class StaleEdit(ValidationError):
    pass


def _create(*, actor, obj: models.Model, action: str) -> models.Model:
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        audit.record(actor=actor, action=action, obj=obj, before={})
    return obj


def _update(*, actor, obj: models.Model, version: int, data: dict, action: str, label: str) -> models.Model:
    with transaction.atomic():
        current = type(obj).objects.select_for_update().get(pk=obj.pk)
        if current.version != version:
            raise StaleEdit(
                f"{label} has changed since this page was loaded. Reload it and make your change again."
            )
        before = audit.snapshot(current)
        reported = getattr(current, "last_updated", None)
        for name, value in data.items():
            setattr(current, name, value)
        # A change of status is a progress report: date it, unless the analyst gave another date.
        if (
            isinstance(current, Commitment)
            and before["status"] != current.status
            and current.last_updated == reported
        ):
            current.last_updated = datetime.date.today()
        current.full_clean()
        current.version += 1
        current.save()
        audit.record(actor=actor, action=action, obj=current, before=before)
    return current


def strategy_create(*, actor, data: dict) -> Strategy:
    return _create(actor=actor, obj=Strategy(**data), action="strategy.strategy.created")


def strategy_update(*, actor, strategy: Strategy, version: int, data: dict) -> Strategy:
    return _update(
        actor=actor,
        obj=strategy,
        version=version,
        data=data,
        action="strategy.strategy.changed",
        label=strategy.short_title,
    )


def ambition_create(*, actor, strategy: Strategy, data: dict) -> Ambition:
    if strategy.ambitions.filter(number=data.get("number")).exists():
        raise ValidationError(
            {"number": f"{strategy.short_title} already has a part numbered {data.get('number')}."}
        )
    return _create(actor=actor, obj=Ambition(strategy=strategy, **data), action="strategy.ambition.created")


def ambition_update(*, actor, ambition: Ambition, version: int, data: dict) -> Ambition:
    if ambition.strategy.ambitions.exclude(pk=ambition.pk).filter(number=data.get("number")).exists():
        raise ValidationError(
            {"number": f"{ambition.strategy.short_title} already has a part numbered {data.get('number')}."}
        )
    return _update(
        actor=actor,
        obj=ambition,
        version=version,
        data=data,
        action="strategy.ambition.changed",
        label=ambition.title,
    )


def _check_reference(ambition: Ambition, reference: str, exclude: int | None = None) -> None:
    clash = Commitment.objects.filter(ambition__strategy=ambition.strategy, reference=reference.strip())
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"reference": f"{ambition.strategy.short_title} already has a commitment {reference}."}
        )


def commitment_create(*, actor, ambition: Ambition, data: dict) -> Commitment:
    _check_reference(ambition, data.get("reference", ""))
    return _create(
        actor=actor, obj=Commitment(ambition=ambition, **data), action="strategy.commitment.created"
    )


def commitment_update(*, actor, commitment: Commitment, version: int, data: dict) -> Commitment:
    _check_reference(
        data.get("ambition", commitment.ambition),
        data.get("reference", commitment.reference),
        exclude=commitment.pk,
    )
    return _update(
        actor=actor,
        obj=commitment,
        version=version,
        data=data,
        action="strategy.commitment.changed",
        label=f"Commitment {commitment.reference}",
    )


def measure_create(*, actor, commitment: Commitment, data: dict) -> OutcomeMeasure:
    return _create(
        actor=actor, obj=OutcomeMeasure(commitment=commitment, **data), action="strategy.measure.created"
    )


def measure_update(*, actor, measure: OutcomeMeasure, version: int, data: dict) -> OutcomeMeasure:
    return _update(
        actor=actor,
        obj=measure,
        version=version,
        data=data,
        action="strategy.measure.changed",
        label=measure.name,
    )


def actual_record(
    *, actor, measure: OutcomeMeasure, date: datetime.date, value, source: str = ""
) -> OutcomeActual:
    """Record the measure's value on a date. One value a date: a second one for the same date is refused."""
    if measure.actuals.filter(date=date).exists():
        raise ValidationError({"date": f"{measure.name} already has a value for {date:%-d %B %Y}."})
    if date > datetime.date.today():
        raise ValidationError({"date": "An actual cannot be dated in the future."})
    return _create(
        actor=actor,
        obj=OutcomeActual(
            measure=measure,
            date=date,
            value=value,
            source=source.strip(),
            recorded_by=actor if actor and actor.is_authenticated else None,
        ),
        action="strategy.actual.created",
    )
