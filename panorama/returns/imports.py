"""The all-or-nothing import: read → validate → plan → (apply, in one transaction).

`return_import(...)` is the one entry point behind the web upload, the CLI, the API and other apps'
tests. It never raises for bad input: every problem comes back in `ImportResult.problems`, and
nothing is written unless there are none.

    from panorama.returns.services import return_import

    result = return_import(kind="finance", data=path.read_bytes(), filename="q3.csv",
                           organisation=body, period="2025-26 Q3", actor=editor)
    assert result.ok, result.problem_messages
    result.plan.counts  # {"create": 12, "change": 0, "unchanged": 0}
"""

import contextlib
import csv
import gc
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from panorama.accounts import permissions
from panorama.core.models import Period
from panorama.core.periods import parse_label, period_from_label
from panorama.organisations.models import Organisation

from .converters import as_text
from .kinds import Context, Plan, Problem, ReturnKind
from .mappings import Mapping, MappingError, mapping_from_dict
from .reading import Unreadable, read
from .registry import UnknownKind, kind_get
from .validation import Validated, validate

logger = logging.getLogger(__name__)


@dataclass
class ImportResult:
    kind: ReturnKind | None
    problems: list[Problem] = field(default_factory=list)
    row_count: int = 0
    plan: Plan | None = None
    notes: list[str] = field(default_factory=list)
    committed: bool = False
    organisation: Organisation | None = None
    period: Period | None = None
    problem_count: int = 0
    warnings: list[Problem] = field(default_factory=list)
    reading: str = ""  # "Read as CSV, Windows-1252, separated by semicolons, header on row 1, 244 records."

    @property
    def creates(self) -> list[str]:
        return self.plan.creates if self.plan else []

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> dict[str, int]:
        return self.plan.counts if self.plan else {"create": 0, "change": 0, "unchanged": 0}

    @property
    def problem_messages(self) -> list[str]:
        return [p.message for p in self.problems]


def _resolve_organisation(value: Any) -> tuple[Organisation | None, str]:
    if value is None or value == "" or isinstance(value, Organisation):
        return value or None, ""
    text = str(value).strip()
    found = (
        Organisation.objects.filter(short_name__iexact=text).first()
        or Organisation.objects.filter(slug__iexact=text).first()
        or Organisation.objects.filter(name__iexact=text).first()
    )
    if found is None:
        return None, (
            f"There is no public body called '{text}'. Give its short name as on the public bodies "
            "list (e.g. SSS for Social Security Scotland)."
        )
    return found, ""


def _resolve_period(value: Any) -> tuple[Period | None, str]:
    if value is None or value == "" or isinstance(value, Period):
        return value or None, ""
    try:
        parse_label(str(value))
    except ValueError as exc:
        return None, f"Unknown period: {exc}."
    return period_from_label(str(value)), ""


def context_problems(
    kind: ReturnKind, *, organisation: Organisation | None, period: Period | None, actor: Any
) -> list[Problem]:
    """Whether this person may send this return for this body and period at all."""
    from .models import ReturnWindow, WindowStatus

    problems = []
    if kind.needs_organisation and organisation is None:
        problems.append(Problem(f"Say which body this {kind.label.lower()} is for."))
    if actor is not None:
        if kind.needs_organisation and organisation is not None:
            if not permissions.can_edit_organisation(actor, organisation):
                problems.append(
                    Problem(
                        f"You cannot send returns for {organisation.name}: only its editors and the "
                        "portfolio team can. Check that you chose your own body."
                    )
                )
        elif not kind.needs_organisation and not permissions.is_analyst(actor):
            problems.append(Problem(f"Only the portfolio team can import the {kind.label.lower()}."))
    if kind.period_kind is not None:
        if period is None:
            problems.append(
                Problem(
                    f"Say which period this {kind.label.lower()} covers, e.g. "
                    + ("2025-26 Q3." if kind.period_kind == "quarter" else "2025-26.")
                )
            )
        elif period.kind != kind.period_kind:
            wanted = (
                "a quarter, like 2025-26 Q3"
                if kind.period_kind == "quarter"
                else "a financial year, like 2025-26"
            )
            problems.append(Problem(f"The {kind.label.lower()} is for {wanted}, not {period.label}."))
        else:
            window = ReturnWindow.objects.filter(kind=kind.slug, period=period).first()
            if window is not None and window.status == WindowStatus.CLOSED:
                problems.append(
                    Problem(
                        f"The {period.label} window for the {kind.label.lower()} is closed, so no more "
                        "returns can be sent for it. Ask the portfolio team to reopen it if this is a correction."
                    )
                )
    return problems


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big file is checked and planned: the tens of
    thousands of rows alive at once make every automatic collection walk all of them, which more
    than doubles the time of a 100,000-row return. Cycles made meanwhile are collected afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def rows_from_file(
    kind: ReturnKind,
    data: bytes,
    filename: str = "",
    *,
    mapping: Mapping | None = None,
    unit: str | None = None,
    progress: Callable[[int], None] | None = None,
    reading: dict[str, Any] | None = None,
) -> Validated:
    """Read and type-check a file: the typed rows and every problem (no business rules, no writes).
    `reading` (delimiter, encoding, header_row, sheet: from the command line or the API) wins over
    the mapping's, which wins over what Panorama detects. The first note says how it was read."""
    settings_ = {
        "delimiter": mapping.delimiter if mapping else "",
        "encoding": mapping.encoding if mapping else "",
        "header_row": mapping.header_row if mapping else None,
        "sheet": mapping.sheet if mapping else "",
    }
    settings_.update({k: v for k, v in (reading or {}).items() if v not in (None, "")})
    try:
        try:
            sheet = read(
                data,
                filename,
                sheet_name=settings_["sheet"],
                delimiter=settings_["delimiter"],
                encoding=settings_["encoding"],
            )
        except ValueError as exc:  # a separator or encoding Panorama does not know
            raise Unreadable(f"{exc}.") from None
        try:
            with gc_paused():
                validated = validate(
                    kind,
                    sheet.rows,
                    mapping=mapping,
                    unit=unit,
                    progress=progress,
                    header_row=settings_["header_row"],
                )
        except csv.Error as exc:
            raise sheet.rows.failure(exc) from None
    except Unreadable as exc:
        return Validated(problems=[Problem(str(exc))], problem_count=1)
    if settings_["header_row"] is not None:
        sheet.told = (*sheet.told, "header row")
    validated.notes[:0] = [
        sheet.reading(header_row=validated.header_row, records=len(validated.rows)),
        *sheet.notes,
    ]
    return validated


def rows_from_table(
    kind: ReturnKind, rows: Iterable[Sequence[Any]], *, numbers: Iterable[int] | None = None
) -> Validated:
    """Type-check rows given in the kind's column order (a web form, a stored draft, a test).
    Row numbers default to 2, 3, … as if under a header row."""
    header = [c.name for c in kind.columns]
    numbered = zip(numbers if numbers is not None else _count_from(2), rows, strict=False)
    return validate(kind, [(1, header), *((n, list(r)) for n, r in numbered)])


def _count_from(start: int) -> Iterable[int]:
    while True:
        yield start
        start += 1


def rows_as_table(kind: ReturnKind, rows: Sequence[dict[str, Any]]) -> list[list[str]]:
    """Typed rows back to text, row number first, in the kind's column order (for a draft)."""
    names = [c.name for c in kind.columns]
    return [[str(row["_row"]), *(as_text(row.get(n)) for n in names)] for row in rows]


def return_plan(kind: ReturnKind, context: Context, rows: Sequence[dict[str, Any]]) -> Plan:
    try:
        plan = kind.plan(context, rows)
    except Exception:  # a kind's bug must not take the app down or half-load a file
        logger.exception("Return kind %s failed to plan", kind.slug)
        return Plan(
            problems=[
                Problem(
                    "Panorama could not check this return because of a fault on our side. "
                    "Nothing was saved; the team has been told."
                )
            ]
        )
    return plan


def with_plan_problems(
    kind: ReturnKind, context: Context, rows: Sequence[dict[str, Any]], problems: Sequence[Problem]
) -> list[Problem]:
    """Every problem at once: the file's own (unreadable cells, missing values, repeated keys) and
    what the kind's plan finds in the rows those leave whole (an unknown theme, another body's
    programme), in row order. A problem with the whole file (a missing column) stops there: the
    plan of rows without that column would only mislead."""
    if not problems or any(p.row is None for p in problems):
        return list(problems)
    broken = {p.row for p in problems}
    whole = [row for row in rows if row["_row"] not in broken]
    if not whole:
        return list(problems)
    merged = [*problems, *return_plan(kind, context, whole).problems]
    return sorted(merged, key=lambda p: p.row or 0)  # stable: a row's file problems come first


def return_apply(kind: ReturnKind, context: Context, plan: Plan) -> list[Problem]:
    """Apply a plan in one transaction; any failure rolls everything back and becomes a problem."""
    try:
        with transaction.atomic():
            kind.apply(context, plan)
    except ValidationError as exc:
        return [Problem(f"Nothing was saved: {'; '.join(exc.messages)}")]
    except DatabaseError:
        logger.exception("Return kind %s failed to apply", kind.slug)
        return [
            Problem(
                "Nothing was saved: the database refused the change. Try again; if it happens again, "
                "tell the portfolio team."
            )
        ]
    return []


def return_import(
    *,
    kind: str | ReturnKind,
    data: bytes | None = None,
    path: str | Path | None = None,
    filename: str = "",
    rows: Sequence[dict[str, Any]] | None = None,
    organisation: Organisation | str | None = None,
    period: Period | str | None = None,
    actor: Any = None,
    mapping: Mapping | dict | None = None,
    unit: str | None = None,
    options: dict[str, Any] | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    reading: dict[str, Any] | None = None,
) -> ImportResult:
    """Validate a return and, unless `dry_run` or anything is wrong, write it all in one transaction.

    Give the file as `data` (bytes) with its `filename`, or as a `path`; or give already-typed
    `rows` (dicts keyed by column name, each with "_row"). `organisation` and `period` may be objects
    or their short name and label. `actor` (None for the system) must be allowed to send it.
    """
    try:
        kind = kind_get(kind)
    except UnknownKind as exc:
        return ImportResult(kind=None, problems=[Problem(str(exc))], problem_count=1)
    result = ImportResult(kind=kind)

    def fail(problems: list[Problem]) -> ImportResult:
        result.problems.extend(problems)
        result.problem_count = max(result.problem_count, len(result.problems))
        return result

    if organisation not in (None, "") and not kind.needs_organisation:
        result.warnings.append(
            Problem(
                f"The body given ({organisation}) was ignored: the {kind.label.lower()} names each row's "
                "body in the file."
            )
        )
        organisation = None
    if period not in (None, "") and kind.period_kind is None:
        result.warnings.append(
            Problem(f"The period given ({period}) was ignored: the {kind.label.lower()} is not for a period.")
        )
        period = None
    org, org_problem = _resolve_organisation(organisation)
    per, period_problem = _resolve_period(period)
    result.organisation, result.period = org, per
    early = [Problem(p) for p in (org_problem, period_problem) if p]
    if early:
        return fail(early)
    problems = context_problems(kind, organisation=org, period=per, actor=actor)
    if problems:
        return fail(problems)

    if isinstance(mapping, dict):
        try:
            mapping = mapping_from_dict(mapping, kind=kind)
        except MappingError as exc:
            return fail([Problem(f"The mapping is wrong: {p}") for p in exc.problems])
    if rows is None:
        if path is not None:
            path = Path(path)
            filename = filename or path.name
            try:
                data = path.read_bytes()
            except OSError as exc:
                return fail([Problem(f"Cannot read {path}: {exc.strerror}.")])
        if data is None:
            return fail([Problem("No file was given.")])
    context = Context(organisation=org, period=per, actor=actor)
    merged_options = {**(mapping.options if isinstance(mapping, Mapping) else {}), **(options or {})}
    if merged_options:
        context.options = merged_options
    if rows is None:
        validated = rows_from_file(
            kind, data, filename, mapping=mapping, unit=unit, progress=progress, reading=reading
        )
        result.notes = validated.notes
        result.reading = (
            validated.notes[0] if validated.notes and validated.notes[0].startswith("Read ") else ""
        )
        result.warnings.extend(validated.warnings)
        result.problem_count = validated.problem_count
        if validated.problems:
            problems = with_plan_problems(kind, context, validated.rows, validated.problems)
            result.problem_count += len(problems) - len(validated.problems)
            return fail(problems)
        rows = validated.rows
        del validated
    rows = rows if isinstance(rows, Sequence) else list(rows)
    result.row_count = len(rows)
    with gc_paused():
        plan = return_plan(kind, context, rows)
    result.plan = plan
    result.warnings.extend(plan.warnings)
    if plan.problems:
        return fail(plan.problems)
    if dry_run:
        return result
    # The plan holds all that applying it needs: let the file and its typed rows go first (a
    # 100,000-line return's rows are some 50 MB that the write would otherwise hold on to).
    del rows, data
    with gc_paused():
        problems = return_apply(kind, context, plan)
    if problems:
        return fail(problems)
    result.committed = True
    return result
