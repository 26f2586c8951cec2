"""Demo returns: windows for the last two completed quarters (the earlier one closed and complete,
the latest open with a realistic spread of drafts, submissions, acceptances, one returned with
comments, and bodies overdue), last year's and this year's windows for the yearly returns (finance,
workforce), and the shipped mapping for Canada's IT projects saved in the app. The finance, skills
and services demos record, through `returns_record`, the returns their figures came from, so that
every figure in the demo has an accepted return behind it and every body missing a return has no
figures for it. Every window and submission is illustrative.
Idempotent: a second run adds nothing. `uk` scale adds windows expecting every synthetic body.
"""

import datetime
import random
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from panorama.accounts.models import GlobalRole, Membership, User
from panorama.core.demo_clock import demo_today
from panorama.core.models import Period
from panorama.core.periods import financial_year_of, label_for, period_for_date, period_from_label
from panorama.organisations.models import Organisation

from .imports import rows_as_table
from .mappings import mapping_load
from .models import ReturnWindow, SavedMapping, Source, Status, Submission, SubmissionEvent, WindowStatus
from .registry import kinds
from .workflow import content_hash

CANADA_MAPPING = Path(__file__).parent / "data" / "mappings" / "gc-it-projects.toml"
DEMO_BODY = "SSS"  # the demo editor's body: its latest progress return is left for them to send


def _last_quarters(today: datetime.date) -> tuple[Period, Period]:
    latest = period_for_date(period_for_date(today).start - datetime.timedelta(days=1))
    previous = period_for_date(latest.start - datetime.timedelta(days=1))
    return latest, previous


def _due(period: Period) -> datetime.date:
    return period.end + datetime.timedelta(days=31)


def _progress_rows(organisation: Organisation, period: Period) -> tuple[list[str], list[list[str]]]:
    """The body's progress updates for the period as a stored return (as if it had sent them)."""
    from panorama.programmes.models import ProgressUpdate

    kind = kinds()["progress"]
    rows = []
    updates = ProgressUpdate.objects.filter(
        programme__organisation=organisation, period=period
    ).select_related("programme")
    for number, update in enumerate(updates.order_by("programme__title"), start=2):
        rows.append(
            {
                "_row": number,
                "programme_ref": update.programme.external_ref or update.programme.title,
                "confidence": update.confidence,
                "confidence_reason": update.confidence_reason or None,
                "phase": update.phase or None,
                "narrative": update.narrative or None,
                "milestones_met": update.milestones_met,
                "milestones_missed": update.milestones_missed,
                "top_risks": update.top_risks or None,
                "wlc_forecast": update.wlc_forecast,
                "end_forecast": update.end_forecast,
            }
        )
    return [c.name for c in kind.columns], rows_as_table(kind, rows)


def _window(kind: str, period: Period, *, status: str, expected, analyst, stdout) -> ReturnWindow:
    window, created = ReturnWindow.objects.get_or_create(
        kind=kind,
        period=period,
        defaults={
            "due_on": _due(period),
            "status": status,
            "opened_by": analyst,
            "opened_at": timezone.make_aware(datetime.datetime.combine(period.end, datetime.time(9))),
            "closed_by": analyst if status == WindowStatus.CLOSED else None,
            "closed_at": timezone.now() if status == WindowStatus.CLOSED else None,
            "illustrative": True,
            "note": "Illustrative: a window opened for the demonstration.",
        },
    )
    if created:
        window.expected.set(list(expected))
    return window


def _submission(window: ReturnWindow, organisation: Organisation, status: str, *, editor, analyst) -> None:
    columns, table = _progress_rows(organisation, window.period) if window.kind == "progress" else ([], [])
    if window.kind == "progress" and not table:
        return
    _record(window.kind, window.period, window.due_on, organisation, status, columns, table, editor, analyst)


def _record(
    kind: str, period: Period, due_on: datetime.date, organisation, status, columns, table, editor, analyst
) -> None:
    """One body's return as the workflow would have left it: sent a few days before the due date
    (or a fortnight ago, for a window still open), and its events; an existing one is left alone."""
    if Submission.objects.filter(organisation=organisation, kind=kind, period=period).exists():
        return
    sent = timezone.make_aware(
        datetime.datetime.combine(
            min(due_on - datetime.timedelta(days=6), demo_today() - datetime.timedelta(days=14)),
            datetime.time(11),
        )
    )
    submission = Submission(
        organisation=organisation,
        kind=kind,
        period=period,
        status=status,
        columns=columns,
        rows=table,
        row_count=len(table),
        content_hash=content_hash(columns, table) if table else "",
        filename=f"{organisation.slug}-{kind}-{period.label.replace(' ', '-').lower()}.xlsx",
        source=Source.UPLOAD,
        created_at=sent,
        updated_at=sent,
        updated_by=editor,
        illustrative=True,
    )
    events = [("draft-saved", sent, editor, f"{len(table)} rows from {submission.filename}")]
    if status in (Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED):
        submission.submitted_at, submission.submitted_by = sent + datetime.timedelta(hours=2), editor
        events.append(("submitted", submission.submitted_at, editor, ""))
    if status == Status.ACCEPTED:
        submission.decided_at, submission.decided_by = sent + datetime.timedelta(days=2), analyst
        submission.counts = {"create": len(table), "change": 0, "unchanged": 0}
        events.append(
            ("accepted", submission.decided_at, analyst, f"{len(table)} created, 0 changed, 0 unchanged")
        )
    if status == Status.RETURNED:
        submission.decided_at, submission.decided_by = sent + datetime.timedelta(days=1), analyst
        submission.comments = (
            "Two programmes are rated amber-red with no narrative: please say what has slipped and what "
            "you are doing about it, and resubmit."
        )
        events.append(("returned", submission.decided_at, analyst, submission.comments))
    submission.save()
    SubmissionEvent.objects.bulk_create(
        SubmissionEvent(submission=submission, action=action, at=at, actor=actor, comment=comment)
        for action, at, actor, comment in events
    )


def returns_record(*, kind: str, period: Period, sent: dict[Organisation, tuple[str, list[dict]]]) -> int:
    """For the other apps' demos, which make the figures a return would have brought: each body's
    return of `kind` for `period` with its status and its rows (typed, as the kind's columns read
    them), accepted by an analyst where the status says so. Bodies that already have one are left
    alone. Returns how many bodies were given one."""
    returned_kind = kinds().get(kind)
    if returned_kind is None or not sent:
        return 0
    window = ReturnWindow.objects.filter(kind=kind, period=period).first()
    due_on = window.due_on if window else _due(period)
    analyst = User.objects.filter(global_role=GlobalRole.ANALYST).order_by("pk").first()
    done = set(
        Submission.objects.filter(kind=kind, period=period, organisation__in=list(sent)).values_list(
            "organisation_id", flat=True
        )
    )
    editors: dict[int, User] = {}
    for membership in Membership.objects.filter(organisation__in=list(sent), role="editor").select_related(
        "person"
    ):
        editors.setdefault(membership.organisation_id, membership.person)
    columns = [c.name for c in returned_kind.columns]
    made = 0
    for organisation, (status, rows) in sent.items():
        if organisation.pk in done:
            continue
        table = rows_as_table(returned_kind, [{"_row": n, **row} for n, row in enumerate(rows, start=2)])
        _record(
            kind, period, due_on, organisation, status, columns, table, editors.get(organisation.pk), analyst
        )
        made += 1
    return made


def window_open(*, kind: str, period: Period, expected) -> ReturnWindow:
    """An illustrative open window for the other apps' demos (the services demo expects only the
    bodies that run services); an existing window is left as it is."""
    analyst = User.objects.filter(global_role=GlobalRole.ANALYST).order_by("pk").first()
    return _window(kind, period, status=WindowStatus.OPEN, expected=expected, analyst=analyst, stdout=None)


def load(*, scale: str, stdout) -> None:
    registered = kinds()
    if "progress" not in registered:
        stdout.write("  returns: the progress return is not registered; nothing to do")
        return
    from panorama.programmes.models import Programme

    analyst = User.objects.filter(global_role=GlobalRole.ANALYST).order_by("pk").first()
    owners = Organisation.objects.filter(pk__in=Programme.objects.values("organisation")).order_by("name")
    if not owners.exists():
        stdout.write("  returns: no programmes yet, nothing to do")
        return
    today = demo_today()
    latest, previous = _last_quarters(today)
    rng = random.Random(4)  # the same spread on every machine
    with transaction.atomic():
        before = (ReturnWindow.objects.count(), Submission.objects.count())
        earlier = _window(
            "progress", previous, status=WindowStatus.CLOSED, expected=owners, analyst=analyst, stdout=stdout
        )
        current = _window(
            "progress", latest, status=WindowStatus.OPEN, expected=owners, analyst=analyst, stdout=stdout
        )
        for organisation in owners:
            editor = User.objects.filter(
                memberships__organisation=organisation, memberships__role="editor"
            ).first()
            _submission(earlier, organisation, Status.ACCEPTED, editor=editor, analyst=analyst)
            if organisation.short_name == DEMO_BODY:
                continue  # left for the demo editor to send (it shows as overdue once the due date passes)
            roll = rng.random()
            if _due(latest) < today:
                # Past its due date: the window is nearly complete, a few bodies late or missing
                # (named on the completeness page), one return sent back for more detail.
                status = (
                    Status.ACCEPTED
                    if roll < 0.93
                    else Status.SUBMITTED
                    if roll < 0.95
                    else Status.DRAFT
                    if roll < 0.97
                    else None
                )
            else:
                status = (
                    None
                    if roll >= 0.8
                    else Status.DRAFT
                    if roll >= 0.7
                    else Status.SUBMITTED
                    if roll >= 0.55
                    else Status.ACCEPTED
                )
            if status is not None:
                _submission(current, organisation, status, editor=editor, analyst=analyst)
        # One submitted return goes back with comments, so that state is in the picture too.
        returned_to = (
            Submission.objects.filter(kind="progress", period=latest, status=Status.SUBMITTED)
            .order_by("pk")
            .first()
        )
        if (
            returned_to is not None
            and not Submission.objects.filter(kind="progress", period=latest, status=Status.RETURNED).exists()
        ):
            returned_to.delete()
            _submission(
                current,
                returned_to.organisation,
                Status.RETURNED,
                editor=returned_to.updated_by,
                analyst=analyst,
            )
        _unreported(latest, owners)
        # The yearly returns: last year's (past due: most bodies' accepted by the time their
        # figures were loaded, a few still missing) and this year's, due after the year ends. Every
        # public body owes them. The finance and skills demos record the bodies' returns along with
        # the figures they brought; the services demo opens its own quarterly window for the bodies
        # that run services.
        this_year = financial_year_of(today)
        public = Organisation.objects.filter(active=True, illustrative=False).exclude(
            sector__in=["industry", "third sector"]
        )
        for slug, kind in registered.items():
            if not kind.needs_organisation or kind.period_kind != "year":
                continue
            for year in (this_year - 1, this_year):
                period = period_from_label(label_for(year))
                _window(
                    slug, period, status=WindowStatus.OPEN, expected=public, analyst=analyst, stdout=stdout
                )
        if not SavedMapping.objects.filter(
            name="Government of Canada IT projects", kind="programmes"
        ).exists():
            mapping = mapping_load(CANADA_MAPPING, kind=registered.get("programmes"))
            SavedMapping.objects.create(
                name=mapping.name,
                kind=mapping.kind,
                organisation=None,
                definition=mapping.as_dict(),
                created_by=analyst,
            )
        if scale == "uk":
            _uk(latest, analyst)
        after = (ReturnWindow.objects.count(), Submission.objects.count())
    stdout.write(
        f"  returns: {after[0] - before[0]} windows and {after[1] - before[1]} submissions created "
        f"({after[0]} windows, {after[1]} submissions in all)"
    )


def _unreported(period: Period, owners) -> None:
    """A progress update reaches the register when its return is accepted: bodies whose return for
    the period is late, missing or sent back show their programmes as of the quarter before."""
    from panorama.programmes.models import Phase, Programme

    accepted = Submission.objects.filter(kind="progress", period=period, status=Status.ACCEPTED)
    late = owners.exclude(pk__in=accepted.values("organisation_id"))
    programmes = Programme.objects.filter(organisation__in=late).exclude(
        phase__in=[Phase.RETIRED, Phase.STOPPED]
    )
    for programme in programmes.filter(updates__period=period).distinct():
        programme.updates.filter(period=period).delete()
        previous = programme.updates.select_related("period").order_by("-period__start").first()
        if previous is None:
            continue
        programme.confidence = previous.confidence
        programme.confidence_reason = previous.confidence_reason
        programme.wlc_forecast = previous.wlc_forecast
        programme.end_forecast = previous.end_forecast
        programme.last_update = previous.period.end
        programme.save(
            update_fields=["confidence", "confidence_reason", "wlc_forecast", "end_forecast", "last_update"]
        )


def _uk(latest: Period, analyst) -> None:
    """At UK scale every public body owes the progress return: the window's completeness and the
    overdue list then run over hundreds of bodies."""
    window = ReturnWindow.objects.get(kind="progress", period=latest)
    public = Organisation.objects.exclude(sector__in=["industry", "third sector"]).values_list(
        "pk", flat=True
    )
    missing = set(public) - set(window.expected.values_list("pk", flat=True))
    if missing:
        window.expected.add(*missing)
