"""Writes to the programme register. Each one checks its rules, writes, and records itself in the
audit trail in the same transaction."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from panorama.core import audit
from panorama.core.models import Period
from panorama.organisations.models import Organisation

from .models import Confidence, LinkKind, Programme, ProgrammeLink, ProgressUpdate, Rebaseline, Tag


class StaleEdit(ValidationError):
    pass


def _check_rules(programme: Programme) -> None:
    problems: dict[str, str] = {}
    if programme.confidence == Confidence.NOT_RATED and not programme.confidence_reason.strip():
        problems["confidence_reason"] = "Say why the programme is not rated."
    for name in ("wlc_baseline", "wlc_forecast"):
        value = getattr(programme, name)
        if value is not None and value < 0:
            problems[name] = "A whole-life cost cannot be negative."
    if (
        programme.start_baseline
        and programme.end_baseline
        and programme.end_baseline < programme.start_baseline
    ):
        problems["end_baseline"] = "The baseline end date must be on or after the baseline start date."
    if (
        programme.start_forecast
        and programme.end_forecast
        and programme.end_forecast < programme.start_forecast
    ):
        problems["end_forecast"] = "The forecast end date must be on or after the forecast start date."
    if problems:
        raise ValidationError(problems)


def _tags_from(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        clean = " ".join(name.split()).lower()[:60]
        if clean:
            tag, _ = Tag.objects.get_or_create(name=clean)
            tags.append(tag)
    return tags


def _set_relations(programme: Programme, relations: dict) -> None:
    if "partners" in relations:
        programme.partners.set([o for o in relations["partners"] if o.pk != programme.organisation_id])
    if "commitments" in relations:
        programme.commitments.set(relations["commitments"])
    if "platforms" in relations:
        programme.platforms.set(relations["platforms"])
    if "tags" in relations:
        programme.tags.set(_tags_from(relations["tags"]))


RELATIONS = ("partners", "commitments", "platforms", "tags")


def programme_create(*, actor, organisation: Organisation, data: dict) -> Programme:
    fields = {k: v for k, v in data.items() if k not in RELATIONS}
    with transaction.atomic():
        programme = Programme(organisation=organisation, **fields)
        _check_rules(programme)
        programme.full_clean()
        programme.save()
        _set_relations(programme, {k: v for k, v in data.items() if k in RELATIONS})
        audit.record(actor=actor, action="programmes.programme.created", obj=programme, before={})
    return programme


def programme_update(*, actor, programme: Programme, version: int, data: dict) -> Programme:
    """Apply an edit made on a page loaded at `version`; a stale save is refused."""
    with transaction.atomic():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
        if current.version != version:
            raise StaleEdit(
                f"{current.title} has changed since this page was loaded. Reload it and make your change again."
            )
        before = audit.snapshot(current)
        for name, value in data.items():
            if name not in RELATIONS:
                setattr(current, name, value)
        _check_rules(current)
        current.full_clean()
        current.version += 1
        current.save()
        _set_relations(current, {k: v for k, v in data.items() if k in RELATIONS})
        audit.record(actor=actor, action="programmes.programme.changed", obj=current, before=before)
    return current


def programme_delete(*, actor, programme: Programme) -> None:
    audit.delete(actor=actor, action="programmes.programme.deleted", obj=programme)


def progress_update_record(*, actor, programme: Programme, period: Period, data: dict) -> ProgressUpdate:
    """Add one quarter's report. History is never rewritten: a quarter already reported is refused.
    When it is the latest quarter, the programme's current values follow it."""
    with transaction.atomic():
        current = Programme.objects.select_for_update().get(pk=programme.pk)
        if current.updates.filter(period=period).exists():
            raise ValidationError(
                {
                    "period": f"{current.title} already has an update for {period.label}. Updates are kept as history and not replaced."
                }
            )
        update = ProgressUpdate(
            programme=current,
            period=period,
            submitted_by=actor if actor and actor.is_authenticated else None,
            **data,
        )
        if update.confidence == Confidence.NOT_RATED and not update.confidence_reason.strip():
            raise ValidationError({"confidence_reason": "Say why the programme is not rated this quarter."})
        if update.milestones_met < 0 or update.milestones_missed < 0:
            raise ValidationError("Milestone counts cannot be negative.")
        update.full_clean()
        update.save()
        audit.record(actor=actor, action="programmes.update.created", obj=update, before={})
        latest = current.updates.select_related("period").order_by("-period__start").first()
        if latest is not None and latest.pk == update.pk:
            before = audit.snapshot(current)
            current.confidence = update.confidence
            current.confidence_reason = update.confidence_reason
            if update.phase:
                current.phase = update.phase
            if update.wlc_forecast is not None:
                current.wlc_forecast = update.wlc_forecast
            if update.end_forecast is not None:
                current.end_forecast = update.end_forecast
            current.last_update = period.end
            current.version += 1
            current.save()
            audit.record(
                actor=actor,
                action="programmes.programme.changed",
                obj=current,
                before=before,
                note=f"From the progress update for {period.label}.",
            )
    return update


def rebaseline_record(
    *,
    actor,
    programme: Programme,
    agreed_on: datetime.date,
    wlc: Decimal | None,
    end_date: datetime.date | None,
    reason: str,
) -> Rebaseline:
    """Record a newly agreed baseline beside the original, which is never overwritten."""
    if wlc is None and end_date is None:
        raise ValidationError("Give the new whole-life cost, the new end date, or both.")
    if wlc is not None and wlc < 0:
        raise ValidationError({"wlc": "A whole-life cost cannot be negative."})
    if agreed_on > datetime.date.today():
        raise ValidationError({"agreed_on": "The date it was agreed cannot be in the future."})
    with transaction.atomic():
        rebaseline = Rebaseline(
            programme=programme,
            agreed_on=agreed_on,
            wlc=wlc,
            end_date=end_date,
            reason=reason.strip(),
            recorded_by=actor if actor and actor.is_authenticated else None,
        )
        rebaseline.full_clean()
        rebaseline.save()
        audit.record(actor=actor, action="programmes.rebaseline.created", obj=rebaseline, before={})
    return rebaseline


def link_create(*, actor, source: Programme, target: Programme, kind: str, note: str = "") -> ProgrammeLink:
    if source.pk == target.pk:
        raise ValidationError({"target": "A programme cannot be linked to itself."})
    if kind not in LinkKind.values:
        raise ValidationError({"kind": "Choose how the programmes interact."})
    if ProgrammeLink.objects.filter(source=source, target=target, kind=kind).exists():
        raise ValidationError({"target": f"{source.title} already {LinkKind(kind).label} {target.title}."})
    with transaction.atomic():
        link = ProgrammeLink.objects.create(source=source, target=target, kind=kind, note=note.strip()[:300])
        audit.record(actor=actor, action="programmes.link.created", obj=link, before={})
    return link


def link_delete(*, actor, link: ProgrammeLink) -> None:
    audit.delete(actor=actor, action="programmes.link.deleted", obj=link)
