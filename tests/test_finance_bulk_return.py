"""The finance return written in bulk: a big return takes a constant number of queries, and keeps
the returns rules — every bad row reported and nothing written, the same file twice changes
nothing, a changed file records each changed line's amount before → after."""

import csv
import io
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from panorama.core.models import AuditEvent
from panorama.finance import services
from panorama.finance.models import FinanceLine, FinanceTotal
from panorama.returns.services import return_import

from .finance_factories import programme, year

pytestmark = pytest.mark.django_db

HEADER = "line_type,change_or_run,capital_or_resource,programme,category,description,amount\r\n"
TYPES = ("actual", "budget", "forecast")


def finance_file(
    lines: int, *, programme_ref: str = "SSS-BCM", amounts: dict[int, str] | None = None
) -> bytes:
    """`lines` distinct lines, every fourth for the programme, the rest business as usual."""
    amounts = amounts or {}
    rows = [
        f"{TYPES[i % 3]},{'change' if i % 2 else 'run'},resource,{programme_ref if i % 4 == 0 else ''},"
        f"software,Line {i},{amounts.get(i, f'{1000 + i}.50')}\r\n"
        for i in range(lines)
    ]
    return (HEADER + "".join(rows)).encode()


def trail() -> int:
    return AuditEvent.objects.filter(action__startswith="finance.").count()


def send(world, data: bytes, **extra):
    return return_import(
        kind="finance",
        data=data,
        filename="finance.csv",
        organisation=world.body_a,
        period=year(2024),
        actor=world.editor_a,
        **extra,
    )


@pytest.fixture
def body_programme(world):
    found = programme(world.body_a, "Benefits case management")
    found.external_ref = "SSS-BCM"
    found.save()
    return found


def test_a_big_return_is_planned_and_written_in_a_constant_number_of_queries(
    world, body_programme, django_assert_max_num_queries
):
    # 3,000 lines: written one by one this took over 15,000 queries.
    with django_assert_max_num_queries(40):
        result = send(world, finance_file(3000))
    assert result.ok and result.committed, result.problem_messages
    assert FinanceLine.objects.filter(organisation=world.body_a).count() == 3000
    assert FinanceLine.objects.filter(programme=body_programme).count() == 750
    total = sum(Decimal(f"{1000 + i}.50") for i in range(3000))
    assert sum(t.amount for t in FinanceTotal.objects.filter(organisation=world.body_a)) == total


def test_lines_written_in_bulk_get_their_own_public_ids_and_timestamps(world, body_programme):
    assert send(world, finance_file(50)).committed
    lines = list(FinanceLine.objects.filter(organisation=world.body_a))
    assert len({line.public_id for line in lines}) == 50
    assert all(isinstance(line.public_id, uuid.UUID) and line.public_id.version == 7 for line in lines)
    # Time-ordered, so that new lines are appended to the unique index: in the order they were made.
    by_pk = [line.public_id for line in sorted(lines, key=lambda line: line.pk)]
    assert by_pk == sorted(by_pk)
    assert all(line.created_at is not None and line.updated_at is not None for line in lines)
    assert {line.period for line in lines} == {year(2024)} and not any(line.illustrative for line in lines)


def test_the_import_is_recorded_once_with_every_created_line(world, body_programme):
    assert send(world, finance_file(200)).committed
    event = AuditEvent.objects.get(action="finance.return.applied")
    assert event.actor == world.editor_a and event.organisation_id == world.body_a.pk
    assert event.changes["finance lines 2024-25"] == [0, 200]
    assert event.snapshot["counts"] == {"create": 200, "change": 0, "unchanged": 0}
    assert len(event.snapshot["sha256"]) == 64
    created = {tuple(line) for line in event.snapshot["created"]}
    assert ("actual", "run", "resource", body_programme.pk, "software", "Line 0", "1000.50") in created
    assert len(created) == 200
    assert trail() == 1


def test_the_same_file_twice_writes_nothing_the_second_time(world, body_programme):
    data = finance_file(300)
    assert send(world, data).committed
    stamps = dict(FinanceLine.objects.values_list("pk", "updated_at"))
    events = trail()

    again = send(world, data)
    assert again.committed and again.counts == {"create": 0, "change": 0, "unchanged": 300}
    assert dict(FinanceLine.objects.values_list("pk", "updated_at")) == stamps
    assert trail() == events


def test_a_changed_file_records_each_changed_line_before_and_after(world, body_programme):
    assert send(world, finance_file(300)).committed
    changed = send(world, finance_file(300, amounts={7: "99.99", 120: "0"}))
    assert changed.counts == {"create": 0, "change": 2, "unchanged": 298}
    [summary_7] = [a.summary for a in changed.plan.actions if a.row == 9]  # line 7 is on row 9
    assert "£1,007.50 → £99.99" in summary_7

    assert AuditEvent.objects.filter(action="finance.line.changed").count() == 2
    line_7 = FinanceLine.objects.get(description="Line 7")
    event = AuditEvent.objects.get(action="finance.line.changed", object_id=str(line_7.pk))
    assert event.changes == {"amount": ["1007.50", "99.99"]} and event.actor == world.editor_a
    assert line_7.amount == Decimal("99.99")
    assert FinanceLine.objects.get(description="Line 120").amount == Decimal("0")
    applied = AuditEvent.objects.filter(action="finance.return.applied").first()  # the newest
    assert applied.snapshot["counts"]["change"] == 2 and applied.snapshot["created"] == []
    total = sum(Decimal(f"{1000 + i}.50") for i in range(300)) - Decimal("1007.50") + Decimal("99.99")
    total -= Decimal("1120.50")
    assert sum(t.amount for t in FinanceTotal.objects.filter(organisation=world.body_a)) == total


def test_bad_rows_anywhere_in_a_big_file_are_all_reported_and_nothing_is_written(world, body_programme):
    lines = finance_file(2000).decode().splitlines(keepends=True)
    lines[1500] = "actual,run,resource,,software,Line x,-5\r\n"
    lines[1999] = "actuals,run,resource,,software,Line y,10.00\r\n"
    result = send(world, "".join(lines).encode())
    assert not result.ok and not result.committed
    assert {p.row for p in result.problems} == {1501, 2000}, result.problem_messages
    assert FinanceLine.objects.count() == 0 and trail() == 0


def test_a_line_for_someone_elses_programme_leaves_nothing_written(world, body_programme):
    programme(world.body_b, "Disclosure case management")
    lines = finance_file(2000).decode().splitlines(keepends=True)
    lines[1999] = "actual,run,resource,Disclosure case management,software,Line y,10.00\r\n"
    result = send(world, "".join(lines).encode())
    assert not result.committed
    assert [(p.row, p.column) for p in result.problems] == [(2000, "Programme")]
    assert "is not a programme of this body" in result.problems[0].message
    assert FinanceLine.objects.count() == 0 and trail() == 0


def test_the_service_refuses_a_bad_line_before_writing_any(world, body_programme):
    # (id of a line to change or None, line type, change or run, capital or resource, programme id,
    # category, description, amount)
    lines = [(None, "actual", "run", "resource", None, "software", f"Line {i}", "10.00") for i in range(10)]
    lines[-1] = (None, "actual", "run", "resource", None, "biscuits", "Line 9", "10.00")
    with pytest.raises(ValidationError, match="'biscuits' is not a cost category"):
        services.finance_lines_write(
            actor=world.editor_a, organisation=world.body_a, period=year(2024), lines=lines
        )
    assert FinanceLine.objects.count() == 0 and trail() == 0


@pytest.mark.parametrize(
    ("last", "message"),
    [
        ({7: "-0.01"}, "-0.01 is not an amount in pounds and pence"),
        ({7: "10.005"}, "10.005 is not an amount in pounds and pence"),
        ({7: "1000000000000.00"}, "1000000000000.00 is not an amount in pounds and pence"),
        ({6: "x" * 201}, "a description is longer than 200 characters"),
        ({1: "outturn"}, "'outturn' is not a line type"),
    ],
)
def test_the_service_refuses_any_bad_value_in_the_last_line(world, body_programme, last, message):
    lines = [[None, "actual", "run", "resource", None, "software", f"Line {i}", "10.00"] for i in range(10)]
    for index, value in last.items():
        lines[-1][index] = value
    with pytest.raises(ValidationError, match=message):
        services.finance_lines_write(
            actor=world.editor_a, organisation=world.body_a, period=year(2024), lines=lines
        )
    assert FinanceLine.objects.count() == 0 and trail() == 0


def test_an_auditor_downloads_the_lines_a_bulk_import_created(client, world, body_programme):
    assert send(world, finance_file(30)).committed
    event = AuditEvent.objects.get(action="finance.return.applied")
    client.force_login(world.auditor)
    page = client.get(f"/audit/{event.public_id}/")
    assert page.status_code == 200 and 'href="?format=csv"' in page.content.decode()
    response = client.get(f"/audit/{event.public_id}/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["line_type", "nature", "funding", "programme_id", "category", "description", "amount"]
    assert (
        len(rows) == 31
        and ["actual", "run", "resource", str(body_programme.pk), "software", "Line 0", "1000.50"] in rows
    )

    other = AuditEvent.objects.exclude(pk=event.pk).first()
    assert "format=csv" not in client.get(f"/audit/{other.public_id}/").content.decode()
    assert client.get(f"/audit/{other.public_id}/", {"format": "csv"}).status_code == 404


def test_totals_kept_by_each_write_equal_totals_rebuilt_from_every_line(world, body_programme):
    def totals():
        return sorted(
            FinanceTotal.objects.filter(organisation=world.body_a).values_list(
                "period__label", "line_type", "nature", "amount", "lines"
            )
        )

    assert send(world, finance_file(300)).committed  # every total created
    assert send(world, finance_file(300, amounts={4: "1.01", 5: "0"})).committed  # two lines changed
    more = finance_file(450).decode().splitlines(keepends=True)
    assert send(world, "".join(more[:1] + more[301:]).encode()).committed  # 150 more lines added
    kept = totals()
    assert sum(row[4] for row in kept) == 450 and len(kept) == 6

    services.finance_totals_refresh(organisation_ids=[world.body_a.pk])
    assert totals() == kept
