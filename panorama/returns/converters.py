"""Turn one cell, as a body typed it, into a typed value — or a plain-English reason why not.

`converter_for(column, ...)` builds the function for one column once; the importer then calls it
for every cell of that column. Each converter tries the common, clean form first (a plain number,
an ISO date) and only falls back to the slower forgiving rules (currency signs, thousands
separators, `m`/`bn` suffixes, dates in words) when it has to, which keeps a 100,000-row file fast.

A converter returns the typed value (None for a blank cell) or raises `Invalid(reason)`; the
importer adds the row, the column and the value to the reason.
"""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings

from .kinds import Column


class Invalid(ValueError):
    """A cell that cannot be read: `reason` is the plain-English part after the dash."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Formula(str):
    """An XLSX cell that holds a formula rather than a value (the reader marks them)."""


Converter = Callable[[Any], Any]

BLANKS = frozenset({"", "-", "–", "—", "n/a", "N/A", "NA", "na", "null", "NULL", "None", "none"})
FORMULA_LIKE = re.compile(r"^[+\-@].*[(!|]")
WHITESPACE = re.compile(r"\s+")
FORMULA_FIRST = frozenset("=+-@ \t\r\n\xa0")
STRIPPED = frozenset(" \t\r\n\xa0\x0b\x0c")


def formula_reason() -> str:
    return "looks like a spreadsheet formula; formulas are not accepted — type the value itself"


def clean_text(raw: Any) -> str:
    """The cell as text with stray spaces removed (non-breaking spaces count as spaces)."""
    if isinstance(raw, str):
        text = raw
    elif isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    else:
        text = str(raw)
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    return text.strip()


def check_cell(text: str) -> None:
    """Rules for every cell whatever its type: no formulas, nothing longer than a cell may hold."""
    if text[:1] in "=+-@" and (text[:1] == "=" or FORMULA_LIKE.match(text)):
        raise Invalid(formula_reason())
    limit = settings.PANORAMA_RETURNS_MAX_CELL
    if len(text) > limit:
        raise Invalid(f"is {len(text):,} characters long; a cell may hold at most {limit:,}")


# --- numbers and money ---------------------------------------------------------------------------

PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
PLAIN_POSITIVE = re.compile(r"\d{1,15}(?:\.\d{1,2})?\Z")
SUFFIXES = {
    "k": Decimal(1000),
    "thousand": Decimal(1000),
    "m": Decimal(1000000),
    "mn": Decimal(1000000),
    "mil": Decimal(1000000),
    "million": Decimal(1000000),
    "b": Decimal(1000000000),
    "bn": Decimal(1000000000),
    "billion": Decimal(1000000000),
}
UNITS = {
    "": Decimal(1),
    "1": Decimal(1),
    "pounds": Decimal(1),
    "£": Decimal(1),
    "k": Decimal(1000),
    "000": Decimal(1000),
    "£000": Decimal(1000),
    "£k": Decimal(1000),
    "thousands": Decimal(1000),
    "m": Decimal(1000000),
    "£m": Decimal(1000000),
    "millions": Decimal(1000000),
    "bn": Decimal(1000000000),
    "£bn": Decimal(1000000000),
    "billions": Decimal(1000000000),
}
MONEY = re.compile(
    r"^(?P<sign>[-−])?\s*(?P<currency>[£$])?\s*(?P<sign2>[-−])?\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"(?P<suffix>[a-zA-Z]+)?$"
)
NUMBER = re.compile(r"^(?P<sign>[-−])?\s*(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)$")
PENNY = Decimal("0.01")


def unit_multiplier(unit: str | None) -> Decimal:
    """`m`, `£m`, `bn`, `k`, `£000` … → the number to multiply by. Raises ValueError if unknown."""
    key = (unit or "").strip().lower().replace(" ", "").replace("gbp", "£")
    if key in UNITS:
        return UNITS[key]
    raise ValueError(f"{unit!r} is not a unit: use pounds, k (thousands), m (millions) or bn (billions)")


def _number_from(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        raise Invalid("is yes/no, not a number")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))
    if isinstance(raw, Decimal):
        return raw
    return None


def _bounds(column: Column, kind_allows_negative: bool) -> tuple[Decimal | None, Decimal | None]:
    minimum = column.minimum
    if minimum is None and column.type == "money" and not kind_allows_negative:
        minimum = Decimal(0)
    return minimum, column.maximum


def _check_bounds(value: Decimal, minimum: Decimal | None, maximum: Decimal | None, money: bool) -> None:
    if minimum is not None and value < minimum:
        if minimum == 0:
            raise Invalid("negative amounts are not allowed here" if money else "must not be negative")
        raise Invalid(f"must be at least {minimum:,}")
    if maximum is not None and value > maximum:
        raise Invalid(f"must be at most {maximum:,}")


def money_converter(column: Column, *, unit: Decimal, allow_negative: bool, suffixes: bool) -> Converter:
    minimum, maximum = _bounds(column, allow_negative)
    unit_word = {
        Decimal(1): "pounds",
        Decimal(1000): "£ thousands",
        Decimal(1000000): "£ millions",
        Decimal(1000000000): "£ billions",
    }.get(unit, f"units of £{unit:,}")
    # £1,250,000 written in the column's own unit, so the message never contradicts itself.
    example = format((Decimal(1250000) / unit).normalize(), "f") if unit else "1250000"
    not_an_amount = f"is not an amount; amounts are in {unit_word}: write digits only, e.g. {example}"

    def slow(text: str) -> Decimal:
        compact = text.replace(" ", "")
        negative = False
        if compact.startswith("(") and compact.endswith(")"):  # accountants' negative
            negative, compact = True, compact[1:-1]
        match = MONEY.match(compact)
        if not match:
            raise Invalid(not_an_amount)
        number = Decimal(match["number"].replace(",", ""))
        negative = negative or bool(match["sign"] or match["sign2"])
        suffix = (match["suffix"] or "").lower()
        if suffix:
            factor = SUFFIXES.get(suffix)
            if factor is None:
                raise Invalid(
                    f"'{match['suffix']}' is not a unit Panorama knows; amounts are in {unit_word}: "
                    "write the amount in digits, or declare the unit (k, m or bn)"
                )
            if not suffixes:
                written = format((number * factor).normalize(), "f")
                raise Invalid(f"amounts are in {unit_word}; write {written} or declare the unit")
            if unit != 1:
                raise Invalid(
                    f"has its own unit ('{match['suffix']}') but the column is declared in {unit_word}; "
                    "write the number alone"
                )
            number *= factor
        else:
            number *= unit
        return -number if negative else number

    plain_unit = unit == 1
    non_negative = minimum == 0 and maximum is None

    def convert(raw: Any) -> Decimal | None:
        # The fast path: a plain amount in pounds such as "1250000" or "1250000.50" (most cells).
        if type(raw) is str and plain_unit and non_negative and PLAIN_POSITIVE.match(raw):
            return Decimal(raw).quantize(PENNY)
        value = _number_from(raw)
        if value is None:
            text = clean_text(raw)
            if text in BLANKS:
                return None
            if PLAIN_NUMBER.match(text):
                value = Decimal(text) * unit
            else:
                check_cell(text)
                value = slow(text)
        else:
            value *= unit
        value = value.quantize(PENNY)
        _check_bounds(value, minimum, maximum, True)
        return value

    if plain_unit and non_negative:
        match = PLAIN_POSITIVE.match

        def convert_all(cells: list[Any]) -> list[Any]:
            return [
                Decimal(raw).quantize(PENNY) if type(raw) is str and match(raw) else convert(raw)
                for raw in cells
            ]

        convert.batch = convert_all  # type: ignore[attr-defined]
    return convert


def decimal_converter(column: Column, *, integer: bool = False, percent: bool = False) -> Converter:
    minimum, maximum = _bounds(column, True)
    what = "a whole number" if integer else "a number"

    def convert(raw: Any) -> Decimal | int | None:
        value = _number_from(raw)
        if value is None:
            text = clean_text(raw)
            if text in BLANKS:
                return None
            if PLAIN_NUMBER.match(text):
                value = Decimal(text)
            else:
                check_cell(text)
                compact = text.replace(" ", "")
                if percent and compact.endswith("%"):
                    compact = compact[:-1]
                match = NUMBER.match(compact)
                if not match:
                    raise Invalid(f"is not {what}")
                value = Decimal(match["number"].replace(",", ""))
                if match["sign"]:
                    value = -value
        elif percent and isinstance(raw, PercentValue):
            value = value * 100
        if integer:
            if value != value.to_integral_value():
                raise Invalid("must be a whole number")
            _check_bounds(value, minimum, maximum, False)
            return int(value)
        _check_bounds(value, minimum, maximum, False)
        return value

    return convert


class PercentValue(float):
    """A number from an XLSX cell formatted as a percentage (0.45 shown as 45%)."""


# --- dates ---------------------------------------------------------------------------------------

ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH_NAMES = [
    "", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$")
DATE_HINT = "write dates as day/month/year, e.g. 31/03/2025"


def _make_date(year: int, month: int, day: int) -> datetime.date:
    if not 1 <= month <= 12:
        if 1 <= day <= 12 and 13 <= month <= 31:
            raise Invalid(f"there is no month {month}: dates are day/month/year, e.g. 31/03/2025")
        raise Invalid(f"there is no month {month}; {DATE_HINT}")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise Invalid(f"there is no {day} {MONTH_NAMES[month]} {year}") from None


def _month(name: str) -> int:
    try:
        return MONTHS[name]
    except KeyError:
        raise Invalid(f"'{name}' is not a month; {DATE_HINT}") from None


def date_converter(column: Column, *, formats: tuple[str, ...] = ()) -> Converter:
    def words(text: str) -> datetime.date:
        lowered = WHITESPACE.sub(" ", text.lower())
        if match := DAY_MONTH_YEAR.match(lowered):
            return _make_date(int(match[3]), _month(match[2]), int(match[1]))
        if match := MONTH_DAY_YEAR.match(lowered):
            return _make_date(int(match[3]), _month(match[1]), int(match[2]))
        if MONTH_YEAR.match(lowered):
            raise Invalid(f"gives a month but not a day; {DATE_HINT}")
        raise Invalid(f"is not a date; {DATE_HINT}")

    date = datetime.date

    def convert(raw: Any) -> datetime.date | None:
        # The fast path: 2025-03-31 or 31/03/2025 with no format of the mapping's to try first.
        if type(raw) is str and not formats and len(raw) == 10:
            try:
                if raw[4] == "-" and raw[7] == "-":
                    return date(int(raw[:4]), int(raw[5:7]), int(raw[8:]))
                if raw[2] == "/" and raw[5] == "/":
                    return date(int(raw[6:]), int(raw[3:5]), int(raw[:2]))
            except ValueError:
                pass  # the slow path says exactly what is wrong
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = clean_text(raw)
        if text in BLANKS:
            return None
        for fmt in formats:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        if match := ISO_DATE.match(text):
            return _make_date(int(match[1]), int(match[2]), int(match[3]))
        if match := DMY.match(text):
            year = int(match[3])
            if year < 100:
                year += 2000
            return _make_date(year, int(match[2]), int(match[1]))
        check_cell(text)
        if formats:
            shown = " or ".join(datetime.date(2025, 3, 31).strftime(f) for f in formats)
            try:
                return words(text)
            except Invalid:
                raise Invalid(f"is not a date in the expected format ({shown})") from None
        return words(text)

    if not formats:
        from_iso = datetime.date.fromisoformat

        def convert_all(cells: list[Any]) -> list[Any]:
            try:  # a column of ISO dates (the template's form, and every XLSX date cell's text)
                return [from_iso(raw) if raw else None for raw in cells]
            except (ValueError, TypeError):
                return list(map(convert, cells))

        convert.batch = convert_all  # type: ignore[attr-defined]
    return convert


# --- choices, yes/no and text --------------------------------------------------------------------

CHOICE_JOINERS = re.compile(r"[\s/_]+|\s*-\s*")


def normalise_choice(text: str) -> str:
    return CHOICE_JOINERS.sub("-", text.strip().lower())


def choice_converter(column: Column) -> Converter:
    lookup = {normalise_choice(choice): choice for choice in column.choices}
    lookup.update({choice: choice for choice in column.choices})
    listed = ", ".join(column.choices)

    def convert(raw: Any) -> str | None:
        if isinstance(raw, str) and raw in lookup:
            return lookup[raw]
        text = clean_text(raw)
        if text == "":
            return None
        found = lookup.get(normalise_choice(text))
        if found is None:
            check_cell(text)
            raise Invalid(f"is not one of the allowed values: {listed}")
        return found

    convert.batch = lambda cells: [lookup[raw] for raw in cells]  # type: ignore[attr-defined]
    return convert


TRUE = frozenset({"yes", "y", "true", "t", "1", "x", "✓", "✔"})
FALSE = frozenset({"no", "n", "false", "f", "0"})


def boolean_converter(column: Column) -> Converter:
    def convert(raw: Any) -> bool | None:
        if isinstance(raw, bool):
            return raw
        text = clean_text(raw).lower()
        if text == "":
            return None
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        check_cell(text)
        raise Invalid("must be yes or no")

    return convert


def text_converter(column: Column) -> Converter:
    limit = column.max_length

    cell_limit = settings.PANORAMA_RETURNS_MAX_CELL
    safe_limit = min(limit or cell_limit, cell_limit)

    def convert(raw: Any) -> str | None:
        # The fast path: ordinary text with nothing to strip, no formula start, within the limits.
        if (
            type(raw) is str
            and raw
            and len(raw) <= safe_limit
            and raw[0] not in FORMULA_FIRST
            and raw[-1] not in STRIPPED
            and "\xa0" not in raw
        ):
            return raw
        text = clean_text(raw)
        if text == "":
            return None
        check_cell(text)
        if limit is not None and len(text) > limit:
            raise Invalid(f"is {len(text):,} characters long; the most this column takes is {limit:,}")
        return text

    def convert_all(cells: list[Any]) -> list[Any]:
        return [
            raw
            if type(raw) is str
            and raw
            and raw[0] not in FORMULA_FIRST
            and raw[-1] not in STRIPPED
            and len(raw) <= safe_limit
            and "\xa0" not in raw
            else None
            if raw == ""  # an empty cell, as most of an optional column's are
            else convert(raw)
            for raw in cells
        ]

    convert.batch = convert_all  # type: ignore[attr-defined]
    return convert


def batch(convert: Converter) -> Callable[[list[Any]], list[Any]]:
    """A whole column at once: the converter's own fast batch if it has one (raising KeyError or
    Invalid when any cell needs the careful path), else the converter over every cell."""
    own = getattr(convert, "batch", None)
    if own is not None:
        return own
    return lambda cells: list(map(convert, cells))


def converter_for(
    column: Column,
    *,
    unit: Decimal = Decimal(1),
    date_formats: tuple[str, ...] = (),
    allow_negative_money: bool = False,
) -> Converter:
    kind = column.type
    if kind == "money":
        return money_converter(
            column,
            unit=unit,
            allow_negative=allow_negative_money,
            suffixes=settings.PANORAMA_RETURNS_MONEY_SUFFIXES,
        )
    if kind == "integer":
        return decimal_converter(column, integer=True)
    if kind == "decimal":
        return decimal_converter(column)
    if kind == "percent":
        return decimal_converter(column, percent=True)
    if kind == "date":
        return date_converter(column, formats=date_formats)
    if kind == "choice":
        return choice_converter(column)
    if kind == "boolean":
        return boolean_converter(column)
    return text_converter(column)


def as_text(value: Any) -> str:
    """A typed value written back the way a template expects it (for drafts and previews)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


__all__ = [
    "Converter",
    "Formula",
    "Invalid",
    "PercentValue",
    "as_text",
    "clean_text",
    "converter_for",
    "normalise_choice",
    "unit_multiplier",
]
