"""The finance and legacy-systems return kinds: plan checks every row, apply writes all of it."""

import datetime
from decimal import Decimal

import pytest

from panorama.core.models import AuditEvent
from panorama.finance.models import FinanceLine, FinanceTotal, LegacySystem
from panorama.finance.return_kinds import FINANCE, LEGACY_SYSTEMS
from panorama.returns.kinds import Context

from .finance_factories import programme, year

pytestmark = pytest.mark.django_db


def finance_row(number, **values):
    row = {
        "_row": number,
        "line_type": "actual",
        "change_or_run": "run",
        "capital_or_resource": "resource",
        "programme": "",
        "category": "software",
        "description": "",
        "amount": Decimal("1000.00"),
    }
    row.update(values)
    return row


def test_both_kinds_are_listed_in_settings():
    from django.conf import settings
    from django.utils.module_loading import import_string

    slugs = {import_string(path).slug for path in settings.PANORAMA_RETURN_KINDS}
    assert {"finance", "legacy-systems"} <= slugs


def test_finance_return_creates_lines_then_changes_only_what_changed(world):
    pass_programme = programme(world.body_a, "Benefits case management")
    pass_programme.external_ref = "SSS-BCM"
    pass_programme.save()
    context = Context(organisation=world.body_a, period=year(2024), actor=world.editor_a)
    rows = [
        finance_row(2, amount=Decimal("250000.50")),
        finance_row(4, change_or_run="change", programme="sss-bcm", category="staff", amount=Decimal("5")),
        finance_row(
            3,
            change_or_run="change",
            programme="benefits case management",
            category="contractors",
            amount=Decimal("1200000"),
        ),
    ]
    plan = FINANCE.plan(context, rows)
    assert not plan.problems
    assert plan.counts == {"create": 3, "change": 0, "unchanged": 0}
    FINANCE.apply(context, plan)
    assert FinanceLine.objects.filter(organisation=world.body_a).count() == 3
    assert {line.programme for line in FinanceLine.objects.filter(nature="change")} == {pass_programme}
    rows.pop(1)
    assert FinanceTotal.objects.get(nature="run").amount == Decimal("250000.50")
    applied = AuditEvent.objects.get(action="finance.return.applied")
    assert applied.actor == world.editor_a and applied.organisation_id == world.body_a.pk
    assert len(applied.snapshot["created"]) == 3 and applied.snapshot["counts"]["create"] == 3

    rows[0]["amount"] = Decimal("260000.00")
    again = FINANCE.plan(context, rows)
    assert again.counts == {"create": 0, "change": 1, "unchanged": 1}
    assert "£250,000.50 → £260,000.00" in again.actions[0].summary
    FINANCE.apply(context, again)
    assert FinanceLine.objects.filter(organisation=world.body_a).count() == 3
    assert FinanceTotal.objects.get(nature="run").amount == Decimal("260000.00")
    changed = AuditEvent.objects.get(action="finance.line.changed")
    assert changed.changes == {"amount": ["250000.50", "260000.00"]}
    assert changed.object_id == str(FinanceLine.objects.get(nature="run").pk)


def test_finance_return_reports_every_bad_row_and_plans_nothing_for_them(world):
    programme(world.body_b, "Someone else's programme")
    context = Context(organisation=world.body_a, period=year(2024), actor=world.editor_a)
    plan = FINANCE.plan(
        context,
        [
            finance_row(2),
            finance_row(3),
            finance_row(4, programme="Someone else's programme"),
            finance_row(5, amount=Decimal("10.005")),
        ],
    )
    messages = [(p.row, p.message) for p in plan.problems]
    assert messages[0][0] == 3 and "repeats row 2" in messages[0][1]
    assert messages[1][0] == 4 and "is not a programme of this body" in messages[1][1]
    assert messages[2][0] == 5 and "penny" in messages[2][1]
    assert FinanceLine.objects.count() == 0


def test_finance_return_must_be_for_a_financial_year(world):
    from panorama.core.periods import period_get_or_create

    context = Context(
        organisation=world.body_a, period=period_get_or_create(year=2024, quarter=2), actor=None
    )
    plan = FINANCE.plan(context, [finance_row(2)])
    assert plan.problems and "one financial year" in plan.problems[0].message


def legacy_row(number, **values):
    row = {
        "_row": number,
        "name": "Payments engine",
        "business_function": "Paying benefits",
        "technology": "COBOL",
        "supplier": "Example Ltd",
        "year_into_service": 1998,
        "contract_end": datetime.date(2027, 3, 31),
        "end_of_support": datetime.date(2025, 6, 30),
        "annual_run_cost": Decimal("850000.00"),
        "risk": 5,
        "users_affected": 250000,
        "replacing_programme": "",
        "notes": "",
    }
    row.update(values)
    return row


def test_legacy_return_creates_then_updates_systems_by_name(world):
    replacement = programme(world.body_a, "Payments modernisation")
    context = Context(organisation=world.body_a, period=None, actor=world.editor_a)
    plan = LEGACY_SYSTEMS.plan(context, [legacy_row(2), legacy_row(3, name="Case records", risk=2)])
    assert not plan.problems and plan.counts["create"] == 2
    LEGACY_SYSTEMS.apply(context, plan)
    assert LegacySystem.objects.filter(organisation=world.body_a).count() == 2

    plan = LEGACY_SYSTEMS.plan(
        context,
        [
            legacy_row(2, name="payments engine", replacing_programme="Payments modernisation"),
            legacy_row(3, name="Case records", risk=2),
        ],
    )
    assert plan.counts == {"create": 0, "change": 1, "unchanged": 1}
    assert "replacing programme (empty) → Payments modernisation" in plan.actions[0].summary
    LEGACY_SYSTEMS.apply(context, plan)
    assert LegacySystem.objects.get(name="Payments engine").replacing_programme == replacement
    assert AuditEvent.objects.filter(action="finance.legacy_system.changed").count() == 1


def test_legacy_return_refuses_a_repeated_system_and_a_risk_out_of_range(world):
    context = Context(organisation=world.body_a, period=None, actor=world.editor_a)
    plan = LEGACY_SYSTEMS.plan(context, [legacy_row(2), legacy_row(3), legacy_row(4, name="Other", risk=7)])
    assert [p.row for p in plan.problems] == [3, 4]
    assert "list each system once" in plan.problems[0].message
    assert "1 (low) to 5" in plan.problems[1].message
