"""Formula-safe downloads: the one writer of every CSV and XLSX Panorama produces (exports, open
data, return templates). Any text cell that a spreadsheet would run as a formula — one that
begins with =, +, -, @, a tab or a carriage return — is prefixed with an apostrophe, so it shows
as typed and never executes (OWASP's CSV-injection advice). Numbers, dates and booleans are not
text and stay as they are, so a negative amount is still a number."""

import csv
import datetime
import decimal
import io
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


TYPED = (bool, int, float, decimal.Decimal, datetime.date)
# A negative amount written as text ("-12.50") is a number to every spreadsheet, not a formula.
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?\Z")


def safe_text(value: Any) -> str:
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe_text(value)


def xlsx_value(value: Any) -> Any:
    """A value for a workbook built cell by cell: numbers and dates stay typed (openpyxl would
    otherwise store any text beginning with = as a live formula)."""
    if value is None:
        return None
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, TYPED):
        return value
    return safe_text(value)


class SafeCsvWriter:
    """csv.writer for Panorama's files: every value that is not a number, date or boolean is made
    formula-safe; `render` writes the typed ones (open data writes 4.25 and true, exports yes/no)."""

    def __init__(self, stream: Any, *, render: Callable[[Any], Any] = safe_cell, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)
        self._render = render

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(
            [self._render(v) if v is None or isinstance(v, TYPED) else safe_text(v) for v in row]
        )


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[Any]] = (), *, lineterminator: str = "\r\n"
) -> str:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, lineterminator=lineterminator)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    writer = SafeCsvWriter(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff"  # so that Excel opens UTF-8 as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_bytes(sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([safe_cell(v) for v in header])
    for row in rows:
        values = []
        for value in row:
            cell = safe_cell(value)
            # openpyxl stores Decimal as a number; keep money exact to the penny as float is enough here.
            values.append(float(cell) if isinstance(cell, decimal.Decimal) else cell)
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(filename.rsplit(".", 1)[0], header, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
