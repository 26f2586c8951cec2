"""Reads for the returns app: who owes what, completeness at a glance, the overdue list, and the
access helpers that fetch a body's submissions, uploads and mappings for a person."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from panorama.accounts import permissions
from panorama.core.models import Period
from panorama.organisations.models import Organisation

from .kinds import ReturnKind
from .models import PendingUpload, ReturnWindow, SavedMapping, Status, Submission, WindowStatus
from .registry import UnknownKind, kind_get, kind_list

DONE = (Status.SUBMITTED, Status.ACCEPTED)


def kind_or_404(slug: str) -> ReturnKind:
    try:
        return kind_get(slug)
    except UnknownKind:
        raise Http404("No such return kind") from None


@dataclass
class ExpectedReturn:
    window: ReturnWindow
    organisation: Organisation
    submission: Submission | None
    today: datetime.date

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else Status.NOT_STARTED

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def overdue(self) -> bool:
        return self.today > self.window.due_on and self.status not in DONE

    @property
    def days_overdue(self) -> int:
        return max(0, (self.today - self.window.due_on).days)


@dataclass
class Completeness:
    expected: int
    started: int
    submitted: int  # submitted or accepted
    accepted: int
    overdue: int

    @property
    def submitted_percent(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 0

    @property
    def accepted_percent(self) -> int:
        return round(100 * self.accepted / self.expected) if self.expected else 0


def window_list(*, kind: str = "", status: str = "") -> QuerySet[ReturnWindow]:
    windows = ReturnWindow.objects.select_related("period").order_by("-period__start", "kind")
    if kind:
        windows = windows.filter(kind=kind)
    if status:
        windows = windows.filter(status=status)
    return windows


def window_get(*, public_id: Any) -> ReturnWindow:
    try:
        return ReturnWindow.objects.select_related("period").get(public_id=public_id)
    except (ReturnWindow.DoesNotExist, ValueError, TypeError):
        raise Http404("No such window") from None


def window_expected(*, window: ReturnWindow, today: datetime.date | None = None) -> list[ExpectedReturn]:
    today = today or timezone.localdate()
    submissions = {
        s.organisation_id: s
        for s in Submission.objects.filter(kind=window.kind, period=window.period).select_related(
            "organisation"
        )
    }
    return [
        ExpectedReturn(window, organisation, submissions.get(organisation.pk), today)
        for organisation in window.expected.order_by("name")
    ]


def completeness(expected: list[ExpectedReturn]) -> Completeness:
    return Completeness(
        expected=len(expected),
        started=sum(1 for e in expected if e.status != Status.NOT_STARTED),
        submitted=sum(1 for e in expected if e.status in DONE),
        accepted=sum(1 for e in expected if e.status == Status.ACCEPTED),
        overdue=sum(1 for e in expected if e.overdue),
    )


def windows_with_completeness(*, windows: QuerySet[ReturnWindow], today: datetime.date | None = None):
    """[(window, Completeness)] in three queries, whatever the number of windows."""
    today = today or timezone.localdate()
    windows = list(windows)
    # The bodies each window expects, as ids from the link table (not thousands of body instances).
    expected: dict[int, list[int]] = {w.pk: [] for w in windows}
    for window_id, organisation_id in ReturnWindow.expected.through.objects.filter(
        returnwindow_id__in=list(expected)
    ).values_list("returnwindow_id", "organisation_id"):
        expected[window_id].append(organisation_id)
    pairs = {(w.kind, w.period_id) for w in windows}
    statuses: dict[tuple[str, int], dict[int, str]] = {}
    if pairs:
        query = Q()
        for kind, period_id in pairs:
            query |= Q(kind=kind, period_id=period_id)
        for kind, period_id, organisation_id, status in Submission.objects.filter(query).values_list(
            "kind", "period_id", "organisation_id", "status"
        ):
            statuses.setdefault((kind, period_id), {})[organisation_id] = status
    result = []
    for window in windows:
        by_org = statuses.get((window.kind, window.period_id), {})
        states = [by_org.get(pk, Status.NOT_STARTED) for pk in expected[window.pk]]
        past_due = today > window.due_on
        result.append(
            (
                window,
                Completeness(
                    expected=len(states),
                    started=sum(1 for s in states if s != Status.NOT_STARTED),
                    submitted=sum(1 for s in states if s in DONE),
                    accepted=sum(1 for s in states if s == Status.ACCEPTED),
                    overdue=sum(1 for s in states if past_due and s not in DONE)
                    if window.is_open or past_due
                    else 0,
                ),
            )
        )
    return result


def overdue_list(*, today: datetime.date | None = None, kind: str = "") -> list[ExpectedReturn]:
    today = today or timezone.localdate()
    windows = ReturnWindow.objects.filter(status=WindowStatus.OPEN, due_on__lt=today).select_related("period")
    if kind:
        windows = windows.filter(kind=kind)
    overdue = []
    for window in windows.order_by("due_on", "kind"):
        overdue.extend(e for e in window_expected(window=window, today=today) if e.overdue)
    return overdue


def returns_for_person(*, user: Any, today: datetime.date | None = None) -> list[ExpectedReturn]:
    """The returns a body member's bodies owe or have sent: open windows expecting them, and any
    submissions of theirs in other windows."""
    today = today or timezone.localdate()
    visible = permissions.visible_organisation_ids(user)
    if visible is None or not visible:
        return []
    items: list[ExpectedReturn] = []
    seen = set()
    windows = (
        ReturnWindow.objects.filter(Q(expected__in=visible) | Q(status=WindowStatus.OPEN))
        .select_related("period")
        .distinct()
        .order_by("-period__start", "kind")
    )
    organisations = {o.pk: o for o in Organisation.objects.filter(pk__in=visible)}
    submissions = {
        (s.organisation_id, s.kind, s.period_id): s
        for s in Submission.objects.filter(organisation_id__in=visible).select_related("period")
    }
    windows = list(windows)
    # Which of these bodies each window expects, from the link table (not every body it expects).
    expects = set(
        ReturnWindow.expected.through.objects.filter(
            returnwindow_id__in=[w.pk for w in windows], organisation_id__in=list(organisations)
        ).values_list("returnwindow_id", "organisation_id")
    )
    for window in windows:
        for org_id, organisation in organisations.items():
            submission = submissions.get((org_id, window.kind, window.period_id))
            if (window.pk, org_id) in expects or submission is not None:
                seen.add((org_id, window.kind, window.period_id))
                items.append(ExpectedReturn(window, organisation, submission, today))
    return items


def submission_for_user(*, user: Any, public_id: Any, change: bool = False) -> tuple[Submission, bool]:
    """(submission, whether this person may edit it). 404 if they may not see the body's returns;
    403 if they may see but `change` was asked for and they may not."""
    try:
        submission = Submission.objects.select_related("organisation", "period").get(public_id=public_id)
    except (Submission.DoesNotExist, ValueError, TypeError):
        raise Http404("No such return") from None
    if not permissions.can_view_organisation(user, submission.organisation):
        raise Http404("No such return")
    can_edit = permissions.can_edit_organisation(user, submission.organisation)
    if change and not can_edit:
        raise PermissionDenied("returns.change")
    return submission, can_edit


def submission_find(*, organisation: Organisation, kind: str, period: Any) -> Submission | None:
    return Submission.objects.filter(organisation=organisation, kind=kind, period=period).first()


def pending_for_user(*, user: Any, public_id: Any) -> PendingUpload:
    """An upload awaiting confirmation is its uploader's alone (analysts may see any)."""
    try:
        pending = PendingUpload.objects.select_related("organisation", "period").get(public_id=public_id)
    except (PendingUpload.DoesNotExist, ValueError, TypeError):
        raise Http404("No such upload") from None
    if pending.created_by_id != getattr(user, "pk", None) and not permissions.reads_everything(user):
        raise Http404("No such upload")
    return pending


def organisation_for_sending(*, user: Any, slug: str) -> Organisation:
    """The body a return is being sent for: 404 if the person may not see it, 403 if they may
    see it but not send its returns."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not permissions.can_view_organisation(user, organisation):
        raise Http404("No such body")
    if not permissions.can_edit_organisation(user, organisation):
        raise PermissionDenied("returns.send")
    return organisation


def mapping_list(*, user: Any, kind: str = "") -> QuerySet[SavedMapping]:
    mappings = SavedMapping.objects.select_related("organisation")
    visible = permissions.visible_organisation_ids(user)
    if visible is not None:
        mappings = mappings.filter(Q(organisation__isnull=True) | Q(organisation_id__in=visible))
    if kind:
        mappings = mappings.filter(kind=kind)
    return mappings.order_by("kind", "name")


def mapping_for_user(*, user: Any, public_id: Any, change: bool = False) -> tuple[SavedMapping, bool]:
    try:
        mapping = SavedMapping.objects.select_related("organisation").get(public_id=public_id)
    except (SavedMapping.DoesNotExist, ValueError, TypeError):
        raise Http404("No such mapping") from None
    if mapping.organisation is not None and not permissions.can_view_organisation(user, mapping.organisation):
        raise Http404("No such mapping")
    if mapping.organisation is None:
        can_edit = permissions.is_analyst(user)
    else:
        can_edit = permissions.can_edit_organisation(user, mapping.organisation)
    if change and not can_edit:
        raise PermissionDenied("returns.change")
    return mapping, can_edit


# --- completeness by return kind and by body ----------------------------------------------------


class ReturnState(models.TextChoices):
    """Where one expected return stands. `overdue` wins over `started` and `not-started`: past its
    due date, a return that is not in is late whatever has been drafted."""

    ACCEPTED = "accepted", "Accepted"
    SUBMITTED = "submitted", "Submitted, awaiting review"
    STARTED = "started", "Started, not submitted"
    NOT_STARTED = "not-started", "Not started"
    OVERDUE = "overdue", "Overdue"


@dataclass(frozen=True)
class ExpectedCell:
    """One body's return of one kind for one period, as the window expects it."""

    window_id: int
    organisation_id: int
    state: ReturnState
    status: str  # the submission's own workflow status, or not-started
    due_on: datetime.date
    submission_id: Any  # the submission's public id, if there is one

    @property
    def label(self) -> str:
        if self.state == ReturnState.OVERDUE:
            return f"Overdue: {Status(self.status).label.lower()}"
        return ReturnState(self.state).label

    @property
    def submission_url(self) -> str:
        if self.submission_id is None:
            return ""
        return reverse("returns:submission", kwargs={"public_id": self.submission_id})


@dataclass
class Tally:
    """Counts over expected returns. `submitted` counts every return sent in (awaiting review or
    accepted), as the window pages do; `overdue` those past their due date and not sent in."""

    expected: int = 0
    submitted: int = 0
    accepted: int = 0
    overdue: int = 0

    def add(self, cell: ExpectedCell) -> None:
        self.count(cell.state)

    def count(self, state: ReturnState, n: int = 1) -> None:
        """Counts `n` expected returns in `state` (the totals need no cell for each)."""
        self.expected += n
        if state in (ReturnState.SUBMITTED, ReturnState.ACCEPTED):
            self.submitted += n
        if state == ReturnState.ACCEPTED:
            self.accepted += n
        if state == ReturnState.OVERDUE:
            self.overdue += n

    @property
    def awaiting_review(self) -> int:
        return self.submitted - self.accepted

    @property
    def accepted_percent(self) -> int:
        return round(100 * self.accepted / self.expected) if self.expected else 0


@dataclass
class KindTally(Tally):
    kind: str = ""
    label: str = ""


@dataclass
class BodyRow:
    organisation: Organisation
    cells: list[ExpectedCell | None]  # one per window of the matrix, None where not expected
    tally: Tally

    @property
    def missing_something(self) -> bool:
        return self.tally.accepted < self.tally.expected


@dataclass
class CompletenessMatrix:
    """Every expected (body, return kind, period) in the windows whose period lies within
    [start, end], with its state; totals by kind (`kinds`), by window and by body (`rows`)."""

    start: datetime.date
    end: datetime.date
    today: datetime.date
    windows: list[ReturnWindow]
    window_tallies: list[Tally]  # one per window, in the same order
    kinds: list[KindTally]
    rows: list[BodyRow]
    total: Tally

    def kind(self, slug: str) -> KindTally | None:
        return next((k for k in self.kinds if k.kind == slug), None)

    @property
    def bodies_all_accepted(self) -> set[int]:
        """Bodies with every return expected of them accepted."""
        return {r.organisation.pk for r in self.rows if r.tally.accepted == r.tally.expected}

    @property
    def bodies_any_accepted(self) -> set[int]:
        """Bodies with at least one return accepted."""
        return {r.organisation.pk for r in self.rows if r.tally.accepted}


def _windows(*, start: datetime.date, end: datetime.date) -> list[ReturnWindow]:
    """The windows whose period lies within [start, end]: the returns expected for it."""
    return list(
        ReturnWindow.objects.filter(period__start__gte=start, period__end__lte=end)
        .select_related("period")
        .order_by("period__start", "-period__end", "kind")
    )


def _expected(*, windows: list[ReturnWindow], organisations: set[int] | None) -> QuerySet:
    """The (window, body) pairs: one expected return each."""
    expected = ReturnWindow.expected.through.objects.filter(returnwindow_id__in=[w.pk for w in windows])
    if organisations is not None:
        expected = expected.filter(organisation_id__in=organisations)
    return expected


def _state(status: str, due_on: datetime.date, today: datetime.date) -> ReturnState:
    if status == Status.ACCEPTED:
        return ReturnState.ACCEPTED
    if status == Status.SUBMITTED:
        return ReturnState.SUBMITTED
    if today > due_on:
        return ReturnState.OVERDUE
    return ReturnState.NOT_STARTED if status == Status.NOT_STARTED else ReturnState.STARTED


def completeness_matrix(
    *,
    start: datetime.date,
    end: datetime.date,
    organisations: Iterable[int] | None = None,
    today: datetime.date | None = None,
) -> CompletenessMatrix:
    """Four queries whatever the number of bodies and windows: the windows, who each expects, the
    submissions for those kinds and periods, and the bodies. `organisations` (ids) limits the rows
    and every total to those bodies; None means every body."""
    today = today or timezone.localdate()
    windows = _windows(start=start, end=end)
    labels = {k.slug: k.label for k in kind_list()}
    only = None if organisations is None else set(organisations)
    expected = _expected(windows=windows, organisations=only)
    pairs = list(expected.values_list("returnwindow_id", "organisation_id"))
    submissions: dict[tuple[str, int, int], tuple[str, Any]] = {}
    if pairs:
        found = Submission.objects.filter(
            kind__in={w.kind for w in windows}, period_id__in={w.period_id for w in windows}
        )
        if only is not None:
            found = found.filter(organisation_id__in=only)
        for kind, period_id, organisation_id, status, public_id in found.values_list(
            "kind", "period_id", "organisation_id", "status", "public_id"
        ):
            submissions[(kind, period_id, organisation_id)] = (status, public_id)
    column = {w.pk: index for index, w in enumerate(windows)}
    by_id = {w.pk: w for w in windows}
    cells: dict[int, list[ExpectedCell | None]] = {}
    for window_id, organisation_id in pairs:
        window = by_id[window_id]
        status, public_id = submissions.get(
            (window.kind, window.period_id, organisation_id), (Status.NOT_STARTED, None)
        )
        row = cells.setdefault(organisation_id, [None] * len(windows))
        row[column[window_id]] = ExpectedCell(
            window_id=window_id,
            organisation_id=organisation_id,
            state=_state(status, window.due_on, today),
            status=status,
            due_on=window.due_on,
            submission_id=public_id,
        )
    bodies = Organisation.objects.filter(pk__in=expected.values("organisation_id"))
    window_tallies = [Tally() for _ in windows]
    kinds: dict[str, KindTally] = {}
    for window in windows:
        kinds.setdefault(window.kind, KindTally(kind=window.kind, label=labels.get(window.kind, window.kind)))
    total = Tally()
    rows = []
    for organisation in bodies.only("pk", "slug", "name", "short_name").order_by("name"):
        tally = Tally()
        for index, cell in enumerate(cells.get(organisation.pk, [])):
            if cell is None:
                continue
            tally.add(cell)
            window_tallies[index].add(cell)
            kinds[windows[index].kind].add(cell)
            total.add(cell)
        rows.append(BodyRow(organisation=organisation, cells=cells[organisation.pk], tally=tally))
    return CompletenessMatrix(
        start=start,
        end=end,
        today=today,
        windows=windows,
        window_tallies=window_tallies,
        kinds=sorted(kinds.values(), key=lambda k: k.label),
        rows=rows,
        total=total,
    )


@dataclass
class CompletenessTotals:
    """The completeness matrix's totals without its cells: by body (`bodies`, organisation id →
    Tally), by kind and overall. What headline figures need, in two queries and no object per
    expected return (at UK scale the matrix builds 2,000 cells and 1,000 bodies for a quarter)."""

    bodies: dict[int, Tally]
    kinds: list[KindTally]
    total: Tally


def completeness_totals(
    *, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> CompletenessTotals:
    """The totals `completeness_matrix` gives for every body, counted the same way (the same
    windows, the same expected pairs, each return judged by `_state`), from one set-based query:
    each expected pair with the status of its submission, if any."""
    today = today or timezone.localdate()
    windows = _windows(start=start, end=end)
    by_id = {w.pk: w for w in windows}
    labels = {k.slug: k.label for k in kind_list()}
    status = Submission.objects.filter(
        kind=OuterRef("returnwindow__kind"),
        period_id=OuterRef("returnwindow__period_id"),
        organisation_id=OuterRef("organisation_id"),
    ).values("status")[:1]
    pairs = (
        _expected(windows=windows, organisations=None)
        .annotate(status=Subquery(status))
        .values_list("returnwindow_id", "organisation_id", "status")
        .order_by()
    )
    kinds: dict[str, KindTally] = {}
    for window in windows:
        kinds.setdefault(window.kind, KindTally(kind=window.kind, label=labels.get(window.kind, window.kind)))
    # Count each (window, body, status) once, then judge each window's few statuses once.
    by_window: dict[tuple[int, str], list[int]] = {}
    for window_id, organisation_id, found in pairs:
        by_window.setdefault((window_id, found or Status.NOT_STARTED), []).append(organisation_id)
    bodies: dict[int, Tally] = {}
    total = Tally()
    for (window_id, found), organisation_ids in by_window.items():
        window = by_id[window_id]
        state = _state(found, window.due_on, today)
        kinds[window.kind].count(state, len(organisation_ids))
        total.count(state, len(organisation_ids))
        for organisation_id in organisation_ids:
            tally = bodies.get(organisation_id)
            if tally is None:
                tally = bodies[organisation_id] = Tally()
            tally.count(state)
    return CompletenessTotals(bodies=bodies, kinds=sorted(kinds.values(), key=lambda k: k.label), total=total)


def completeness_periods() -> QuerySet[Period]:
    """The periods that have return windows, latest first (a quarter before the year it ends)."""
    return Period.objects.filter(return_windows__isnull=False).distinct().order_by("-start", "end")
