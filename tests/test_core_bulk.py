"""core.bulk writes many rows in a few statements; what it stores must be exactly what it was given."""

import uuid
from decimal import Decimal

import pytest

from panorama.core import bulk
from panorama.finance.models import FinanceLine

from .finance_factories import year

pytestmark = pytest.mark.django_db


def test_every_row_is_stored_as_given_across_batches_and_a_part_statement(world):
    # 5,123 rows: a full batch of multi-row statements, then 123 rows, the last 23 a statement each.
    rows = [
        ("actual", "run", "resource", None, "software", f"Line {i}", f"{i}.{i % 100:02d}")
        for i in range(5123)
    ]
    period = year(2024)
    written = bulk.insert_rows(
        model=FinanceLine,
        fields=["line_type", "nature", "funding", "programme_id", "category", "description", "amount"],
        rows=rows,
        constants={"organisation_id": world.body_a.pk, "period_id": period.pk},
    )
    assert written == 5123
    stored = FinanceLine.objects.filter(organisation=world.body_a, period=period).order_by("pk")
    assert [(line.description, line.amount) for line in stored] == [
        (f"Line {i}", Decimal(f"{i}.{i % 100:02d}")) for i in range(5123)
    ]
    ids = [line.public_id for line in stored]
    assert len(set(ids)) == 5123 and all(isinstance(i, uuid.UUID) and i.version == 7 for i in ids)
    assert ids == sorted(ids)
    assert all(line.created_at is not None and line.updated_at == line.created_at for line in stored)
