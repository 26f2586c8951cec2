"""The contract between the returns machinery and the apps whose data arrives through it.

Each domain app declares its return kinds in `<app>/return_kinds.py` as `ReturnKind` objects and
lists them in `settings.PANORAMA_RETURN_KINDS`. From one declaration the returns app generates the
XLSX template (drop-downs and input rules for coded fields, a guidance sheet, an example row), the
CSV template and the Frictionless Table Schema; parses and type-checks uploaded files (CSV or XLSX,
any encoding, delimiter, date and money style); and then asks the kind to `plan` the rows (its
business rules, and what would be created, changed or left alone) and, once confirmed, to `apply`
the plan in one transaction. Nothing is written unless every row is valid.

Extend this module only in backward-compatible ways: every return kind depends on it.
"""

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

ColumnType = Literal["text", "integer", "decimal", "money", "date", "choice", "boolean", "percent"]


@dataclass(frozen=True)
class Column:
    name: str  # the header in templates and files, e.g. "wlc_forecast"
    label: str  # plain English, used in messages: "Row 14, Forecast whole-life cost: …"
    type: ColumnType = "text"
    required: bool = False
    choices: tuple[str, ...] = ()  # the coded values a "choice" column accepts
    max_length: int | None = None
    minimum: Decimal | None = None  # e.g. Decimal(0) where negative amounts are not allowed
    maximum: Decimal | None = None
    help: str = ""  # one line for the guidance sheet and the schema's description
    example: str = ""  # the template's example row


@dataclass
class Problem:
    """One thing wrong with a file. `row` is numbered as the spreadsheet shows it (header = row 1);
    None for a problem with the whole file."""

    message: str
    row: int | None = None
    column: str = ""  # the column's label
    value: str = ""


class RowAction:
    """What committing would do to one row: create, change or leave alone, with a one-line summary
    for the preview, e.g. "Programme 'PASS replacement': forecast £78.5m → £81.0m".

    The summary may be given as a function of no arguments, made into text only when someone reads
    it: a CLI or API import of 100,000 lines that is committed straight away never shows its
    preview, and writing one line of it per row would be a tenth of a second of its time."""

    __slots__ = ("row", "action", "_summary", "changes")  # a large return has one per row

    def __init__(
        self,
        row: int,
        action: Literal["create", "change", "unchanged"],
        summary: str | Callable[[], str],
        changes: dict[str, tuple[Any, Any]] | None = None,
    ) -> None:
        self.row, self.action, self._summary = row, action, summary
        self.changes = changes if changes is not None else {}

    @property
    def summary(self) -> str:
        if not isinstance(self._summary, str):
            self._summary = self._summary()
        return self._summary

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RowAction):
            return NotImplemented
        return (self.row, self.action, self.summary, self.changes) == (
            other.row,
            other.action,
            other.summary,
            other.changes,
        )

    def __repr__(self) -> str:
        return f"RowAction({self.row!r}, {self.action!r}, {self.summary!r}, {self.changes!r})"


class TypedRows(Sequence[dict[str, Any]]):
    """A file's typed rows as the validator leaves them: column by column. Read as a sequence, each
    row is a dict of every column of the kind (and "_row", its number in the file), made afresh on
    every reading, so a kind that wants to change a row copies it. A kind with many rows to plan
    can read whole columns instead (`column`): a 100,000-line return then never builds, nor frees,
    100,000 dicts (a quarter of a second)."""

    __slots__ = ("_columns", "_length")

    def __init__(self, columns: dict[str, list[Any] | None], length: int) -> None:
        # None for a column the file does not have: every row has it, empty.
        self._columns, self._length = columns, length

    def column(self, name: str) -> Sequence[Any]:
        values = self._columns[name]
        return values if values is not None else [None] * self._length

    def _values(self) -> list[Any]:
        return [v if v is not None else itertools.repeat(None) for v in self._columns.values()]

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[dict[str, Any]]:
        names = tuple(self._columns)
        return (dict(zip(names, values, strict=False)) for values in zip(*self._values(), strict=False))

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if not -self._length <= index < self._length:
            raise IndexError("row index out of range")
        index %= self._length
        return {name: None if v is None else v[index] for name, v in self._columns.items()}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]


@dataclass
class Plan:
    """What committing the rows would do. `payload` is the kind's own, for `apply`."""

    actions: list[RowAction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    payload: Any = None
    # Added later, with defaults: what does not stop the import but must be said (an end before
    # its start), and what it would create besides its rows (e.g. "Body 'Department for
    # Education' (short name DfE)"), listed in the dry run and the preview.
    warnings: list[Problem] = field(default_factory=list)
    creates: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {"create": 0, "change": 0, "unchanged": 0}
        for action in self.actions:
            counts[action.action] += 1
        return counts


@dataclass
class Context:
    """Who is sending what, for which body and period. `organisation` and `period` are None for
    kinds that do not need them (e.g. a national register import by an analyst)."""

    organisation: Any
    period: Any
    actor: Any
    # Settings for the kind from the mapping's [options] or the caller (added later, with a default,
    # so existing code that builds a Context is unchanged), e.g. {"create_missing_organisations": True}.
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReturnKind:
    slug: str  # the CLI kind: `panorama import finance FILE`
    label: str  # "Finance return"
    description: str  # a paragraph for the guidance sheet and the web page
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the columns that identify a row; two rows with the same key are an error
    # plan(context, rows) -> Plan. `rows` are typed values keyed by column name, each with "_row"
    # (its spreadsheet row number). Report business-rule problems in Plan.problems, never raise.
    plan: Callable[[Context, Sequence[dict[str, Any]]], Plan]
    # apply(context, plan) -> None: write everything the plan says. Called inside one transaction.
    apply: Callable[[Context, Plan], None]
    period_kind: Literal["quarter", "year"] | None = "quarter"
    needs_organisation: bool = True
    allow_negative_money: bool = False
    # Optional (added later, with a default): prefill(context) -> rows keyed by column name (text,
    # or numbers and dates typed as such, so the workbook holds them typed), written under the header of a body's own template (e.g. one row per programme it reports on).
    prefill: Callable[[Context], Sequence[dict[str, Any]]] | None = None

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)
