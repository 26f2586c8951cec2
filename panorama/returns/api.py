"""Returns over the API: machine-to-machine uploads with the same checks as the web and the CLI,
answering with every problem as JSON; the return kinds; and windows with their completeness."""

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse

from panorama.api.framework import (
    BOOLEAN,
    DATE,
    INTEGER,
    PAGE,
    PAGE_SIZE,
    STRING,
    UUID,
    bad_request,
    endpoint,
    json,
    list_of,
    nullable,
    obj,
    paginated,
    path_param,
    query,
)

from . import selectors, workflow
from .imports import rows_from_file
from .kinds import ReturnKind
from .mappings import MappingError, mapping_from_dict
from .models import Source, Status
from .reading import too_big
from .registry import UnknownKind, kind_get, kind_list

PROBLEM = obj({"row": nullable(INTEGER), "column": STRING, "value": STRING, "message": STRING})
UPLOAD_RESULT = obj(
    {
        "ok": BOOLEAN,
        "dry_run": BOOLEAN,
        "changed": BOOLEAN,
        "status": nullable(STRING),
        "submission": nullable(UUID),
        "url": nullable(STRING),
        "rows": INTEGER,
        "counts": obj({"create": INTEGER, "change": INTEGER, "unchanged": INTEGER}),
        "reading": STRING,
        "notes": {"type": "array", "items": STRING},
        "warnings": {"type": "array", "items": PROBLEM},
        "creates": {"type": "array", "items": STRING},
        "problems": {"type": "array", "items": PROBLEM},
    }
)
UPLOAD_BODY = {
    "required": True,
    "description": (
        "The return file (CSV or XLSX): either multipart/form-data with the file in the field 'file', or the "
        "file itself as the request body (text/csv; an XLSX body is also accepted, sent as "
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) with its name in the 'filename' "
        "query parameter."
    ),
    "content": {
        "multipart/form-data": {
            "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        "text/csv": {"schema": {"type": "string"}},
    },
}
UPLOAD_PARAMETERS = [
    query("dry_run", "true: check and plan only; nothing is saved.", BOOLEAN),
    query("submit", "true: submit the return as soon as it is saved (otherwise it stays a draft).", BOOLEAN),
    query("mapping", "The id of a saved mapping, for a file in another layout.", UUID),
    query("unit", "The unit of money in the file: pounds, k, m or bn.", STRING),
    query("delimiter", "The CSV separator: comma, semicolon, tab or bar (default: detected).", STRING),
    query(
        "encoding", "The CSV encoding: utf-8, utf-16, windows-1252 or latin-1 (default: detected).", STRING
    ),
    query("header_row", "The row the headings are on (default: found in the first 30 rows).", INTEGER),
    query("sheet", "The workbook's sheet to read (default: the first visible one).", STRING),
    query("filename", "The file's name, when the body is the file itself (e.g. q3.csv).", STRING),
]


def _problems_json(problems) -> list[dict]:
    return [{"row": p.row, "column": p.column, "value": p.value, "message": p.message} for p in problems]


def _refused(detail: str, problems) -> JsonResponse:
    return bad_request(detail, _problems_json(problems))


def _file_from(request: HttpRequest) -> tuple[bytes | None, str, str]:
    """(data, filename, problem)."""
    limit = settings.PANORAMA_RETURNS_MAX_BYTES
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size > limit:
            return None, upload.name, _too_big(upload.size, limit)
        return upload.read(), upload.name, ""
    if request.content_type.startswith("multipart/"):
        return None, "", "Send the file in the multipart field 'file'."
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > limit:
        return None, "", _too_big(length, limit)
    # Read the stream ourselves: request.body refuses anything over DATA_UPLOAD_MAX_MEMORY_SIZE
    # (2.5 MB), far below the returns limit; one byte more than the limit shows a file is too big.
    data = request.read(limit + 1)
    if len(data) > limit:
        return None, "", _too_big(len(data), limit)
    if not data:
        return None, "", "Send the file: as multipart/form-data in the field 'file', or as the request body."
    filename = request.GET.get("filename") or (
        "return.xlsx" if "spreadsheetml" in request.content_type else "return.csv"
    )
    return data, filename, ""


def _too_big(size: int, limit: int) -> str:
    return too_big(size)


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "").lower() in {"1", "true", "yes"}


def _mapping(request: HttpRequest, kind: ReturnKind):
    """(mapping or None, problem)."""
    mapping_id = request.GET.get("mapping")
    if not mapping_id:
        return None, ""
    try:
        saved, _ = selectors.mapping_for_user(user=request.user, public_id=mapping_id)
    except Exception:  # Http404 for unknown or invisible ids
        return None, f"There is no saved mapping {mapping_id} that you can use."
    try:
        return mapping_from_dict(saved.definition, kind=kind), ""
    except MappingError as exc:
        return None, "The saved mapping is wrong: " + " ".join(exc.problems)


def _upload(request: HttpRequest, kind: ReturnKind, organisation, period) -> JsonResponse:
    if rate_problem := workflow.pending_rate_problem(actor=request.user):
        return JsonResponse({"error": "too many uploads", "detail": rate_problem}, status=429)
    mapping, problem = _mapping(request, kind)
    if problem:
        return bad_request(problem, [])
    data, filename, problem = _file_from(request)
    if problem:
        from .kinds import Problem

        return _refused(problem, [Problem(problem)])
    unit = request.GET.get("unit") or None
    if unit:
        from .converters import unit_multiplier

        try:
            unit_multiplier(unit)
        except ValueError as exc:
            return bad_request(str(exc), [])
    header_row = request.GET.get("header_row") or None
    if header_row is not None:
        if not header_row.isdigit() or int(header_row) < 1:
            return bad_request(f"header_row must be a row number such as 1, not '{header_row}'.", [])
        header_row = int(header_row)
    reading = {
        "delimiter": request.GET.get("delimiter") or "",
        "encoding": request.GET.get("encoding") or "",
        "header_row": header_row,
        "sheet": request.GET.get("sheet") or "",
    }
    validated = rows_from_file(kind, data, filename, mapping=mapping, unit=unit, reading=reading)
    source = Source.API
    pending = workflow.pending_create(
        actor=request.user,
        kind=kind,
        organisation=organisation,
        period=period,
        filename=filename,
        source=source,
        rows=validated.rows,
        problems=validated.problems,
        notes=validated.notes,
        problem_count=validated.problem_count,
        warnings=validated.warnings,
        options=mapping.options if mapping is not None else None,
    )
    problems = workflow.problems_from_json(pending.problems)
    counts = {"create": 0, "change": 0, "unchanged": 0}
    for action in pending.actions:
        counts[action["action"]] += 1
    body = {
        "ok": not problems,
        "dry_run": _flag(request, "dry_run"),
        "changed": False,
        "status": None,
        "submission": None,
        "url": None,
        "rows": pending.row_count,
        "counts": counts,
        "reading": pending.notes[0] if pending.notes and pending.notes[0].startswith("Read ") else "",
        "notes": pending.notes,
        "warnings": _problems_json(workflow.problems_from_json(pending.warnings)),
        "creates": pending.creates,
        "problems": _problems_json(problems),
    }
    if problems:
        return JsonResponse(
            {
                "error": "bad request",
                "detail": f"The return has {pending.problem_count:,} problem(s); nothing was saved.",
                **body,
            },
            status=400,
        )
    if body["dry_run"]:
        pending.delete()
        return json(body)
    try:
        confirmed = workflow.pending_confirm(actor=request.user, pending=pending)
        submission = confirmed.submission
        if (
            submission is not None
            and _flag(request, "submit")
            and submission.status in (Status.DRAFT, Status.RETURNED)
        ):
            submission = workflow.submission_submit(actor=request.user, submission=submission)
    except workflow.WorkflowError as exc:
        return _refused(" ".join(exc.messages), exc.problems)
    body["changed"] = confirmed.changed
    if submission is not None:
        body.update(
            status=submission.status,
            submission=str(submission.public_id),
            url=request.build_absolute_uri(submission.get_absolute_url()),
        )
    else:
        body["status"] = "applied"
    return json(body)


def _kind_or_error(slug: str):
    try:
        return kind_get(slug), None
    except UnknownKind as exc:
        return None, JsonResponse({"error": "not found", "detail": str(exc)}, status=404)


@endpoint(
    "core.signed_in",
    method="POST",
    path="/api/v1/returns/{kind}/{organisation}/{period}",
    summary="Send a body's return for a period (CSV or XLSX); every problem comes back as a list",
    parameters=[
        path_param("kind", "The return kind, e.g. progress.", STRING),
        path_param("organisation", "The body's slug, e.g. sss.", STRING),
        path_param("period", "The period in URL form, e.g. 2025-26-q3 or 2025-26.", STRING),
        *UPLOAD_PARAMETERS,
    ],
    request_body=UPLOAD_BODY,
    response=UPLOAD_RESULT,
)
def upload(request: HttpRequest, kind: str, organisation: str, period: str) -> JsonResponse:
    found, error = _kind_or_error(kind)
    if error is not None:
        return error
    if not found.needs_organisation or found.period_kind is None:
        return bad_request(
            f"The {found.label.lower()} is not sent by a body for a period: POST /api/v1/returns/{kind}."
        )
    org = selectors.organisation_for_sending(user=request.user, slug=organisation)
    label = workflow.period_label_from_slug(period)
    from panorama.core.periods import parse_label, period_from_label

    try:
        parse_label(label)
    except ValueError as exc:
        return bad_request(str(exc))
    return _upload(request, found, org, period_from_label(label))


@endpoint(
    "returns.manage",
    method="POST",
    path="/api/v1/returns/{kind}",
    summary="Import a national return with no single body (e.g. the programme register); applied at once",
    parameters=[path_param("kind", "The return kind, e.g. programmes.", STRING), *UPLOAD_PARAMETERS],
    request_body=UPLOAD_BODY,
    response=UPLOAD_RESULT,
)
def national_upload(request: HttpRequest, kind: str) -> JsonResponse:
    found, error = _kind_or_error(kind)
    if error is not None:
        return error
    if found.needs_organisation:
        return bad_request(
            f"The {found.label.lower()} is sent by each body: POST /api/v1/returns/{kind}/{{organisation}}/{{period}}."
        )
    return _upload(request, found, None, None)


KIND = obj(
    {
        "slug": STRING,
        "label": STRING,
        "description": STRING,
        "period": nullable(STRING),
        "by_body": BOOLEAN,
        "schema": STRING,
        "xlsx_template": STRING,
        "csv_template": STRING,
    }
)


@endpoint(
    "core.public",
    path="/api/v1/returns/kinds",
    summary="The return kinds and their templates and Table Schemas",
    response=obj({"count": INTEGER, "results": {"type": "array", "items": KIND}}),
)
def kinds(request: HttpRequest) -> JsonResponse:
    from django.urls import reverse

    def link(kind: ReturnKind, fmt: str) -> str:
        return request.build_absolute_uri(
            reverse("returns:template", kwargs={"kind": kind.slug, "format": fmt})
        )

    results = [
        {
            "slug": k.slug,
            "label": k.label,
            "description": k.description,
            "period": k.period_kind,
            "by_body": k.needs_organisation,
            "schema": link(k, "json"),
            "xlsx_template": link(k, "xlsx"),
            "csv_template": link(k, "csv"),
        }
        for k in kind_list()
    ]
    return json({"count": len(results), "results": results})


WINDOW = obj(
    {
        "id": UUID,
        "kind": STRING,
        "period": STRING,
        "due_on": DATE,
        "status": STRING,
        "expected": INTEGER,
        "started": INTEGER,
        "submitted": INTEGER,
        "accepted": INTEGER,
        "overdue": INTEGER,
    }
)


@endpoint(
    "returns.view_all",
    path="/api/v1/returns/windows",
    summary="Return windows with completeness: bodies expected, submitted, accepted, overdue",
    parameters=[query("kind", "Only this return kind."), query("status", "open or closed."), PAGE, PAGE_SIZE],
    response=list_of(WINDOW),
)
def windows(request: HttpRequest) -> JsonResponse:
    queryset = selectors.window_list(kind=request.GET.get("kind", ""), status=request.GET.get("status", ""))
    pairs = selectors.windows_with_completeness(windows=queryset)
    return paginated(
        request,
        pairs,
        lambda pair: {
            "id": str(pair[0].public_id),
            "kind": pair[0].kind,
            "period": pair[0].period.label,
            "due_on": pair[0].due_on.isoformat(),
            "status": pair[0].status,
            "expected": pair[1].expected,
            "started": pair[1].started,
            "submitted": pair[1].submitted,
            "accepted": pair[1].accepted,
            "overdue": pair[1].overdue,
        },
    )


TALLY = {"expected": INTEGER, "submitted": INTEGER, "accepted": INTEGER, "overdue": INTEGER}


@endpoint(
    "returns.view_completeness",
    path="/api/v1/returns/completeness",
    summary=(
        "Completeness of returns for a period, by return kind and by body: expected, submitted (accepted "
        "or awaiting review), accepted, overdue; a body's people see their own bodies only"
    ),
    parameters=[
        query("period", "The period, e.g. 2026-27 Q2 or 2025-26; the latest with windows if left out.")
    ],
    response=obj(
        {
            "period": nullable(STRING),
            "scope": STRING,
            "total": obj(TALLY),
            "kinds": {"type": "array", "items": obj({"kind": STRING, "label": STRING, **TALLY})},
            "bodies_all_accepted": INTEGER,
            "bodies_any_accepted": INTEGER,
            "bodies": {
                "type": "array",
                "items": obj(
                    {
                        "slug": STRING,
                        "name": STRING,
                        **TALLY,
                        "returns": {
                            "type": "array",
                            "items": obj(
                                {
                                    "kind": STRING,
                                    "period": STRING,
                                    "due_on": DATE,
                                    "state": STRING,
                                    "status": STRING,
                                    "submission": nullable(UUID),
                                }
                            ),
                        },
                    }
                ),
            },
        }
    ),
)
def completeness(request: HttpRequest) -> JsonResponse:
    from panorama.accounts import permissions
    from panorama.core.periods import label_for, parse_label, span

    periods = selectors.completeness_periods()
    label = request.GET.get("period", "").strip() or next((p.label for p in periods[:1]), "")
    scope = "all bodies" if permissions.reads_everything(request.user) else "your bodies"
    if not label:
        empty = dict.fromkeys(TALLY, 0)
        return json(
            {
                "period": None,
                "scope": scope,
                "total": empty,
                "kinds": [],
                "bodies_all_accepted": 0,
                "bodies_any_accepted": 0,
                "bodies": [],
            }
        )
    try:
        year, quarter = parse_label(label)
    except ValueError as exc:
        # Well formed (the pattern) but no such period, like 2024-26.
        raise Http404(str(exc)) from None
    start, end = span(year, quarter)
    matrix = selectors.completeness_matrix(
        start=start, end=end, organisations=permissions.visible_organisation_ids(request.user)
    )

    def tally(t) -> dict:
        return {
            "expected": t.expected,
            "submitted": t.submitted,
            "accepted": t.accepted,
            "overdue": t.overdue,
        }

    return json(
        {
            "period": label_for(year, quarter),
            "scope": scope,
            "total": tally(matrix.total),
            "kinds": [{"kind": k.kind, "label": k.label, **tally(k)} for k in matrix.kinds],
            "bodies_all_accepted": len(matrix.bodies_all_accepted),
            "bodies_any_accepted": len(matrix.bodies_any_accepted),
            "bodies": [
                {
                    "slug": row.organisation.slug,
                    "name": row.organisation.name,
                    **tally(row.tally),
                    "returns": [
                        {
                            "kind": window.kind,
                            "period": window.period.label,
                            "due_on": window.due_on.isoformat(),
                            "state": str(cell.state),
                            "status": str(cell.status),
                            "submission": str(cell.submission_id) if cell.submission_id else None,
                        }
                        for window, cell in zip(matrix.windows, row.cells, strict=True)
                        if cell is not None
                    ],
                }
                for row in matrix.rows
            ],
        }
    )
