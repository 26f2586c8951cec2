"""Writes to the programme register. Each one checks its rules, writes, and records itself in the
audit trail in the same transaction."""

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from panorama.core import audit, bulk
from panorama.core.models import Period
from panorama.organisations.models import Organisation

from .models import Confidence, LinkKind, Programme, ProgrammeLink, ProgressUpdate, Rebaseline, Tag
from .signals import progress_written


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
            _follow_report(current, update, period)
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


# What a quarterly report sets on its programme when it is the latest one (`_follow_report`).
_IN_STEP = ("confidence", "confidence_reason", "phase", "wlc_forecast", "end_forecast", "last_update")


def _follow_report(programme: Programme, update: ProgressUpdate, period: Period) -> None:
    """The programme's current values follow its latest quarter's report; a blank phase, cost or
    date leaves the programme's own as it is. The one rule for one report and for a return."""
    programme.confidence = update.confidence
    programme.confidence_reason = update.confidence_reason
    if update.phase:
        programme.phase = update.phase
    if update.wlc_forecast is not None:
        programme.wlc_forecast = update.wlc_forecast
    if update.end_forecast is not None:
        programme.end_forecast = update.end_forecast
    programme.last_update = period.end


def progress_updates_write(
    *,
    actor,
    organisation: Organisation,
    period: Period,
    reports: Sequence[tuple[Programme, dict[str, Any], ProgressUpdate | None]],
) -> None:
    """Write a quarter's reports on many of a body's programmes (a progress return): each is
    (programme, its values, the quarter's update it replaces or None), already checked by the
    return's plan. Each programme's current values follow its report when the quarter is its
    latest, never an older correction.

    Written as a set, in one transaction, so a return of any size takes a few statements: the
    programmes fetched through their body at once, new updates in one insert, changed ones in one
    update, the programmes kept in step in one update, and the trail in one insert per kind of
    change — each event exactly as `audit.record` would write it (who, when, before → after). Any
    failure, even of the last row, leaves nothing written."""
    if not reports:
        return
    submitter = actor if getattr(actor, "is_authenticated", False) else None
    # The objects we hold are known to exist: only the values are checked, without a query per key.
    held = ["programme", "period", "submitted_by"]
    with transaction.atomic(savepoint=False):  # inside a return's transaction, no savepoint of its own
        wanted = [programme.pk for programme, _, _ in reports]
        programmes = {p.pk: p for p in organisation.programmes.select_for_update().filter(pk__in=wanted)}
        created: list[ProgressUpdate] = []
        changed: list[ProgressUpdate] = []
        changed_entries = []
        now = timezone.now()
        for programme, values, existing in reports:
            current = programmes.get(programme.pk)
            if current is None:
                raise ValidationError(
                    f"{programme.title} is no longer one of {organisation.name}'s programmes."
                )
            if existing is None:
                update = ProgressUpdate(programme=current, period=period, submitted_by=submitter, **values)
                update.full_clean(exclude=held, validate_unique=False, validate_constraints=False)
                created.append(update)
                continue
            before = audit.snapshot(existing, links=False)
            for name, value in values.items():
                setattr(existing, name, value)
            existing.programme, existing.period = current, period
            existing.submitted_by, existing.submitted_at = submitter, now
            existing.full_clean(exclude=held, validate_unique=False, validate_constraints=False)
            changed.append(existing)
            changed_entries.append(
                (existing.pk, str(existing), None, audit.diff(before, audit.snapshot(existing, links=False)))
            )
        # One update per programme and quarter is the database's own constraint: a report written
        # meanwhile by someone else fails the insert, and the whole write with it.
        ProgressUpdate.objects.bulk_create(created)
        # One prepared UPDATE run for each row (Django's bulk_update builds a CASE per field and
        # row, whose compiling cost more than the writing).
        fields = [
            *sorted({name for _, values, _ in reports for name in values}),
            "submitted_by_id",
            "submitted_at",
        ]
        bulk.update_rows(
            model=ProgressUpdate,
            fields=fields,
            rows=[(u.pk, *(getattr(u, name) for name in fields)) for u in changed],
        )
        audit.record_many(
            actor=actor,
            action="programmes.progress_update.created",
            model=ProgressUpdate,
            entries=[(u.pk, str(u), None, audit.diff({}, audit.snapshot(u, links=False))) for u in created],
        )
        audit.record_many(
            actor=actor,
            action="programmes.progress_update.changed",
            model=ProgressUpdate,
            entries=changed_entries,
        )
        _programmes_follow(actor=actor, programmes=programmes, period=period, updates=[*created, *changed])
        progress_written.send(sender=ProgressUpdate, programme_ids=list(programmes), actor=actor)


def _programmes_follow(
    *, actor, programmes: dict[int, Programme], period: Period, updates: Sequence[ProgressUpdate]
) -> None:
    latest = dict(
        ProgressUpdate.objects.filter(programme_id__in=list(programmes))
        .values("programme_id")
        .annotate(latest=Max("period__start"))
        .values_list("programme_id", "latest")
    )
    moved, entries = [], []
    now = timezone.now()
    for update in updates:
        if latest.get(update.programme_id, period.start) > period.start:
            continue  # an older quarter's correction: the programme follows its latest report
        programme = programmes[update.programme_id]
        before = audit.snapshot(programme, links=False)
        _follow_report(programme, update, period)
        changes = audit.diff(before, audit.snapshot(programme, links=False))
        if changes:
            programme.version += 1
            programme.updated_at = now
            moved.append(programme)
            entries.append((programme.pk, str(programme), programme.organisation_id, changes))
    fields = [*_IN_STEP, "version", "updated_at"]
    bulk.update_rows(
        model=Programme, fields=fields, rows=[(p.pk, *(getattr(p, f) for f in fields)) for p in moved]
    )
    audit.record_many(
        actor=actor,
        action="programmes.programme.changed",
        model=Programme,
        entries=entries,
        note=f"From the {period.label} progress return",
    )
