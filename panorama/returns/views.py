"""Returns pages: templates to download, sending a return (upload or web form → problems or a
preview → confirm → draft → submit), the analysts' windows, completeness and overdue lists,
accepting or returning submissions, and saved mappings."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from panorama.accounts import permissions
from panorama.accounts.permissions import require
from panorama.core import audit, jobs
from panorama.core.exports import csv_response, xlsx_response
from panorama.core.pagination import paginate
from panorama.core.periods import label_for, parse_label, period_from_label, span

from . import selectors, tasks, template_files, workflow
from .forms import (
    CommentsForm,
    MappingForm,
    UploadForm,
    VersionForm,
    WindowFilterForm,
    WindowForm,
    row_formset,
)
from .imports import rows_as_table, rows_from_file, rows_from_table
from .kinds import Context, Problem, ReturnKind
from .mappings import MappingError, mapping_from_dict
from .models import ReturnWindow, SavedMapping, Source, Status, WindowStatus
from .reading import too_big
from .registry import kind_get, kind_list
from .services import mapping_delete, mapping_save

PREVIEW_ROWS = 200
SHOWN_PROBLEMS = 500


def _kind(slug: str) -> ReturnKind:
    return selectors.kind_or_404(slug)


def _history(request: HttpRequest, obj) -> dict:
    if permissions.has(request.user, "core.view_audit"):
        return {"show_history": True, "history": audit.history(obj)[:50]}
    return {}


# --- templates (public) --------------------------------------------------------------------------


@require("core.public")
def kind_index(request: HttpRequest) -> HttpResponse:
    return render(request, "returns/kinds.html", {"kinds": kind_list()})


@require("core.public")
def kind_detail(request: HttpRequest, kind: str) -> HttpResponse:
    found = _kind(kind)
    return render(
        request,
        "returns/kind.html",
        {
            "kind": found,
            "columns": [
                (c, template_files.type_words(c, allow_negative_money=found.allow_negative_money))
                for c in found.columns
            ],
        },
    )


@require("core.public")
def kind_template(request: HttpRequest, kind: str, format: str) -> HttpResponse:
    found = _kind(kind)
    if format == "xlsx":
        response = HttpResponse(template_files.xlsx_template(found), content_type=template_files.XLSX_TYPE)
    elif format == "csv":
        response = HttpResponse(
            "\ufeff" + template_files.csv_template(found), content_type="text/csv; charset=utf-8"
        )
    elif format == "json":
        response = HttpResponse(template_files.schema_json(found), content_type="application/json")
        response["Content-Disposition"] = f'inline; filename="panorama-{found.slug}-schema.json"'
        return response
    else:
        raise Http404("No such format")
    response["Content-Disposition"] = (
        f'attachment; filename="{template_files.template_filename(found, format)}"'
    )
    return response


# --- a person's returns --------------------------------------------------------------------------


@require("core.signed_in")
def index(request: HttpRequest) -> HttpResponse:
    context: dict = {"kinds": kind_list(), "today": timezone.localdate()}
    if permissions.reads_everything(request.user):
        windows = selectors.window_list(status=WindowStatus.OPEN)
        context["windows"] = selectors.windows_with_completeness(windows=windows)
        # Every open window's overdue returns: those of the windows just counted.
        context["overdue_count"] = sum(done.overdue for _, done in context["windows"])
        context["is_analyst"] = permissions.is_analyst(request.user)
        context["import_kinds"] = [k for k in kind_list() if not k.needs_organisation]
    else:
        context["items"] = selectors.returns_for_person(user=request.user)
        context["editable"] = permissions.editable_organisation_ids(request.user) or set()
    return render(request, "returns/index.html", context)


# --- windows (analysts) --------------------------------------------------------------------------


@require("returns.view_all")
def window_list(request: HttpRequest) -> HttpResponse:
    form = WindowFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    windows = selectors.window_list(kind=filters.get("kind", ""), status=filters.get("status", ""))
    rows = selectors.windows_with_completeness(windows=windows)
    if request.GET.get("format") == "csv":
        return csv_response(
            "return-windows.csv",
            ["kind", "period", "due_on", "status", "expected", "started", "submitted", "accepted", "overdue"],
            (
                [
                    w.kind,
                    w.period.label,
                    w.due_on,
                    w.status,
                    c.expected,
                    c.started,
                    c.submitted,
                    c.accepted,
                    c.overdue,
                ]
                for w, c in rows
            ),
        )
    return render(
        request,
        "returns/windows.html",
        {
            "form": form,
            "page": paginate(request, rows, 50),
            "labels": {k.slug: k.label for k in kind_list()},
            "can_manage": permissions.is_analyst(request.user),
        },
    )


@require("returns.manage")
def window_create(request: HttpRequest) -> HttpResponse:
    form = WindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            window = workflow.window_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                period=period_from_label(form.cleaned_data["period"]),
                due_on=form.cleaned_data["due_on"],
                expected=form.expected_bodies(),
                note=form.cleaned_data["note"],
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request,
                f"Opened the {window.period.label} window: {window.expected.count()} bodies expected.",
            )
            return redirect(window)
    return render(request, "returns/window_form.html", {"form": form, "window": None})


@require("returns.view_all")
def window_detail(request: HttpRequest, public_id) -> HttpResponse:
    window = selectors.window_get(public_id=public_id)
    expected = selectors.window_expected(window=window)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"{window.kind}-{workflow.period_slug(window.period)}-completeness.csv",
            ["body", "short_name", "status", "overdue", "days_overdue", "submitted_at", "decided_at"],
            (
                [
                    e.organisation.name,
                    e.organisation.short_name,
                    e.status,
                    e.overdue,
                    e.days_overdue,
                    e.submission.submitted_at if e.submission else "",
                    e.submission.decided_at if e.submission else "",
                ]
                for e in expected
            ),
        )
    kind = kind_get(window.kind)
    status_filter = request.GET.get("status", "")
    shown = [
        e
        for e in expected
        if not status_filter or e.status == status_filter or (status_filter == "overdue" and e.overdue)
    ]
    context = {
        "window": window,
        "kind": kind,
        "expected": shown,
        "status_filter": status_filter,
        "statuses": Status.choices,
        "summary": selectors.completeness(expected),
        "can_manage": permissions.is_analyst(request.user),
        "period_slug": workflow.period_slug(window.period),
        **_history(request, window),
    }
    return render(request, "returns/window.html", context)


@require("returns.manage")
def window_edit(request: HttpRequest, public_id) -> HttpResponse:
    window = selectors.window_get(public_id=public_id)
    initial = {
        "due_on": window.due_on,
        "note": window.note,
        "version": window.version,
        "organisations": list(window.expected.all()),
    }
    form = WindowForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.window_update(
                actor=request.user,
                window=window,
                version=form.cleaned_data["version"],
                due_on=form.cleaned_data["due_on"],
                expected=form.expected_bodies(),
                note=form.cleaned_data["note"],
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, "Saved the window.")
            return redirect(window)
    return render(request, "returns/window_form.html", {"form": form, "window": window})


@require("returns.manage")
@require_POST
def window_close(request: HttpRequest, public_id) -> HttpResponse:
    window = selectors.window_get(public_id=public_id)
    workflow.window_set_status(actor=request.user, window=window, status=WindowStatus.CLOSED)
    messages.success(request, f"Closed the {window.period.label} window: no more returns can be sent for it.")
    return redirect(window)


@require("returns.manage")
@require_POST
def window_reopen(request: HttpRequest, public_id) -> HttpResponse:
    window = selectors.window_get(public_id=public_id)
    workflow.window_set_status(actor=request.user, window=window, status=WindowStatus.OPEN)
    messages.success(request, f"Reopened the {window.period.label} window.")
    return redirect(window)


@require("returns.view_all")
def overdue(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    items = selectors.overdue_list(kind=kind if kind in {k.slug for k in kind_list()} else "")
    labels = {k.slug: k.label for k in kind_list()}
    if request.GET.get("format") == "csv":
        return csv_response(
            "overdue-returns.csv",
            ["body", "short_name", "return", "period", "due_on", "days_overdue", "status"],
            (
                [
                    e.organisation.name,
                    e.organisation.short_name,
                    e.window.kind,
                    e.window.period.label,
                    e.window.due_on,
                    e.days_overdue,
                    e.status,
                ]
                for e in items
            ),
        )
    return render(
        request,
        "returns/overdue.html",
        {"page": paginate(request, items, 100), "labels": labels, "kinds": kind_list(), "kind": kind},
    )


def _completeness_for(request: HttpRequest) -> tuple[str, list, selectors.CompletenessMatrix | None]:
    """(the period's label, the periods with windows, the matrix) for ?period=, defaulting to the
    latest period with windows; 404 for a label that is not a period."""
    periods = list(selectors.completeness_periods())
    label = request.GET.get("period", "").strip() or (periods[0].label if periods else "")
    if not label:
        return "", periods, None
    try:
        year, quarter = parse_label(label)
    except ValueError:
        raise Http404("No such period") from None
    label, (start, end) = label_for(year, quarter), span(year, quarter)
    matrix = selectors.completeness_matrix(
        start=start, end=end, organisations=permissions.visible_organisation_ids(request.user)
    )
    return label, periods, matrix


@require("returns.view_completeness")
def completeness(request: HttpRequest) -> HttpResponse:
    label, periods, matrix = _completeness_for(request)
    only_missing = request.GET.get("missing") == "1"
    rows = [] if matrix is None else [r for r in matrix.rows if r.missing_something or not only_missing]
    labels = {k.slug: k.label for k in kind_list()}
    if request.GET.get("format") == "csv" and matrix is not None:
        return csv_response(
            f"returns-completeness-{label.replace(' ', '-').lower()}.csv",
            ["body", "short_name", "return", "period", "due_on", "state", "status", "submission"],
            (
                [
                    row.organisation.name,
                    row.organisation.short_name,
                    window.kind,
                    window.period.label,
                    window.due_on,
                    cell.state,
                    cell.status,
                    request.build_absolute_uri(cell.submission_url) if cell.submission_url else "",
                ]
                for row in rows
                for window, cell in zip(matrix.windows, row.cells, strict=True)
                if cell is not None
            ),
        )
    return render(
        request,
        "returns/completeness.html",
        {
            "label": label,
            "periods": periods,
            "matrix": matrix,
            "rows": rows,
            "page": paginate(request, rows, 200),  # thousands of bodies at UK scale
            "only_missing": only_missing,
            "all_bodies": permissions.reads_everything(request.user),
            "columns": []
            if matrix is None
            else [
                {"window": w, "label": labels.get(w.kind, w.kind), "tally": t}
                for w, t in zip(matrix.windows, matrix.window_tallies, strict=True)
            ],
        },
    )


# --- sending a return ----------------------------------------------------------------------------


def _period_or_404(slug: str):
    label = workflow.period_label_from_slug(slug)
    try:
        parse_label(label)
    except ValueError:
        raise Http404("No such period") from None
    return period_from_label(label)


def _sending(request: HttpRequest, kind: str, organisation: str, period: str):
    found = _kind(kind)
    if not found.needs_organisation or found.period_kind is None:
        raise Http404("This return is not sent by a body for a period")
    org = selectors.organisation_for_sending(user=request.user, slug=organisation)
    return found, org, _period_or_404(period)


def _upload_context(request, kind, organisation, period):
    submission = selectors.submission_find(organisation=organisation, kind=kind.slug, period=period)
    window = ReturnWindow.objects.filter(kind=kind.slug, period=period).first()
    return {
        "kind": kind,
        "organisation": organisation,
        "period": period,
        "submission": submission,
        "window": window,
        "period_slug": workflow.period_slug(period) if period else "",
    }


def _mappings_for(request, kind: ReturnKind, organisation):
    mappings = selectors.mapping_list(user=request.user, kind=kind.slug)
    if organisation is not None:
        mappings = mappings.filter(organisation__isnull=True) | mappings.filter(organisation=organisation)
    return mappings


def _handle_upload(request, kind: ReturnKind, organisation, period, form: UploadForm) -> HttpResponse | None:
    if not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    saved = form.cleaned_data.get("mapping")
    mapping = None
    if saved is not None:
        try:
            mapping = mapping_from_dict(saved.definition, kind=kind)
        except MappingError as exc:
            form.add_error("mapping", " ".join(exc.problems))
            return None
    if problem := workflow.pending_rate_problem(actor=request.user):
        form.add_error("file", problem)
        return None
    if upload.size > settings.PANORAMA_RETURNS_MAX_BYTES:
        # Never read a file over the limit into memory.
        problems = [too_big(upload.size)]
        pending = workflow.pending_create(
            actor=request.user,
            kind=kind,
            organisation=organisation,
            period=period,
            filename=upload.name,
            source=Source.UPLOAD,
            rows=[],
            problems=[Problem(p) for p in problems],
            notes=[],
        )
        return redirect("returns:upload", public_id=pending.public_id)
    data = upload.read()
    validated = rows_from_file(
        kind,
        data,
        upload.name,
        mapping=mapping,
        unit=form.cleaned_data.get("unit") or None,
        reading=form.reading(),
    )
    pending = workflow.pending_create(
        actor=request.user,
        kind=kind,
        organisation=organisation,
        period=period,
        filename=upload.name,
        source=Source.UPLOAD,
        rows=validated.rows,
        problems=validated.problems,
        notes=validated.notes,
        problem_count=validated.problem_count,
        warnings=validated.warnings,
        options=mapping.options if mapping is not None else None,
    )
    return redirect("returns:upload", public_id=pending.public_id)


@require("core.signed_in")
def send(request: HttpRequest, kind: str, organisation: str, period: str) -> HttpResponse:
    found, org, per = _sending(request, kind, organisation, period)
    form = UploadForm(
        request.POST or None, request.FILES or None, mappings=_mappings_for(request, found, org)
    )
    if request.method == "POST":
        response = _handle_upload(request, found, org, per, form)
        if response is not None:
            return response
    context = _upload_context(request, found, org, per)
    context["form"] = form
    return render(request, "returns/send.html", context)


@require("core.signed_in")
def send_template(request: HttpRequest, kind: str, organisation: str, period: str) -> HttpResponse:
    """The body's own XLSX template for this period: its current draft's rows if it has one, else
    the rows the kind suggests (e.g. one per programme), under the usual header and rules."""
    found, org, per = _sending(request, kind, organisation, period)
    submission = selectors.submission_find(organisation=org, kind=found.slug, period=per)
    rows: list[dict] = []
    if submission is not None and submission.rows:
        names = [c.name for c in found.columns]
        positions = {name: i + 1 for i, name in enumerate(submission.columns)}
        rows = [{n: row[positions[n]] for n in names if n in positions} for row in submission.rows]
    elif found.prefill is not None:
        rows = list(found.prefill(Context(organisation=org, period=per, actor=request.user)))
    content = template_files.xlsx_template(found, for_whom=f"For {org.name}, {per.label}.", rows=rows)
    response = HttpResponse(content, content_type=template_files.XLSX_TYPE)
    filename = f"{org.slug}-{found.slug}-{workflow.period_slug(per)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require("returns.manage")
def national_import(request: HttpRequest, kind: str) -> HttpResponse:
    found = _kind(kind)
    if found.needs_organisation:
        raise Http404("This return is sent by each body")
    form = UploadForm(
        request.POST or None, request.FILES or None, mappings=_mappings_for(request, found, None)
    )
    if request.method == "POST":
        response = _handle_upload(request, found, None, None, form)
        if response is not None:
            return response
    return render(request, "returns/send.html", {"kind": found, "form": form, "national": True})


@require("core.signed_in")
def form_entry(request: HttpRequest, kind: str, organisation: str, period: str) -> HttpResponse:
    found, org, per = _sending(request, kind, organisation, period)
    submission = selectors.submission_find(organisation=org, kind=found.slug, period=per)
    initial = None
    if submission is not None and submission.rows:
        validated = workflow.rows_from_stored(found, submission.columns, submission.rows)
        initial = [
            dict(zip([c.name for c in found.columns], row[1:], strict=False))
            for row in rows_as_table(found, validated.rows)
        ]
    extra = 3
    if request.method == "POST" and "add_rows" in request.POST:
        extra = 0
    formset = row_formset(found, data=request.POST or None, initial=initial, extra=extra)
    problems = []
    if request.method == "POST" and formset.is_valid():
        entered = [
            f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("delete")
        ]
        entered = [row for row in entered if any(row.get(c.name) for c in found.columns)]
        if "add_rows" in request.POST:
            data = request.POST.copy()
            data["rows-TOTAL_FORMS"] = str(int(data.get("rows-TOTAL_FORMS", 0)) + 5)
            formset = row_formset(found, data=data, extra=0)
            formset.errors  # noqa: B018 - bind the extra blank forms
            return render(
                request,
                "returns/form_entry.html",
                {**_upload_context(request, found, org, per), "formset": formset, "problems": []},
            )
        if not entered:
            problems = ["Fill in at least one row."]
        elif rate_problem := workflow.pending_rate_problem(actor=request.user):
            problems = [rate_problem]
        else:
            validated = rows_from_table(
                found, [[row.get(c.name) or "" for c in found.columns] for row in entered]
            )
            pending = workflow.pending_create(
                actor=request.user,
                kind=found,
                organisation=org,
                period=per,
                filename="",
                source=Source.FORM,
                rows=validated.rows,
                problems=validated.problems,
                notes=[],
                problem_count=validated.problem_count,
            )
            return redirect("returns:upload", public_id=pending.public_id)
    context = {**_upload_context(request, found, org, per), "formset": formset, "problems": problems}
    return render(request, "returns/form_entry.html", context)


@require("core.signed_in")
def upload_detail(request: HttpRequest, public_id) -> HttpResponse:
    pending = selectors.pending_for_user(user=request.user, public_id=public_id)
    kind = kind_get(pending.kind)
    problems = workflow.problems_from_json(pending.problems)
    actions = pending.actions
    counts = {"create": 0, "change": 0, "unchanged": 0}
    for action in actions:
        counts[action["action"]] += 1
    changes_only = request.GET.get("show") != "all"
    shown_actions = [a for a in actions if not changes_only or a["action"] != "unchanged"][:PREVIEW_ROWS]
    context = {
        "pending": pending,
        "kind": kind,
        "problems": problems[:SHOWN_PROBLEMS],
        "more_problems": max(0, pending.problem_count - min(len(problems), SHOWN_PROBLEMS)),
        "counts": counts,
        "actions": shown_actions,
        "changes_only": changes_only,
        "more_actions": max(
            0, len([a for a in actions if not changes_only or a["action"] != "unchanged"]) - PREVIEW_ROWS
        ),
        "columns": kind.columns,
        "period_slug": workflow.period_slug(pending.period) if pending.period else "",
    }
    return render(request, "returns/upload.html", context)


@require("core.signed_in")
@require_POST
def upload_confirm(request: HttpRequest, public_id) -> HttpResponse:
    pending = selectors.pending_for_user(user=request.user, public_id=public_id)
    if pending.organisation is not None and not permissions.can_edit_organisation(
        request.user, pending.organisation
    ):
        raise PermissionDenied("returns.send")
    if pending.row_count > settings.PANORAMA_RETURNS_BACKGROUND_ROWS and not pending.problems:
        # A large file is applied by the worker; its page says when it is done.
        job = jobs.enqueue(
            tasks.upload_confirm,
            label=f"Import {pending.filename or 'the upload'} ({pending.row_count:,} rows)",
            actor=request.user,
            url=reverse("returns:index"),
            kwargs={"pending_id": pending.pk, "actor_id": request.user.pk},
        )
        messages.success(
            request, "Your file is being imported in the background: this page shows when it is done."
        )
        return redirect("site:job", public_id=job.public_id)
    try:
        confirmed = workflow.pending_confirm(actor=request.user, pending=pending)
    except workflow.WorkflowError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("returns:upload", public_id=pending.public_id)
    if confirmed.applied:
        messages.success(
            request,
            "Imported: the register now includes the file's rows."
            if confirmed.changed
            else "Nothing to import: the register already matches the file.",
        )
        return redirect("returns:index")
    if confirmed.changed:
        messages.success(request, "Saved as your draft. Check it, then submit it to the portfolio team.")
    else:
        messages.success(request, "Nothing changed: your draft already holds exactly these rows.")
    return redirect(confirmed.submission)


@require("core.signed_in")
def upload_problems_csv(request: HttpRequest, public_id) -> HttpResponse:
    # Not a generated file kept in storage, on purpose: the problems are kept once, as rows of the
    # pending upload in the database (`PendingUpload.problems`, written when the file was checked),
    # and this CSV is a pure function of them, written straight into the answer. Nothing is written
    # to any server's disk, so every app server gives the same CSV; the rule (nothing an app
    # server writes lives only on its own disk) holds without a second copy to keep in step.
    pending = selectors.pending_for_user(user=request.user, public_id=public_id)
    name = (pending.filename.rsplit(".", 1)[0] or pending.kind)[:60]
    return csv_response(
        f"{name}-problems.csv",
        ["row", "column", "value", "problem"],
        ([p["row"] or "", p["column"], p["value"], p["message"]] for p in pending.problems),
    )


# --- submissions ---------------------------------------------------------------------------------


@require("core.signed_in")
def submission_detail(request: HttpRequest, public_id) -> HttpResponse:
    submission, can_edit = selectors.submission_for_user(user=request.user, public_id=public_id)
    kind = kind_get(submission.kind)
    plan = None
    if submission.status in (Status.DRAFT, Status.RETURNED, Status.SUBMITTED):
        plan = workflow.submission_plan(submission=submission, actor=request.user)
    columns = [c for c in kind.columns if c.name in submission.columns] or list(kind.columns)
    positions = {name: i + 1 for i, name in enumerate(submission.columns)}
    rows = [
        [row[0], *(row[positions[c.name]] if c.name in positions else "" for c in columns)]
        for row in submission.rows[:PREVIEW_ROWS]
    ]
    context = {
        "submission": submission,
        "kind": kind,
        "can_edit": can_edit,
        "is_analyst": permissions.is_analyst(request.user),
        "plan": plan,
        "columns": columns,
        "rows": rows,
        "more_rows": max(0, len(submission.rows) - PREVIEW_ROWS),
        "events": submission.events.select_related("actor"),
        "comments_form": CommentsForm(initial={"version": submission.version}),
        "version_form": VersionForm(initial={"version": submission.version}),
        "period_slug": workflow.period_slug(submission.period),
        "window_open": not ReturnWindow.objects.filter(
            kind=submission.kind, period=submission.period, status=WindowStatus.CLOSED
        ).exists(),
        **_history(request, submission),
    }
    return render(request, "returns/submission.html", context)


@require("core.signed_in")
def submission_rows(request: HttpRequest, public_id) -> HttpResponse:
    submission, _ = selectors.submission_for_user(user=request.user, public_id=public_id)
    filename = f"{submission.organisation.slug}-{submission.kind}-{workflow.period_slug(submission.period)}"
    header = list(submission.columns)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"{filename}.xlsx", header, (row[1:] for row in submission.rows))
    return csv_response(f"{filename}.csv", header, (row[1:] for row in submission.rows))


def _version(request: HttpRequest) -> int | None:
    form = VersionForm(request.POST)
    return form.cleaned_data.get("version") if form.is_valid() else None


@require("core.signed_in")
@require_POST
def submission_submit(request: HttpRequest, public_id) -> HttpResponse:
    submission, _ = selectors.submission_for_user(user=request.user, public_id=public_id, change=True)
    try:
        workflow.submission_submit(actor=request.user, submission=submission, version=_version(request))
    except workflow.WorkflowError as exc:
        messages.error(request, " ".join([*exc.messages, *(p.message for p in exc.problems[:20])]))
    else:
        messages.success(
            request, "Submitted. The portfolio team will check it and accept it or return it with comments."
        )
    return redirect(submission)


@require("returns.manage")
@require_POST
def submission_accept(request: HttpRequest, public_id) -> HttpResponse:
    submission, _ = selectors.submission_for_user(user=request.user, public_id=public_id)
    try:
        accepted = workflow.submission_accept(
            actor=request.user, submission=submission, version=_version(request)
        )
    except workflow.WorkflowError as exc:
        messages.error(request, " ".join([*exc.messages, *(p.message for p in exc.problems[:20])]))
    else:
        counts = accepted.counts
        messages.success(
            request,
            f"Accepted: {counts.get('create', 0):,} created, {counts.get('change', 0):,} changed, "
            f"{counts.get('unchanged', 0):,} unchanged in the picture.",
        )
    return redirect(submission)


@require("returns.manage")
@require_POST
def submission_return(request: HttpRequest, public_id) -> HttpResponse:
    submission, _ = selectors.submission_for_user(user=request.user, public_id=public_id)
    form = CommentsForm(request.POST)
    if form.is_valid():
        try:
            workflow.submission_return(
                actor=request.user,
                submission=submission,
                comments=form.cleaned_data["comments"],
                version=form.cleaned_data.get("version"),
            )
        except workflow.WorkflowError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Returned to the body with your comments.")
            return redirect(submission)
    else:
        messages.error(request, "Say what the body needs to change: the comments go back with the return.")
    return redirect(submission)


# --- mappings ------------------------------------------------------------------------------------


@require("core.signed_in")
def mapping_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    mappings = selectors.mapping_list(user=request.user, kind=kind)
    labels = {k.slug: k.label for k in kind_list()}
    if request.GET.get("format") == "csv":
        return csv_response(
            "mappings.csv",
            ["name", "kind", "return", "body", "created_at", "updated_at", "columns_mapped"],
            (
                [
                    m.name,
                    m.kind,
                    labels.get(m.kind, m.kind),
                    m.organisation.short_name if m.organisation else "",
                    m.created_at,
                    m.updated_at,
                    len((m.definition or {}).get("fields", {})),
                ]
                for m in mappings.iterator(chunk_size=500)
            ),
        )
    return render(
        request,
        "returns/mappings.html",
        {
            "page": paginate(request, mappings, 50),
            "labels": labels,
            "can_create": permissions.is_analyst(request.user)
            or bool(permissions.editable_organisation_ids(request.user)),
        },
    )


def _mapping_text(mapping: SavedMapping) -> str:
    import json

    return json.dumps(mapping.definition, indent=2, ensure_ascii=False)


@require("core.signed_in")
def mapping_create(request: HttpRequest) -> HttpResponse:
    if not permissions.is_analyst(request.user) and not permissions.editable_organisation_ids(request.user):
        raise PermissionDenied("returns.mapping")
    form = MappingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data.get("organisation")
        if organisation is not None and not permissions.can_edit_organisation(request.user, organisation):
            raise PermissionDenied("returns.mapping")
        try:
            mapping = mapping_save(
                actor=request.user,
                mapping=None,
                name=form.cleaned_data["name"],
                organisation=organisation,
                definition=form.cleaned_data["mapping"],
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, f"Saved the mapping '{mapping.name}'.")
            return redirect(mapping)
    return render(request, "returns/mapping_form.html", {"form": form, "mapping": None})


@require("core.signed_in")
def mapping_detail(request: HttpRequest, public_id) -> HttpResponse:
    mapping, can_edit = selectors.mapping_for_user(user=request.user, public_id=public_id)
    if request.GET.get("format") == "json":
        response = HttpResponse(_mapping_text(mapping) + "\n", content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="mapping-{mapping.kind}.json"'
        return response
    form = None
    if can_edit:
        initial = {
            "name": mapping.name,
            "kind": mapping.kind,
            "organisation": mapping.organisation,
            "definition": _mapping_text(mapping),
            "version": mapping.version,
        }
        form = MappingForm(request.POST or None, initial=initial, user=request.user)
        if request.method == "POST" and form.is_valid():
            organisation = form.cleaned_data.get("organisation")
            if organisation is not None and not permissions.can_edit_organisation(request.user, organisation):
                raise PermissionDenied("returns.mapping")
            try:
                mapping_save(
                    actor=request.user,
                    mapping=mapping,
                    name=form.cleaned_data["name"],
                    organisation=organisation,
                    definition=form.cleaned_data["mapping"],
                    version=form.cleaned_data.get("version"),
                )
            except workflow.WorkflowError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, "Saved the mapping.")
                return redirect(mapping)
    elif request.method == "POST":
        raise PermissionDenied("returns.mapping")
    context = {
        "mapping": mapping,
        "form": form,
        "can_edit": can_edit,
        "text": _mapping_text(mapping),
        "label": {k.slug: k.label for k in kind_list()}.get(mapping.kind, mapping.kind),
        **_history(request, mapping),
    }
    return render(request, "returns/mapping.html", context)


@require("core.signed_in")
@require_POST
def mapping_remove(request: HttpRequest, public_id) -> HttpResponse:
    mapping, _ = selectors.mapping_for_user(user=request.user, public_id=public_id, change=True)
    mapping_delete(actor=request.user, mapping=mapping)
    messages.success(request, f"Deleted the mapping '{mapping.name}'.")
    return redirect("returns:mappings")
