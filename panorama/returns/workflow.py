"""The return workflow: windows opened and closed by analysts; each body's submission moving
not started → draft → submitted → accepted (or returned with comments → resubmitted); uploads held
for preview until confirmed; reminders that are never sent twice.

Every write is audited ("returns.<entity>.<event>") and each submission step is also kept as a
`SubmissionEvent`, which bodies see as their return's timeline.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from panorama.accounts import permissions
from panorama.accounts.models import MemberRole, User
from panorama.core import audit
from panorama.core.models import Period
from panorama.core.notify import notify
from panorama.organisations.models import Organisation

from .imports import (
    context_problems,
    return_apply,
    return_plan,
    rows_as_table,
    rows_from_table,
    with_plan_problems,
)
from .kinds import Context, Plan, Problem, ReturnKind
from .models import PendingUpload, ReturnWindow, Source, Status, Submission, SubmissionEvent, WindowStatus
from .registry import kind_get


class WorkflowError(ValidationError):
    """A step that cannot be taken now; `problems` carries the row-level problems, if any."""

    def __init__(self, message: str | list[str], problems: Sequence[Problem] = ()):
        super().__init__(message)
        self.problems = list(problems)


class StaleEdit(WorkflowError):
    pass


def _check_version(obj: Any, version: int | None, what: str) -> None:
    if version is not None and obj.version != version:
        raise StaleEdit(
            f"{what} has changed since this page was loaded. Reload it and make your change again."
        )


# --- windows -------------------------------------------------------------------------------------


def window_create(
    *,
    actor: Any,
    kind: str,
    period: Period,
    due_on: datetime.date,
    expected: Iterable[Organisation] = (),
    note: str = "",
    illustrative: bool = False,
) -> ReturnWindow:
    found = kind_get(kind)
    if found.period_kind is not None and period.kind != found.period_kind:
        raise WorkflowError(
            f"The {found.label.lower()} is collected for each "
            f"{'quarter' if found.period_kind == 'quarter' else 'financial year'}, not for {period.label}."
        )
    if due_on < period.start:
        raise WorkflowError("The due date must be after the period starts.")
    if ReturnWindow.objects.filter(kind=found.slug, period=period).exists():
        raise WorkflowError(f"There is already a {period.label} window for the {found.label.lower()}.")
    with transaction.atomic():
        window = ReturnWindow.objects.create(
            kind=found.slug,
            period=period,
            due_on=due_on,
            note=note,
            opened_by=_person(actor),
            illustrative=illustrative,
        )
        window.expected.set(list(expected))
        audit.record(actor=actor, action="returns.window.opened", obj=window, before={})
    return window


def window_update(
    *,
    actor: Any,
    window: ReturnWindow,
    version: int | None,
    due_on: datetime.date,
    expected: Iterable[Organisation],
    note: str,
) -> ReturnWindow:
    with transaction.atomic():
        current = ReturnWindow.objects.select_for_update().get(pk=window.pk)
        _check_version(current, version, f"The {current.period.label} window")
        before = audit.snapshot(current)
        current.due_on, current.note = due_on, note
        current.version += 1
        current.save()
        current.expected.set(list(expected))
        audit.record(actor=actor, action="returns.window.changed", obj=current, before=before)
    return current


def window_set_status(*, actor: Any, window: ReturnWindow, status: str) -> ReturnWindow:
    with transaction.atomic():
        current = ReturnWindow.objects.select_for_update().get(pk=window.pk)
        if current.status == status:
            return current
        before = audit.snapshot(current)
        current.status = status
        if status == WindowStatus.CLOSED:
            current.closed_at, current.closed_by = timezone.now(), _person(actor)
        else:
            current.closed_at, current.closed_by = None, None
            current.opened_at, current.opened_by = timezone.now(), _person(actor)
        current.version += 1
        current.save()
        event = "closed" if status == WindowStatus.CLOSED else "reopened"
        audit.record(actor=actor, action=f"returns.window.{event}", obj=current, before=before)
    return current


def _person(actor: Any) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- uploads held for preview ----------------------------------------------------------------------


def content_hash(columns: Sequence[str], table: Sequence[Sequence[str]]) -> str:
    """The same rows in the same order hash the same, whatever file (or form) they came from;
    spreadsheet row numbers are left out, so blank lines moving about change nothing."""
    body = json.dumps(
        [list(columns), [list(row[1:]) for row in table]], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(body.encode()).hexdigest()


def pending_create(
    *,
    actor: Any,
    kind: ReturnKind,
    organisation: Organisation | None,
    period: Period | None,
    filename: str,
    source: str,
    rows: Sequence[dict[str, Any]],
    problems: Sequence[Problem],
    notes: Sequence[str],
    problem_count: int = 0,
    warnings: Sequence[Problem] = (),
    options: dict[str, Any] | None = None,
) -> PendingUpload:
    """Keep what was uploaded (valid or not) so that its preview or its problems have a page,
    and the confirmation does not depend on the browser sending the file twice. Refuses past the
    person's hourly rate (TooManyUploads); keeps only their newest unconfirmed uploads."""
    problem = pending_rate_problem(actor=actor)
    if problem:
        raise TooManyUploads(problem)
    plan: Plan | None = None
    context = Context(organisation=organisation, period=period, actor=actor, options=dict(options or {}))
    unfit = context_problems(kind, organisation=organisation, period=period, actor=actor)
    if problems:
        # Every problem at once: the kind's own checks of the rows the file's problems leave whole.
        all_problems = list(problems) if unfit else with_plan_problems(kind, context, rows, problems)
        problem_count += len(all_problems) - len(problems)
    elif unfit:
        all_problems = unfit
    else:
        plan = return_plan(kind, context, rows)
        all_problems = plan.problems
    table = rows_as_table(kind, rows) if not all_problems else []
    columns = [c.name for c in kind.columns]
    cutoff = timezone.now() - datetime.timedelta(days=2)
    PendingUpload.objects.filter(created_at__lt=cutoff).delete()
    draft_version = None
    if organisation is not None and period is not None:
        draft = Submission.objects.filter(organisation=organisation, kind=kind.slug, period=period).first()
        draft_version = draft.version if draft is not None else 0
    pending = PendingUpload.objects.create(
        draft_version=draft_version,
        created_by=_person(actor),
        kind=kind.slug,
        organisation=organisation,
        period=period,
        filename=filename[:255],
        source=source,
        columns=columns,
        rows=table,
        row_count=len(rows),
        content_hash=content_hash(columns, table) if table else "",
        notes=list(notes),
        problems=[_problem_json(p) for p in all_problems],
        problem_count=max(problem_count, len(all_problems)),
        actions=[
            {"row": a.row, "action": a.action, "summary": a.summary} for a in (plan.actions if plan else [])
        ],
        warnings=[_problem_json(w) for w in [*warnings, *(plan.warnings if plan else [])]],
        creates=list(plan.creates) if plan else [],
        options=dict(options or {}),
    )
    _pending_keep_newest(actor=actor)
    return pending


class TooManyUploads(Exception):
    pass


def pending_rate_problem(*, actor: Any) -> str:
    """Why this person may not check another upload now ("" if they may). Each checked upload is
    kept (a 10 MB file as 17 MB of JSON): at most PANORAMA_RETURNS_UPLOADS_PER_HOUR an hour."""
    person = _person(actor)
    if person is None:
        return ""
    limit = settings.PANORAMA_RETURNS_UPLOADS_PER_HOUR
    since = timezone.now() - datetime.timedelta(hours=1)
    if PendingUpload.objects.filter(created_by=person, created_at__gte=since).count() >= limit:
        return (
            f"You have checked {limit} uploads in the last hour, the most Panorama takes from one "
            "person. Try again later; fix the problems in your file before uploading it again."
        )
    return ""


def _pending_keep_newest(*, actor: Any) -> None:
    person = _person(actor)
    if person is None:
        return
    keep = settings.PANORAMA_RETURNS_MAX_PENDING
    older = (
        PendingUpload.objects.filter(created_by=person, confirmed_at__isnull=True)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[keep:]
    )
    PendingUpload.objects.filter(pk__in=list(older)).delete()


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {"message": problem.message, "row": problem.row, "column": problem.column, "value": problem.value}


def problems_from_json(items: Iterable[dict[str, Any]]) -> list[Problem]:
    return [Problem(**item) for item in items]


def rows_from_stored(kind: ReturnKind, columns: Sequence[str], table: Sequence[Sequence[str]]):
    """Turn a stored draft back into typed rows (re-checked: a kind's columns may have changed)."""
    names = [c.name for c in kind.columns]
    if list(columns) != names:
        positions = {name: i for i, name in enumerate(columns)}
        table = [[row[0], *(row[positions[n] + 1] if n in positions else "" for n in names)] for row in table]
    return rows_from_table(kind, [row[1:] for row in table], numbers=[int(row[0]) for row in table])


@dataclass
class Confirmed:
    submission: Submission | None
    changed: bool
    applied: bool = False


def pending_confirm(*, actor: Any, pending: PendingUpload) -> Confirmed:
    """Confirm a previewed upload: a body's return becomes (or replaces) its draft; a national
    import with no body (e.g. the programme register) is applied at once."""
    kind = kind_get(pending.kind)
    if pending.problems:
        raise WorkflowError("This upload has problems: fix the file and upload it again.")
    if pending.confirmed_at is not None:
        raise WorkflowError("This upload has already been confirmed.")
    validated = rows_from_stored(kind, pending.columns, pending.rows)
    if validated.problems:
        raise WorkflowError("The upload can no longer be read; upload the file again.", validated.problems)
    if not kind.needs_organisation or kind.period_kind is None:
        problems = context_problems(
            kind, organisation=pending.organisation, period=pending.period, actor=actor
        )
        if problems:
            raise WorkflowError([p.message for p in problems], problems)
        context = Context(
            organisation=pending.organisation,
            period=pending.period,
            actor=actor,
            options=dict(pending.options),
        )
        plan = return_plan(kind, context, validated.rows)
        if plan.problems:
            raise WorkflowError(
                "The register has changed since the preview: upload the file again.", plan.problems
            )
        problems = return_apply(kind, context, plan)
        if problems:
            raise WorkflowError([p.message for p in problems], problems)
        PendingUpload.objects.filter(pk=pending.pk).update(confirmed_at=timezone.now())
        return Confirmed(None, plan.counts["create"] + plan.counts["change"] > 0, applied=True)
    submission, changed = submission_save_draft(
        actor=actor,
        kind=kind,
        organisation=pending.organisation,
        period=pending.period,
        columns=pending.columns,
        table=pending.rows,
        filename=pending.filename,
        source=pending.source,
        expected_version=pending.draft_version,
    )
    PendingUpload.objects.filter(pk=pending.pk).update(confirmed_at=timezone.now())
    return Confirmed(submission, changed)


# --- submissions ---------------------------------------------------------------------------------


def _event(submission: Submission, actor: Any, action: str, comment: str = "") -> None:
    SubmissionEvent.objects.create(
        submission=submission, actor=_person(actor), action=action, comment=comment
    )


def submission_save_draft(
    *,
    actor: Any,
    kind: ReturnKind,
    organisation: Organisation,
    period: Period,
    columns: Sequence[str],
    table: Sequence[Sequence[str]],
    filename: str = "",
    source: str = Source.UPLOAD,
    expected_version: int | None = None,
) -> tuple[Submission, bool]:
    """Make these rows the body's draft, replacing any earlier draft. The same content again
    changes nothing (and records nothing). Returns (submission, whether anything changed)."""
    problems = context_problems(kind, organisation=organisation, period=period, actor=actor)
    if problems:
        raise WorkflowError([p.message for p in problems], problems)
    digest = content_hash(columns, table)
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update()
            .filter(organisation=organisation, kind=kind.slug, period=period)
            .first()
        )
        if expected_version is not None and (submission.version if submission else 0) != expected_version:
            raise WorkflowError(
                "This return has changed since your file was checked: someone else saved a draft in "
                "between. Upload your file again to see what it would change."
            )
        if submission is not None and submission.status == Status.SUBMITTED:
            raise WorkflowError(
                "This return has been submitted and is waiting for the portfolio team. Ask them to return "
                "it to you if you need to change it."
            )
        if (
            submission is not None
            and submission.content_hash == digest
            and submission.status != Status.ACCEPTED
        ):
            return submission, False
        created = submission is None
        before = {} if created else audit.snapshot(submission)
        if created:
            submission = Submission(organisation=organisation, kind=kind.slug, period=period)
        submission.columns = list(columns)
        submission.rows = [list(r) for r in table]
        submission.row_count = len(table)
        submission.content_hash = digest
        submission.filename = filename[:255]
        submission.source = source
        if submission.status != Status.RETURNED:
            submission.status = Status.DRAFT
        submission.updated_at = timezone.now()
        submission.updated_by = _person(actor)
        if not created:
            submission.version += 1
        submission.save()
        audit.record(
            actor=actor,
            action=f"returns.submission.{'created' if created else 'changed'}",
            obj=submission,
            before=before,
            note=f"Draft from {Source(source).label.lower()}" + (f" {filename}" if filename else ""),
        )
        _event(
            submission,
            actor,
            "draft-saved",
            f"{len(table):,} rows" + (f" from {filename}" if filename else ""),
        )
    return submission, True


def submission_plan(*, submission: Submission, actor: Any) -> Plan:
    """What accepting the submission would do to the picture now (re-checked against today's data)."""
    kind = kind_get(submission.kind)
    validated = rows_from_stored(kind, submission.columns, submission.rows)
    if validated.problems:
        return Plan(problems=validated.problems)
    context = Context(organisation=submission.organisation, period=submission.period, actor=actor)
    return return_plan(kind, context, validated.rows)


def submission_submit(*, actor: Any, submission: Submission, version: int | None = None) -> Submission:
    kind = kind_get(submission.kind)
    if not permissions.can_edit_organisation(actor, submission.organisation):
        raise WorkflowError(f"Only {submission.organisation.name}'s editors can submit its returns.")
    if submission.status not in (Status.DRAFT, Status.RETURNED):
        raise WorkflowError(
            f"This return is {submission.get_status_display().lower()}; only a draft can be submitted."
        )
    problems = context_problems(
        kind, organisation=submission.organisation, period=submission.period, actor=actor
    )
    problems = problems or submission_plan(submission=submission, actor=actor).problems
    if problems:
        raise WorkflowError("The return cannot be submitted until these problems are fixed.", problems)
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        _check_version(current, version, "This return")
        before = audit.snapshot(current)
        again = current.events.filter(action="returned").exists()
        current.status = Status.SUBMITTED
        current.submitted_at, current.submitted_by = timezone.now(), _person(actor)
        current.version += 1
        current.save()
        audit.record(actor=actor, action="returns.submission.submitted", obj=current, before=before)
        _event(current, actor, "resubmitted" if again else "submitted")
    analysts = User.objects.filter(is_active=True, global_role__in=["analyst", "admin"])
    notify(
        recipients=analysts,
        may_see=lambda person: permissions.can_view_organisation(person, current.organisation),
        key=f"returns.submitted.{current.public_id}.{current.version}",
        subject=f"{current.organisation.short_name} {'resubmitted' if again else 'submitted'} its "
        f"{kind.label.lower()} for {current.period.label}",
        body="It is ready for you to check and accept, or return with comments.",
        url=current.get_absolute_url(),
        email=False,
    )
    return current


def submission_accept(*, actor: Any, submission: Submission, version: int | None = None) -> Submission:
    """Accept a submitted return: its rows are applied to the picture in one transaction."""
    if not permissions.is_analyst(actor):
        raise WorkflowError("Only the portfolio team can accept returns.")
    if submission.status != Status.SUBMITTED:
        raise WorkflowError(
            f"This return is {submission.get_status_display().lower()}; only a submitted return can be accepted."
        )
    kind = kind_get(submission.kind)
    validated = rows_from_stored(kind, submission.columns, submission.rows)
    if validated.problems:
        raise WorkflowError("The stored return can no longer be read.", validated.problems)
    context = Context(organisation=submission.organisation, period=submission.period, actor=actor)
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        _check_version(current, version, "This return")
        plan = return_plan(kind, context, validated.rows)
        if plan.problems:
            raise WorkflowError(
                "The return no longer fits the picture (it changed since the return was submitted). "
                "Return it to the body with these problems.",
                plan.problems,
            )
        problems = return_apply(kind, context, plan)
        if problems:
            raise WorkflowError([p.message for p in problems], problems)
        before = audit.snapshot(current)
        current.status = Status.ACCEPTED
        current.decided_at, current.decided_by = timezone.now(), _person(actor)
        current.counts = plan.counts
        current.comments = ""
        current.version += 1
        current.save()
        audit.record(actor=actor, action="returns.submission.accepted", obj=current, before=before)
        _event(current, actor, "accepted", _counts_words(plan.counts))
    _tell_editors(
        current,
        key=f"returns.accepted.{current.public_id}.{current.version}",
        subject=f"Your {kind.label.lower()} for {current.period.label} was accepted",
        body="Thank you: it is now part of the picture.",
    )
    return current


def submission_return(
    *, actor: Any, submission: Submission, comments: str, version: int | None = None
) -> Submission:
    if not permissions.is_analyst(actor):
        raise WorkflowError("Only the portfolio team can return a submission.")
    comments = comments.strip()
    if not comments:
        raise WorkflowError("Say what the body needs to change: the comments go back with the return.")
    if submission.status != Status.SUBMITTED:
        raise WorkflowError(
            f"This return is {submission.get_status_display().lower()}; only a submitted return can be returned."
        )
    kind = kind_get(submission.kind)
    with transaction.atomic():
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        _check_version(current, version, "This return")
        before = audit.snapshot(current)
        current.status = Status.RETURNED
        current.comments = comments
        current.decided_at, current.decided_by = timezone.now(), _person(actor)
        current.version += 1
        current.save()
        audit.record(actor=actor, action="returns.submission.returned", obj=current, before=before)
        _event(current, actor, "returned", comments)
    _tell_editors(
        current,
        key=f"returns.returned.{current.public_id}.{current.version}",
        subject=f"Your {kind.label.lower()} for {current.period.label} needs changes",
        body=f"The portfolio team's comments:\n\n{comments}",
    )
    return current


def _counts_words(counts: dict[str, int]) -> str:
    return f"{counts['create']:,} created, {counts['change']:,} changed, {counts['unchanged']:,} unchanged"


def _editors(organisation: Organisation) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, memberships__organisation=organisation, memberships__role=MemberRole.EDITOR
        ).distinct()
    )


def _tell_editors(submission: Submission, *, key: str, subject: str, body: str) -> None:
    notify(
        recipients=_editors(submission.organisation),
        may_see=lambda person: permissions.can_view_organisation(person, submission.organisation),
        key=key,
        subject=subject,
        body=body,
        url=submission.get_absolute_url(),
    )


# --- reminders -----------------------------------------------------------------------------------


@dataclass
class ReminderResult:
    reminders: int = 0  # notifications created (one per person per reminder)
    bodies: int = 0


def reminders_send(*, today: datetime.date | None = None) -> ReminderResult:
    """Remind each expected body's editors of a return not yet submitted: on each of the
    configured days before it is due, and once when it becomes overdue. Run daily; running it
    twice on a day (or every hour) sends nothing new: each reminder has its own key."""
    today = today or timezone.localdate()
    result = ReminderResult()
    days_before = sorted(set(settings.PANORAMA_RETURNS_REMINDER_DAYS), reverse=True)
    windows = (
        ReturnWindow.objects.filter(status=WindowStatus.OPEN)
        .select_related("period")
        .prefetch_related("expected")
    )
    for window in windows:
        days_left = (window.due_on - today).days
        if days_left < 0:
            stage = "overdue"
        else:
            due_stages = [d for d in days_before if days_left <= d]
            if not due_stages:
                continue
            stage = f"due-{min(due_stages)}"  # the nearest stage reached (a missed day is caught up once)
        done = set(
            Submission.objects.filter(
                kind=window.kind, period=window.period, status__in=[Status.SUBMITTED, Status.ACCEPTED]
            ).values_list("organisation_id", flat=True)
        )
        try:
            kind = kind_get(window.kind)
        except LookupError:
            continue
        for organisation in window.expected.all():
            if organisation.pk in done:
                continue
            url = reverse(
                "returns:send",
                kwargs={
                    "kind": window.kind,
                    "organisation": organisation.slug,
                    "period": period_slug(window.period),
                },
            )
            due = window.due_on.strftime("%-d %B %Y")
            if stage == "overdue":
                subject = (
                    f"Overdue: {organisation.short_name}'s {kind.label.lower()} for {window.period.label}"
                )
                body = f"It was due on {due}. Please send it as soon as you can."
            else:
                subject = (
                    f"Due {due}: {organisation.short_name}'s {kind.label.lower()} for {window.period.label}"
                )
                body = f"Please send it by {due}. The template and guidance are on the return's page."
            created = notify(
                recipients=_editors(organisation),
                may_see=lambda person, organisation=organisation: permissions.can_view_organisation(
                    person, organisation
                ),
                key=f"returns.reminder.{window.public_id}.{organisation.pk}.{stage}",
                subject=subject,
                body=body,
                url=url,
            )
            if created:
                result.bodies += 1
                result.reminders += len(created)
    return result


def period_slug(period: Period) -> str:
    """'2025-26 Q3' → '2025-26-q3' for URLs."""
    return period.label.replace(" ", "-").lower()


def period_label_from_slug(slug: str) -> str:
    if "-q" in slug.lower():
        head, _, quarter = slug.lower().rpartition("-q")
        return f"{head} Q{quarter}"
    return slug


__all__ = [
    "Confirmed",
    "ReminderResult",
    "StaleEdit",
    "WorkflowError",
    "content_hash",
    "pending_confirm",
    "pending_create",
    "pending_rate_problem",
    "TooManyUploads",
    "period_label_from_slug",
    "period_slug",
    "reminders_send",
    "rows_from_stored",
    "submission_accept",
    "submission_plan",
    "submission_return",
    "submission_save_draft",
    "submission_submit",
    "window_create",
    "window_set_status",
    "window_update",
]
