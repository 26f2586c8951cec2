"""The GOV.UK services dataset (alphagov/spotlight's services.csv, 2012-Q4 to 2017-Q4): one wide
row per service with six figures per quarter, turned into the `services` return's long rows.

The shipped mapping (mappings/govuk-services.toml) imports one quarter through `panorama import
services`, as mappings name one source column per field. The whole history, 21 quarters side by
side, comes through here: `panorama import_govuk_services FILE` unpivots it into the same rows.

Its quarter labels are calendar quarters ("2017-Q4" = October to December 2017), which this maps
onto financial-year quarters ("2017-18 Q3"). Cells hold "40,000", "6,500.00", "-" or nothing.
"""

import csv
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from panorama.core.periods import label_for

QUARTER = re.compile(r"^(\d{4})-Q([1-4]) (.+)$")
MEASURES = {
    "Vol.": "transactions",
    "Digital vol.": "digital_transactions",
    "CPT (£)": "cost_per_transaction",
    "Digital CPT (£)": "digital_cost_per_transaction",
    "Completion rate": "completion_rate",
    "User satisfaction": "user_satisfaction",
}
SOURCE = "GOV.UK Performance Platform services data (alphagov/spotlight), Open Government Licence v3.0"
OPTIONS = {"create_missing_organisations": True, "organisation_illustrative": True}


def financial_quarter(calendar_year: int, calendar_quarter: int) -> str:
    """Calendar 2017 Q4 (Oct–Dec) → `2017-18 Q3`; calendar 2018 Q1 (Jan–Mar) → `2017-18 Q4`."""
    if calendar_quarter == 1:
        return label_for(calendar_year - 1, 4)
    return label_for(calendar_year, calendar_quarter - 1)


def number(cell: str) -> Decimal | None:
    text = cell.strip().replace(",", "").replace("£", "")
    if not text or text == "-":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def quarter_columns(header: list[str]) -> dict[str, dict[str, int]]:
    """{financial quarter label: {measure: column index}} from headers like `2013-Q1 CPT (£)`."""
    quarters: dict[str, dict[str, int]] = {}
    for index, name in enumerate(header):
        match = QUARTER.match(name.strip())
        if match and match[3] in MEASURES:
            label = financial_quarter(int(match[1]), int(match[2]))
            quarters.setdefault(label, {})[MEASURES[match[3]]] = index
    return quarters


def rows(path: Path) -> Iterator[dict[str, Any]]:
    """The services return's rows: one per service and quarter with at least one figure, and one
    with no figures for a service that never reported any (so the register still lists it)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        at = {name.strip(): i for i, name in enumerate(header)}
        quarters = quarter_columns(header)
        for line_number, cells in enumerate(reader, start=2):
            # The same columns as mappings/govuk-services.toml gives the return: the agency, and its
            # department as the parent (the owner when the row names no agency of its own).
            base = {
                "service": cells[at["Slug"]].strip(),
                "name": cells[at["Name of service"]].strip(),
                "organisation": cells[at["Agency abbr"]].strip(),
                "organisation_name": cells[at["Agency/body"]].strip(),
                "parent": cells[at["Abbr"]].strip(),
                "parent_name": cells[at["Department"]].strip(),
                "phase": "live",
                "users": cells[at["Customer type"]].strip().removeprefix("[not provided]"),
                "category": cells[at["Category"]].strip(),
                "url": cells[at["URL"]].strip(),
            }
            emitted = False
            for label, columns in quarters.items():
                figures: dict[str, Any] = {}
                for measure, index in columns.items():
                    value = number(cells[index])
                    if value is not None and measure in ("transactions", "digital_transactions"):
                        value = int(value)
                    figures[measure] = value
                if all(v is None for v in figures.values()):
                    continue
                emitted = True
                yield {**base, "period": label, **figures, "_row": line_number}
            if not emitted:
                yield {**base, "period": "", "_row": line_number}
