"""From a sheet of cells to typed rows and every problem at once.

Finds the header (it need not be on row 1: title rows and notes above it are skipped, and a line
such as "Values in £m" above it declares the unit), matches headings to the kind's columns (by
name or label, ignoring case, spaces and a unit in brackets), skips blank rows and repeated header
rows, converts every cell with the column's converter, and checks required values and duplicate
keys. Each problem names the row as the spreadsheet shows it, the column's label and the value.
"""

import difflib
import itertools
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

from .converters import Converter, Invalid, batch, clean_text, converter_for, unit_multiplier
from .kinds import Column, Problem, ReturnKind, TypedRows
from .mappings import FieldMapping, Mapping

HEADER_SCAN_ROWS = 30
UNIT_IN_HEADING = re.compile(
    r"[\(\[]\s*(?:in\s+)?(£\s*(?:m|bn|k|000)|£?\s*(?:millions?|thousands?|billions?))\s*[\)\]]\s*$", re.I
)
UNIT_NOTE = re.compile(
    r"\b(?:values|amounts|figures|money|all amounts|all figures)\s+(?:are\s+)?(?:shown\s+)?in\s+"
    r"(£\s*(?:m|bn|k|000)\b|£?\s*(?:millions|thousands|billions)\b|pounds\b)",
    re.I,
)
NON_WORD = re.compile(r"[^a-z0-9]+")
UNIT_WORDS = {
    "million": "m",
    "millions": "m",
    "thousand": "k",
    "thousands": "k",
    "billion": "bn",
    "billions": "bn",
}


def heading_key(text: Any) -> tuple[str, str]:
    """'Forecast whole-life cost (£m) *' → ('forecast_whole_life_cost', '£m')."""
    heading = clean_text(text) if text is not None else ""
    unit = ""
    if match := UNIT_IN_HEADING.search(heading):
        unit = match[1].replace(" ", "").lower()
        unit = UNIT_WORDS.get(unit.lstrip("£"), unit)
        heading = heading[: match.start()]
    heading = heading.rstrip("* ").lower()
    return NON_WORD.sub("_", heading).strip("_"), unit


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def shown(value: Any) -> str:
    """A cell as one line of a message: runs of spaces and line breaks (a comment over several
    lines) become one space, so the output stays one problem per line."""
    text = clean_text(value) if value is not None else ""
    if "\n" in text or "\r" in text or "  " in text:
        text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "…"


@dataclass
class Validated:
    rows: Sequence[dict[str, Any]] = field(default_factory=list)  # a TypedRows once validated
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    header_row: int | None = None
    problem_count: int = 0  # including any beyond the cap
    # What does not stop the import but should be read first: values the mapping blanked,
    # repeated headings merged. Each with its row(s) where it has any.
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Field:
    column: Column
    indexes: list[int]  # where its values are in each row ([] for a fixed value)
    convert: Converter
    translate: Callable[[Any], Any] | None
    blank_invalid: bool = False  # the mapping's `invalid = "blank"`: refused values become blank


class _Problems:
    def __init__(self, result: Validated):
        self.result = result
        self.cap = settings.PANORAMA_RETURNS_MAX_PROBLEMS

    def add(self, message: str, row: int | None = None, column: str = "", value: str = "") -> None:
        self.result.problem_count += 1
        if len(self.result.problems) < self.cap:
            self.result.problems.append(Problem(message=message, row=row, column=column, value=value))

    def cell(self, row: int, column: Column, raw: Any, reason: str) -> None:
        value = shown(raw)
        described = f"'{value}'" if value else "blank"
        self.add(f"Row {row}, {column.label}: {described} — {reason}", row, column.label, value)


LETTERS = re.compile(r"^[A-Z]{1,3}$")
OCCURRENCE = re.compile(r"^(.*?)\s*#\s*(\d+)$")


def column_index(letters: str) -> int:
    """'A' → 0, 'AB' → 27."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def address_parts(address: str) -> tuple[str, int | None]:
    """'colour_rating#2' → ('colour_rating', 2); 'Title' → ('Title', None)."""
    if match := OCCURRENCE.match(address.strip()):
        return match[1], int(match[2])
    return address.strip(), None


def _expected_headings(kind: ReturnKind, mapping: Mapping | None) -> dict[str, str]:
    """heading key → column name."""
    expected: dict[str, str] = {}
    if mapping is not None:
        for name, spec in mapping.fields.items():
            if spec.column:
                heading, _ = address_parts(spec.column)
                if not LETTERS.match(heading):
                    expected.setdefault(heading_key(heading)[0], name)
        return expected
    for column in kind.columns:
        expected.setdefault(heading_key(column.name)[0], column.name)
        expected.setdefault(heading_key(column.label)[0], column.name)
    return expected


def _find_header(
    rows: Iterable[tuple[int, list[Any]]], expected: dict[str, str]
) -> tuple[int | None, list[Any], list[list[Any]], list[tuple[int, list[Any]]]]:
    """Look through the first rows for the one with the most expected headings.
    Returns (its number, its cells, the rows above it, the rows read after it)."""
    scanned: list[tuple[int, list[Any]]] = []
    best: tuple[int, int, list[Any]] | None = None  # (matches, number, cells)
    for number, cells in rows:
        scanned.append((number, cells))
        matches = len(
            {expected[k] for k in (heading_key(c)[0] for c in cells if c not in ("", None)) if k in expected}
        )
        if matches and (best is None or matches > best[0]):
            best = (matches, number, cells)
        if best is not None and best[0] == len(set(expected.values())):
            break
        if len(scanned) >= HEADER_SCAN_ROWS:
            break
    if best is None:
        return None, [], [cells for _, cells in scanned], []
    _, number, cells = best
    above = [c for n, c in scanned if n < number]
    return number, cells, above, [(n, c) for n, c in scanned if n > number]


def _header_at(
    rows: Iterable[tuple[int, list[Any]]], wanted: int
) -> tuple[int | None, list[Any], list[list[Any]], list[tuple[int, list[Any]]]]:
    """The header on the row the mapping or the command line names."""
    above: list[list[Any]] = []
    for number, cells in rows:
        if number == wanted:
            return number, cells, above, []
        above.append(cells)
    return None, [], above, []


def _mapped_positions(
    mapping: Mapping, header: list[Any], problems: "_Problems"
) -> tuple[dict[str, list[int]], dict[str, str]]:
    """Where each mapped field's column is: by heading, by heading and occurrence
    ('colour_rating#2'), or by spreadsheet letter ('G'). A heading that appears more than once
    is never merged: the mapping must say which one."""
    keys = [heading_key(c)[0] if c not in ("", None) else "" for c in header]
    headings = [clean_text(c) if c not in ("", None) else "" for c in header]
    positions: dict[str, list[int]] = {}
    units: dict[str, str] = {}
    for name, spec in mapping.fields.items():
        if spec.value is not None or not spec.column:
            continue
        heading, occurrence = address_parts(spec.column)
        key = heading_key(heading)[0]
        where = [i for i, k in enumerate(keys) if k and k == key]
        if not where and occurrence is None and LETTERS.match(heading):
            index = column_index(heading)
            positions[name] = [index]
            if index < len(header):
                units[name] = heading_key(header[index])[1]
            continue
        letters = [column_letter(i) for i in where]
        if not where:
            present = [h for h in headings if h]
            close = difflib.get_close_matches(key, [k for k in keys if k], n=1, cutoff=0.75)
            hint = ""
            if close:
                hint = f" Did you mean '{headings[keys.index(close[0])]}'?"
            problems.add(
                f"Field '{name}': the file has no column headed '{heading}'.{hint} Its headings are: "
                + ", ".join(f"'{h}'" for h in present[:40])
                + ("" if len(present) <= 40 else ", …")
                + ".",
                column=heading,
            )
            continue
        if occurrence is not None:
            if not 1 <= occurrence <= len(where):
                problems.add(
                    f"Field '{name}': '{spec.column}' asks for occurrence {occurrence} of the heading "
                    f"'{heading}', but it appears {len(where)} time{'s' if len(where) != 1 else ''} "
                    f"(column{'s' if len(where) != 1 else ''} {', '.join(letters)}).",
                    column=heading,
                )
                continue
            where = [where[occurrence - 1]]
        elif len(where) > 1:
            choices = " or ".join(
                f"'{heading}#{n}' for column {letter}" for n, letter in enumerate(letters, start=1)
            )
            problems.add(
                f"The heading '{heading}' appears {len(where)} times (columns {', '.join(letters)}), so "
                f"field '{name}' cannot tell which to read. Name one: {choices}.",
                column=heading,
            )
            continue
        positions[name] = where
        units[name] = heading_key(header[where[0]])[1]
    return positions, {n: u for n, u in units.items() if u}


def _rows_phrase(rows: Sequence[int]) -> str:
    """[3] → 'row 3'; [3, 5, 9, …] → '14 rows: 3, 5, 9, 11, 12 and 9 more'."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    listed = ", ".join(str(r) for r in rows[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"{len(rows)} rows: {listed}{more}"


def validate(
    kind: ReturnKind,
    rows: Iterable[tuple[int, list[Any]]],
    *,
    mapping: Mapping | None = None,
    unit: str | None = None,
    progress: Callable[[int], None] | None = None,
    header_row: int | None = None,
) -> Validated:
    result = Validated()
    problems = _Problems(result)
    iterator = iter(rows)
    expected = _expected_headings(kind, mapping)
    header_row = header_row or (mapping.header_row if mapping is not None else None)
    if header_row is None and mapping is not None and not expected:
        header_row = 1  # every column named by its letter: the headings are on the first row
    if header_row is not None:
        wanted = header_row
        header_row, header, above, after = _header_at(iterator, wanted)
        if header_row is None:
            problems.add(
                f"The header is said to be on row {wanted}, but the file has only {len(above)} rows."
            )
            return result
    else:
        header_row, header, above, after = _find_header(iterator, expected)
    if header_row is None:
        names = ", ".join(c.name for c in kind.columns)
        if not any(any(clean_text(c) for c in cells) for cells in above):
            problems.add("The file is empty: it has no header row and no data.")
        elif mapping is not None:
            problems.add(
                "None of the columns the mapping names were found in the first "
                f"{HEADER_SCAN_ROWS} rows: "
                + ", ".join(f"'{s.column}'" for s in mapping.fields.values() if s.column)
            )
        else:
            problems.add(
                f"No header row found: none of the first {HEADER_SCAN_ROWS} rows has this return's columns. "
                f"Download the template: its columns are {names}."
            )
        return result
    result.header_row = header_row
    if header_row > 1:
        result.notes.append(f"The header is on row {header_row}; the rows above it were skipped.")

    declared_unit: Decimal | None = None
    if unit:
        declared_unit = unit_multiplier(unit)
    else:
        for cells in above:
            for cell in cells:
                if isinstance(cell, str) and (match := UNIT_NOTE.search(cell)):
                    word = match[1].replace(" ", "").lower()
                    declared_unit = unit_multiplier(UNIT_WORDS.get(word.lstrip("£"), word))
                    result.notes.append(
                        f"Amounts read in the unit declared above the header: “{cell.strip()}”."
                    )
                    break
            if declared_unit is not None:
                break

    # Which cells hold which column, and in what unit.
    positions: dict[str, list[int]] = {}
    heading_units: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    width = 0
    if mapping is not None:
        positions, heading_units = _mapped_positions(mapping, header, problems)
        used = {i for indexes in positions.values() for i in indexes}
    for index, cell in enumerate(header):
        text = clean_text(cell) if cell is not None else ""
        if not text:
            continue
        width = index + 1
        if mapping is not None:
            if index not in used:
                unknown.append((index, text))
            continue
        key, heading_unit = heading_key(text)
        name = expected.get(key)
        if name is None:
            unknown.append((index, text))
            continue
        positions.setdefault(name, []).append(index)
        if heading_unit:
            heading_units[name] = heading_unit
    if mapping is not None:
        width = max([width, *(i + 1 for indexes in positions.values() for i in indexes)])

    known_keys = sorted(expected)
    ignored = []
    for index, text in unknown:
        close = difflib.get_close_matches(heading_key(text)[0], known_keys, n=1, cutoff=0.8)
        if close and mapping is None and expected[close[0]] not in positions:
            problems.add(
                f"Column {column_letter(index)}, '{text}', is not a column of this return — "
                f"did you mean '{expected[close[0]]}'?",
                column=text,
            )
        else:
            ignored.append(f"{text} ({column_letter(index)})" if mapping is not None else text)
    if ignored:
        result.notes.append("Columns not part of this return were ignored: " + ", ".join(ignored) + ".")
    for name, indexes in positions.items():
        if len(indexes) > 1:
            heading = clean_text(header[indexes[0]])
            result.warnings.append(
                Problem(
                    f"The heading '{heading}' appears {len(indexes)} times (columns "
                    + ", ".join(column_letter(i) for i in indexes)
                    + f"); both are read as {kind.column(name).label} and must agree in every row. "
                    f"If they hold different things, use a mapping and name one: '{heading}#1' or "
                    f"'{heading}#2'.",
                    column=heading,
                )
            )

    fields: list[_Field] = []
    for column in kind.columns:
        spec: FieldMapping | None = mapping.fields.get(column.name) if mapping else None
        indexes = positions.get(column.name, [])
        if spec is not None and spec.value is not None:
            indexes = []
        elif not indexes:
            if spec is not None and spec.column:
                continue  # the mapping's column was not found: already said, with the headings
            if column.required:
                source = f"the mapping's column '{spec.column}'" if spec else f"a '{column.name}' column"
                problems.add(
                    f"The file has no {column.label} column: it needs {source}"
                    + ("" if spec else f" (the template's heading is '{column.name}').")
                    + ("." if spec else ""),
                    column=column.label,
                )
            if spec is None or spec.value is None:
                continue
        column_unit = Decimal(1)
        if column.type == "money":
            if column.name in heading_units:
                column_unit = unit_multiplier(heading_units[column.name])
            elif mapping is not None and mapping.unit_for(column.name) is not None:
                column_unit = mapping.unit_for(column.name)  # type: ignore[assignment]
            elif declared_unit is not None:
                column_unit = declared_unit
        convert = converter_for(
            column,
            unit=column_unit,
            date_formats=mapping.date_formats(column.name) if mapping else (),
            allow_negative_money=kind.allow_negative_money,
        )
        translate = spec.translate if spec is not None and spec.needs_translation else None
        blank_invalid = spec is not None and spec.invalid == "blank"
        fields.append(_Field(column, indexes, convert, translate, blank_invalid))
    if result.problems:
        return result

    first_heading = next(i for i, c in enumerate(header) if c not in ("", None))
    header_keys = [heading_key(c)[0] if c not in ("", None) else "" for c in header[:width]]
    key_names = kind.key
    limit = settings.PANORAMA_RETURNS_MAX_ROWS
    count = 0
    simple = [
        (f.column.name, f.indexes[0], f.convert, f.column)
        for f in fields
        if len(f.indexes) == 1 and not f.translate and not f.blank_invalid
    ]
    complex_ = [f for f in fields if not (len(f.indexes) == 1 and not f.translate and not f.blank_invalid)]
    required = [f.column for f in fields if f.column.required]
    # Every row has every column of the kind: those the file lacks are None.
    mapped = {f.column.name for f in fields}
    absent = {c.name: None for c in kind.columns if c.name not in mapped}
    text_keys = {k for k in key_names if kind.column(k).type == "text"}
    required_keys = [k for k in key_names if kind.column(k).required]

    # 1. Collect the data rows: skip blank rows and repeated header rows; enforce the row limit.
    numbers: list[int] = []
    grid: list[list[Any]] = []
    for number, cells in itertools.chain(after, iterator):
        first_cell = cells[0] if cells else ""
        if not (type(first_cell) is str and first_cell and first_cell[0] not in " \t"):
            # The first cell is empty (or not text): is the whole row blank?
            try:
                if not "".join(cells).strip():
                    continue  # a blank row
            except TypeError:  # an XLSX row holds numbers and dates too
                if not any(
                    c != "" and c is not None and (not isinstance(c, str) or c.strip()) for c in cells
                ):
                    continue
        if (
            len(cells) >= width
            and cells[first_heading] == header[first_heading]
            and [heading_key(c)[0] if c not in ("", None) else "" for c in cells[:width]] == header_keys
        ):
            continue  # the header again (pasted from several sheets): skip it
        count += 1
        if count > limit:
            problems.add(
                f"The file has more than {limit:,} rows, the most one return may have. "
                "Split it into smaller files."
            )
            return result
        if progress is not None and count % 1000 == 0:
            progress(count)
        numbers.append(number)
        grid.append(cells)

    # 2. Convert column by column: a whole column in one fast pass when every cell is clean,
    # else cell by cell, collecting each problem with its row.
    found: list[tuple[int, int, Problem]] = []  # (row, column position, problem), sorted at the end
    order = {c.name: i for i, c in enumerate(kind.columns)}
    cap = settings.PANORAMA_RETURNS_MAX_PROBLEMS
    extra_problems = 0

    def report(row: int, column: Column, raw: Any, reason: str) -> None:
        nonlocal extra_problems
        if len(found) >= cap * 4:
            extra_problems += 1
            return
        value = shown(raw)
        described = f"'{value}'" if value else "blank"
        found.append(
            (
                row,
                order[column.name],
                Problem(f"Row {row}, {column.label}: {described} — {reason}", row, column.label, value),
            )
        )

    converted: dict[str, list[Any]] = {}
    invalid: dict[str, set[int]] = {}  # column name → positions (in `grid`) of cells that failed
    shortest = min(map(len, grid), default=0)
    for name, index, convert, column in simple:
        if index < shortest:
            cells_of = list(map(operator.itemgetter(index), grid))
        else:
            cells_of = [cells[index] if index < len(cells) else "" for cells in grid]
        try:
            converted[name] = batch(convert)(cells_of)
            continue
        except (Invalid, KeyError, TypeError):
            pass
        values = []
        bad: set[int] = set()
        for position, raw in enumerate(cells_of):
            try:
                values.append(convert(raw))
            except Invalid as exc:
                report(numbers[position], column, raw, exc.reason)
                values.append(None)
                bad.add(position)
        converted[name] = values
        if bad:
            invalid[name] = bad
    blanked: dict[str, dict[str, list[int]]] = {}  # column name → value → rows, for the warnings
    for spec in complex_:
        column = spec.column
        values = []
        bad = set()
        for position, cells in enumerate(grid):
            ncells = len(cells)
            candidates = []
            for index in spec.indexes or [None]:
                raw = "" if index is None else (cells[index] if index < ncells else "")
                if spec.translate is not None:
                    raw = spec.translate(raw)
                try:
                    candidates.append((raw, spec.convert(raw)))
                except Invalid as exc:
                    if spec.blank_invalid:
                        blanked.setdefault(column.name, {}).setdefault(shown(raw), []).append(
                            numbers[position]
                        )
                        candidates.append((raw, None))
                        continue
                    report(numbers[position], column, raw, exc.reason)
                    bad.add(position)
                    candidates.append((raw, None))
            present = [(raw, v) for raw, v in candidates if v is not None]
            if len({repr(v) for _, v in present}) > 1:
                report(
                    numbers[position],
                    column,
                    present[1][0],
                    f"differs from '{shown(present[0][0])}' in the other '{column.name}' column",
                )
            values.append(present[0][1] if present else None)
        converted[column.name] = values
        if bad:
            invalid[column.name] = bad

    grid.clear()  # the raw cells are no longer needed: free them before the rows are built
    for column in kind.columns:
        for value, rows_of in blanked.get(column.name, {}).items():
            result.warnings.append(
                Problem(
                    f"{column.label}: '{value}' was left blank, as the mapping says "
                    f"({_rows_phrase(rows_of)}).",
                    rows_of[0],
                    column.label,
                    value,
                )
            )

    # 3. Required values.
    for column in required:
        values = converted[column.name]
        # `None in values` would compare None with every Decimal (slow): test identity in C instead.
        if any(map(operator.is_, values, itertools.repeat(None))):
            bad = invalid.get(column.name, set())
            for position, value in enumerate(values):
                if value is None and position not in bad:
                    report(numbers[position], column, "", "this column is required")

    # 4. Duplicate keys (compared ignoring case for text).
    if key_names and numbers:
        parts = []
        for k in key_names:
            values = converted.get(k) or [None] * len(numbers)
            if k in text_keys:
                try:
                    values = list(map(str.casefold, values))
                except TypeError:  # some are None
                    values = [v.casefold() if v is not None else None for v in values]
            parts.append(values)
        keys = list(zip(*parts, strict=True))
        if len(set(keys)) != len(keys):
            skip = set().union(*(invalid.get(k, set()) for k in key_names))
            required_parts = [converted[k] for k in required_keys if k in converted]
            seen: dict[tuple, int] = {}
            first_column = kind.column(key_names[0])
            what = " and ".join(kind.column(k).label for k in key_names).lower()
            for position, key in enumerate(keys):
                if position in skip or any(part[position] is None for part in required_parts):
                    continue
                first = seen.setdefault(key, position)
                if first != position:
                    report(
                        numbers[position],
                        first_column,
                        converted.get(first_column.name, [None] * len(numbers))[position],
                        f"the same {what} as row {numbers[first]}; each may appear only once",
                    )

    # 5. The typed rows, every column of the kind in each (those the file lacks are None), kept as
    # the columns they are.
    result.rows = TypedRows({"_row": numbers, **converted, **absent}, len(numbers))
    if found or extra_problems:
        found.sort(key=lambda item: (item[0], item[1]))
        for _, _, problem in found:
            problems.add(problem.message, problem.row, problem.column, problem.value)
        result.problem_count += extra_problems
    if progress is not None:
        progress(count)
    if count == 0 and not result.problems:
        problems.add("The file has a header row but no data: add at least one row under the header.")
    return result
