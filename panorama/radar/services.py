"""Writes for the radar: technologies (analysts), bodies' stances (their editors, by web or by
return), questions and answers. Every write is recorded in the audit trail in the same transaction."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from panorama.accounts import permissions
from panorama.core import audit
from panorama.core.notify import notify
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme

from . import selectors
from .models import Answer, BodyStance, Question, Stance, StanceChange, Technology

TECHNOLOGY_FIELDS = (
    "name",
    "description",
    "category",
    "standards",
    "risk_data_protection",
    "risk_bias",
    "risk_lock_in",
    "risk_security",
    "guidance",
)


class StaleEdit(ValidationError):
    pass


def _stale(obj: Any, version: int) -> None:
    if obj.version != version:
        raise StaleEdit(
            f"{obj} has changed since this page was loaded. Reload it and make your change again."
        )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "technology"
    slug, number = base, 2
    while Technology.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _links(technology: Technology, links: dict[str, Iterable[Any]] | None) -> None:
    for name, values in (links or {}).items():
        if name not in ("lessons", "challenges", "platforms"):
            raise ValueError(f"Unknown link {name!r}")
        getattr(technology, name).set(list(values))


def _snapshot(technology: Technology) -> dict:
    found = audit.snapshot(technology)
    for name in ("lessons", "challenges", "platforms"):
        found[name] = sorted(str(o) for o in getattr(technology, name).all())
    return found


# --- Technologies ---------------------------------------------------------------------------------


def technology_create(
    *, actor, data: dict[str, Any], links: dict[str, Iterable[Any]] | None = None, illustrative: bool = False
) -> Technology:
    name = str(data.get("name", "")).strip()
    if Technology.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": f"There is already a technology called {name}: change that one instead."}
        )
    with transaction.atomic():
        technology = Technology(
            slug=_unique_slug(name),
            illustrative=illustrative,
            **{k: data[k] for k in TECHNOLOGY_FIELDS if k in data},
        )
        technology.name = name
        technology.full_clean()
        technology.save()
        _links(technology, links)
        audit.record(actor=actor, action="radar.technology.created", obj=technology, before={})
    return technology


def technology_update(
    *,
    actor,
    technology: Technology,
    version: int,
    data: dict[str, Any],
    links: dict[str, Iterable[Any]] | None = None,
) -> Technology:
    with transaction.atomic():
        current = Technology.objects.select_for_update().get(pk=technology.pk)
        _stale(current, version)
        name = str(data.get("name", current.name)).strip()
        if Technology.objects.filter(name__iexact=name).exclude(pk=current.pk).exists():
            raise ValidationError({"name": f"There is already a technology called {name}."})
        before = _snapshot(current)
        for key in TECHNOLOGY_FIELDS:
            if key in data:
                setattr(current, key, data[key])
        current.name = name
        current.full_clean()
        current.version += 1
        current.save()
        _links(current, links)
        audit.record(actor=actor, action="radar.technology.changed", obj=current, before=before)
    return current


# --- Stances ----------------------------------------------------------------------------------------


def _check_programmes(organisation: Organisation, programmes: Iterable[Programme]) -> list[Programme]:
    chosen = list(programmes)
    for programme in chosen:
        if (
            programme.organisation_id != organisation.pk
            and not programme.partners.filter(pk=organisation.pk).exists()
        ):
            raise ValidationError(
                {
                    "programmes": f"{programme} is not a programme of {organisation.short_name}: choose its own."
                }
            )
    return chosen


def stance_set(
    *,
    actor,
    organisation: Organisation,
    technology: Technology,
    stance: str,
    since: datetime.date,
    programmes: Iterable[Programme] = (),
    note: str = "",
    internal: bool = False,
    version: int | None = None,
    illustrative: bool = False,
) -> BodyStance:
    """Record where a body stands on a technology: created if new, changed otherwise (a `version`
    from the form refuses a stale change). A new stance, or a stance made public or internal, is
    kept in the history from `since`."""
    if stance not in Stance.values:
        raise ValidationError(
            {"stance": f"{stance!r} is not a stance: choose one of {', '.join(Stance.values)}."}
        )
    if since > datetime.date.today():
        raise ValidationError({"since": "The day the stance was taken cannot be in the future."})
    chosen = _check_programmes(organisation, programmes)
    with transaction.atomic():
        current = (
            BodyStance.objects.select_for_update()
            .filter(organisation=organisation, technology=technology)
            .first()
        )
        if current is not None and version is not None:
            _stale(current, version)
        before = audit.snapshot(current) if current else {}
        if current is not None:
            before["programmes"] = sorted(str(p) for p in current.programmes.all())
        previous = current.stance if current else ""
        if current is not None and stance != previous and since < current.since:
            raise ValidationError(
                {
                    "since": f"The stance was last changed on {current.since:%-d %B %Y}: a new one cannot start before it."
                }
            )
        row = current or BodyStance(organisation=organisation, technology=technology)
        moved = current is None or stance != previous or internal != current.internal
        row.stance, row.note, row.internal = stance, note, internal
        row.since = since if (current is None or stance != previous) else current.since
        row.illustrative = illustrative if current is None else row.illustrative
        row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        if current is not None:
            row.version += 1
        row.full_clean()
        row.save()
        row.programmes.set(chosen)
        if moved:
            StanceChange.objects.create(
                organisation=organisation,
                technology=technology,
                stance=stance,
                previous=previous,
                # A stance made public or internal is so from today: the past stays as it was shown.
                effective=row.since if stance != previous else datetime.date.today(),
                internal=internal,
                illustrative=row.illustrative,
                recorded_by=row.updated_by,
            )
        event = "created" if current is None else "changed"
        audit.record(actor=actor, action=f"radar.stance.{event}", obj=row, before=before)
    return row


def stance_delete(*, actor, stance: BodyStance) -> None:
    audit.delete(actor=actor, action="radar.stance.deleted", obj=stance)


# --- Questions and answers ------------------------------------------------------------------------


def _check_speaker(actor, organisation: Organisation | None) -> None:
    if permissions.is_analyst(actor):
        return
    if organisation is None or permissions.member_role(actor, organisation) is None:
        raise ValidationError({"organisation": "Choose a body you belong to."})


def question_ask(
    *,
    actor,
    organisation: Organisation,
    technology: Technology,
    title: str,
    text: str,
    illustrative: bool = False,
) -> Question:
    _check_speaker(actor, organisation)
    if not title.strip() or not text.strip():
        raise ValidationError("Give your question a title and say what you would like to know.")
    with transaction.atomic():
        question = Question(
            technology=technology,
            organisation=organisation,
            asked_by=actor if getattr(actor, "is_authenticated", False) else None,
            title=title.strip(),
            text=text.strip(),
            illustrative=illustrative,
        )
        question.full_clean()
        question.save()
        audit.record(actor=actor, action="radar.question.asked", obj=question, before={})
        recipients = [
            p
            for p in selectors.question_recipients(technology=technology, exclude_organisation=organisation)
            if p != actor
        ]
        url = question.get_absolute_url()
        notify(
            recipients=recipients,
            may_see=permissions.signed_in,
            key=f"radar.question:{question.public_id}",
            subject=f"{organisation.short_name} asks about {technology.name}: {question.title}",
            body=f"{organisation.name} asked a question about {technology.name}, which your body has "
            "adopted or is trialling. Your answer stays on the technology's page for every body to read.",
            url=url,
        )
    return question


def answer_add(
    *, actor, question: Question, organisation: Organisation | None, text: str, illustrative: bool = False
) -> Answer:
    _check_speaker(actor, organisation)
    if not text.strip():
        raise ValidationError({"text": "Write your answer."})
    with transaction.atomic():
        answer = Answer(
            question=question,
            organisation=organisation,
            answered_by=actor if getattr(actor, "is_authenticated", False) else None,
            text=text.strip(),
            illustrative=illustrative,
        )
        answer.full_clean()
        answer.save()
        audit.record(actor=actor, action="radar.answer.added", obj=answer, before={})
        asker = question.asked_by
        who = organisation.short_name if organisation else "The central team"
        notify(
            recipients=[asker] if asker and asker != actor else [],
            may_see=permissions.signed_in,
            key=f"radar.answer:{answer.public_id}",
            subject=f"{who} answered your question about {question.technology.name}",
            body=f"{who} answered “{question.title}”.",
            url=question.get_absolute_url(),
        )
    return answer
