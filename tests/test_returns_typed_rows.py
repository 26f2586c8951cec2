"""A validated file's rows are kept column by column (TypedRows) and read as dicts: every reader
sees the same rows either way, and the finance plan reads the columns to the same result."""

from decimal import Decimal

import pytest

from panorama.finance.return_kinds import FINANCE
from panorama.returns.kinds import Context, TypedRows
from panorama.returns.validation import validate

from .finance_factories import programme, year


def typed() -> TypedRows:
    return TypedRows({"_row": [2, 3, 4], "name": ["a", "b", "c"], "amount": None}, 3)


def test_rows_read_as_dicts_of_every_column_with_missing_columns_empty():
    rows = typed()
    expected = [
        {"_row": 2, "name": "a", "amount": None},
        {"_row": 3, "name": "b", "amount": None},
        {"_row": 4, "name": "c", "amount": None},
    ]
    assert len(rows) == 3 and list(rows) == expected and rows == expected
    assert rows[0] == expected[0] and rows[-1] == expected[2] and rows[1:] == expected[1:]
    assert rows.column("name") == ["a", "b", "c"] and rows.column("amount") == [None, None, None]
    with pytest.raises(IndexError):
        rows[3]


def test_changing_a_row_read_from_the_rows_does_not_change_the_rows():
    rows = typed()
    first = rows[0]
    first["name"] = "changed"
    assert rows[0]["name"] == "a" and next(iter(rows))["name"] == "a"


@pytest.mark.django_db
def test_the_finance_plan_is_the_same_from_columns_as_from_dicts(world):
    header = [column.name for column in FINANCE.columns]
    table = [
        (1, header),
        (2, ["actual", "run", "resource", "", "software", "Hosting", "100.50"]),
        (3, ["budget", "change", "capital", "", "hardware", "", "2000"]),
        (4, ["actual", "run", "resource", "no such programme", "software", "", "3"]),
        (5, ["actual", "run", "resource", "SSS-BCM", "software", "", "7"]),
        (6, ["actual", "run", "resource", "Benefits case management", "software", "", "8"]),  # row 5 again
    ]
    found = programme(world.body_a, "Benefits case management")
    found.external_ref = "SSS-BCM"
    found.save()
    validated = validate(FINANCE, table)
    assert isinstance(validated.rows, TypedRows) and not validated.problems
    context = Context(organisation=world.body_a, period=year(2024), actor=world.editor_a)
    from_columns = FINANCE.plan(context, validated.rows)
    from_dicts = FINANCE.plan(context, [dict(row) for row in validated.rows])

    assert [(p.row, p.message) for p in from_columns.problems] == [
        (p.row, p.message) for p in from_dicts.problems
    ]
    assert [p.row for p in from_columns.problems] == [4, 6]
    assert from_columns.actions == from_dicts.actions
    assert from_columns.payload == from_dicts.payload
    amounts = [line[-1] for line in from_columns.payload["lines"]]
    assert amounts == [Decimal("100.50"), Decimal("2000.00"), Decimal("7.00")]
