"""Financial-year periods: April to March, labelled `2025-26` and `2025-26 Q1` … `Q4`."""

import datetime
import re

from .models import Period, PeriodKind

LABEL = re.compile(r"^(\d{4})-(\d{2})(?: Q([1-4]))?$")


def financial_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def quarter_of(day: datetime.date) -> int:
    return ((day.month - 4) % 12) // 3 + 1


def label_for(year: int, quarter: int | None = None) -> str:
    base = f"{year}-{(year + 1) % 100:02d}"
    return f"{base} Q{quarter}" if quarter else base


def span(year: int, quarter: int | None = None) -> tuple[datetime.date, datetime.date]:
    if quarter is None:
        return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
    start_month = 4 + 3 * (quarter - 1)
    start_year = year + (start_month - 1) // 12
    start_month = (start_month - 1) % 12 + 1
    start = datetime.date(start_year, start_month, 1)
    next_month = start_month + 3
    end = datetime.date(
        start_year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1
    ) - datetime.timedelta(days=1)
    return start, end


def parse_label(label: str) -> tuple[int, int | None]:
    """`2025-26 Q3` → (2025, 3); `2025-26` → (2025, None). Raises ValueError with a reason."""
    match = LABEL.match(label.strip())
    if not match:
        raise ValueError(
            f"{label!r} is not a period: write a financial year like 2025-26, or a quarter like 2025-26 Q3"
        )
    year, short, quarter = int(match[1]), int(match[2]), match[3]
    if (year + 1) % 100 != short:
        raise ValueError(f"{label!r} is not a financial year: 2025-26 runs from April 2025 to March 2026")
    return year, int(quarter) if quarter else None


def period_get_or_create(*, year: int, quarter: int | None = None) -> Period:
    start, end = span(year, quarter)
    period, _ = Period.objects.get_or_create(
        label=label_for(year, quarter),
        defaults={
            "kind": PeriodKind.QUARTER if quarter else PeriodKind.YEAR,
            "year": year,
            "quarter": quarter,
            "start": start,
            "end": end,
        },
    )
    return period


def period_from_label(label: str) -> Period:
    year, quarter = parse_label(label)
    return period_get_or_create(year=year, quarter=quarter)


def period_for_date(day: datetime.date, *, kind: str = PeriodKind.QUARTER) -> Period:
    year = financial_year_of(day)
    return period_get_or_create(year=year, quarter=quarter_of(day) if kind == PeriodKind.QUARTER else None)


def quarter_spans_back(day: datetime.date, count: int) -> list[tuple[int, int]]:
    """(financial year, quarter) of the `count` quarters ending with the one containing `day`,
    newest first. Plain pairs: listing quarters needs no Period row."""
    year, quarter = financial_year_of(day), quarter_of(day)
    spans = []
    for _ in range(count):
        spans.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return spans


def quarters_back(day: datetime.date, count: int) -> list[Period]:
    """The `count` quarters ending with the one containing `day`, oldest first."""
    return [period_get_or_create(year=y, quarter=q) for y, q in reversed(quarter_spans_back(day, count))]
