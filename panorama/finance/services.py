"""Writes: finance lines (through returns), the totals they roll up into, programme funding and the
legacy systems register. Every change is recorded in the audit trail in the same transaction."""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import repeat
from operator import itemgetter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from panorama.core import audit, bulk
from panorama.core.models import Period, PeriodKind
from panorama.core.periods import financial_year_of, period_get_or_create, span
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme

from .models import (
    CostCategory,
    FinanceLine,
    FinanceTotal,
    Funding,
    LegacySystem,
    LineType,
    Nature,
    ProgrammeFunding,
    RequiredBasis,
)

PENNY = Decimal("0.01")


class StaleEdit(ValidationError):
    pass


# --- Finance totals: the per-body roll-up every page adds up. -------------------------------------


def finance_totals_refresh(
    *, organisation_ids: Iterable[int] | None = None, period_ids: Iterable[int] | None = None
) -> int:
    """Rebuild the totals from the lines, for the given bodies and years (all when None)."""
    lines = FinanceLine.objects.all()
    totals = FinanceTotal.objects.all()
    if organisation_ids is not None:
        organisation_ids = list(organisation_ids)
        lines = lines.filter(organisation_id__in=organisation_ids)
        totals = totals.filter(organisation_id__in=organisation_ids)
    if period_ids is not None:
        period_ids = list(period_ids)
        lines = lines.filter(period_id__in=period_ids)
        totals = totals.filter(period_id__in=period_ids)
    rows = (
        lines.values("organisation_id", "period_id", "line_type", "nature")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by()
    )
    with transaction.atomic():
        totals.delete()
        FinanceTotal.objects.bulk_create(
            (
                FinanceTotal(
                    organisation_id=row["organisation_id"],
                    period_id=row["period_id"],
                    line_type=row["line_type"],
                    nature=row["nature"],
                    amount=row["total"],
                    lines=row["n"],
                )
                for row in rows.iterator(chunk_size=5000)
            ),
            batch_size=2000,
        )
    return FinanceTotal.objects.count()


# --- Finance lines, as a return sends them. --------------------------------------------------------

LINE_FIELDS = ("line_type", "nature", "funding", "programme_id", "category", "description")


_LINE_CHOICES = (  # (position in a line as finance_lines_write takes it, allowed values, label)
    (1, frozenset(LineType.values), "line type"),
    (2, frozenset(Nature.values), "change or run"),
    (3, frozenset(Funding.values), "capital or resource"),
    (5, frozenset(CostCategory.values), "cost category"),
)
_MOST = Decimal("999999999999.99")  # FinanceLine.amount: 14 digits, 2 after the point


def _lines_problem(lines: Sequence[Sequence[Any]], amounts: Sequence[Decimal]) -> str:
    """What is wrong with the first bad line as a caller gave them (the return kind has checked all
    of this already, with row numbers; this keeps the service honest for any other caller).
    Column by column, in C (map, set, min, max) rather than a Python step per line: a return of
    100,000 lines is checked in a few hundredths of a second."""
    for index, choices, label in _LINE_CHOICES:
        if not set(map(itemgetter(index), lines)) <= choices:
            wrong = next(line[index] for line in lines if line[index] not in choices)
            return f"{wrong!r} is not a {label}"
    if max(map(len, map(itemgetter(6), lines)), default=0) > 200:
        return "a description is longer than 200 characters"
    if amounts and (
        min(amounts) < 0
        or max(amounts) > _MOST
        or not all(map(Decimal.__eq__, amounts, map(Decimal.quantize, amounts, repeat(PENNY))))
    ):
        wrong = next(a for a in amounts if not 0 <= a <= _MOST or a != a.quantize(PENNY))
        return f"{wrong} is not an amount in pounds and pence from 0 to {_MOST:,}"
    return ""


def finance_lines_write(
    *, actor: Any, organisation: Organisation, period: Period, lines: Sequence[Sequence[Any]], note: str = ""
) -> dict[str, int]:
    """Create or change one body's lines for one financial year. Each line is (the id of the line it
    changes, or None; then LINE_FIELDS; then the amount, a Decimal or its text). Called inside the
    return's transaction.

    Written in bulk, so that a return of 100,000 lines takes a few dozen statements, not hundreds of
    thousands: new lines in batched inserts, changed amounts in one batched update. The trail gets
    one "finance.return.applied" event on the body for the whole write (who, when, the number of
    lines and their total before → after, the SHA-256 of every line sent, and every created line's
    values), and one "finance.line.changed" event per changed line with its amount before → after.
    Lines left as they were record nothing, and a write that changes nothing writes nothing at all."""
    if period.kind != PeriodKind.YEAR:
        raise ValidationError(f"Finance lines are for a financial year like 2025-26, not {period.label}.")
    counts = {"create": 0, "change": 0, "unchanged": 0}
    label = f"{organisation.short_name} {period.label}"  # as FinanceLine.__str__ begins
    sent = [line[7] if type(line[7]) is Decimal else Decimal(line[7]) for line in lines]
    problem = _lines_problem(lines, sent)
    if problem:
        raise ValidationError(f"Finance lines were not saved: {problem}.")
    texts = list(map(str, sent))  # every amount as Decimal writes it, for the trail and the insert
    with transaction.atomic():
        held = FinanceLine.objects.filter(organisation=organisation, period=period)
        amounts: dict[int, Decimal] = dict(held.values_list("pk", "amount"))
        # The SHA-256 of every line sent, one tab-separated line each.
        digest = hashlib.sha256(
            "".join(
                f"{line[1]}\t{line[2]}\t{line[3]}\t{'' if line[4] is None else line[4]}\t{line[5]}"
                f"\t{line[6]}\t{text}\t\n"
                for line, text in zip(lines, texts, strict=True)
            ).encode()
        )
        created: list[tuple[Any, ...]] = []  # LINE_FIELDS, then the amount as text
        changed: list[tuple[int, Decimal, datetime.datetime]] = []
        changes: list[tuple[int, str, int, dict[str, list[Any]]]] = []
        # What the write adds to the body's totals for the year, per (line type, change or run):
        # [amount, lines]. Summed here, as the lines go by, rather than re-read from the table.
        added: defaultdict[tuple[str, str], list[Any]] = defaultdict(lambda: [Decimal(0), 0])
        now = timezone.now()
        for line, amount, text in zip(lines, sent, texts, strict=True):
            line_id = line[0]
            before = amounts.get(line_id) if line_id else None
            if before is None:
                created.append((*line[1:7], text))
                sums = added[line[1], line[2]]
                sums[0] += amount
                sums[1] += 1
            elif before != amount:
                changed.append((line_id, amount, now))
                what = f"{label} {line[1]} {line[2]} {line[5]}"
                changes.append((line_id, what, organisation.pk, {"amount": [str(before), text]}))
                added[line[1], line[2]][0] += amount - before
            else:
                counts["unchanged"] += 1
        counts["create"], counts["change"] = len(created), len(changed)
        if not created and not changed:
            return counts
        bulk.insert_rows(
            model=FinanceLine,
            fields=[*LINE_FIELDS, "amount"],
            rows=created,  # the amount as text, as both drivers would make of a Decimal anyway
            constants={"organisation_id": organisation.pk, "period_id": period.pk},
        )
        bulk.update_rows(model=FinanceLine, fields=["amount", "updated_at"], rows=changed)
        audit.record_many(
            actor=actor, action="finance.line.changed", model=FinanceLine, entries=changes, note=note
        )
        total_before = sum(amounts.values(), Decimal(0))
        total_after = total_before + sum(amount for amount, _ in added.values())
        audit.record_batch(
            actor=actor,
            action="finance.return.applied",
            obj=organisation,
            before={
                f"finance lines {period.label}": len(amounts),
                f"total {period.label}": str(total_before),
            },
            after={
                f"finance lines {period.label}": len(amounts) + len(created),
                f"total {period.label}": str(total_after),
            },
            # Within a body and year a line is known by everything but its amount, so the created
            # lines are listed by their values alone.
            detail={
                "period": period.label,
                "counts": counts,
                "sha256": digest.hexdigest(),
                "fields": [*LINE_FIELDS, "amount"],
                "created": created,
            },
            note=note,
        )
        _totals_add(organisation=organisation, period=period, added=added)
    return counts


def _totals_add(
    *, organisation: Organisation, period: Period, added: dict[tuple[str, str], list[Any]]
) -> None:
    """Add a write's lines to the body's totals for the year, group by group (at most six), in the
    write's transaction: the figures `finance_totals_refresh` would rebuild from every line of the
    year, without reading them all again. Added in Python, where pounds and pence are exact."""
    held = {
        (total.line_type, total.nature): total
        for total in FinanceTotal.objects.filter(organisation=organisation, period=period)
    }
    for (line_type, nature), (amount, count) in sorted(added.items()):
        total = held.get((line_type, nature))
        if total is None:
            FinanceTotal.objects.create(
                organisation=organisation,
                period=period,
                line_type=line_type,
                nature=nature,
                amount=amount,
                lines=count,
            )
        else:
            total.amount += amount
            total.lines += count
            total.save(update_fields=["amount", "lines"])


# --- Programme funding: required (phased or recorded) and secured. ---------------------------------


def phase_whole_life_cost(
    *, total: Decimal, start: datetime.date, end: datetime.date
) -> list[tuple[int, Decimal]]:
    """Spread `total` over the financial years from `start` to `end`, in proportion to the days of
    each year the programme runs, in pence; the last year takes the rounding so the parts add up
    to the total exactly."""
    if end < start:
        start, end = end, start
    days = (end - start).days + 1
    first, last = financial_year_of(start), financial_year_of(end)
    parts: list[tuple[int, Decimal]] = []
    allocated = Decimal(0)
    for year in range(first, last + 1):
        year_start, year_end = span(year)
        overlap = (min(end, year_end) - max(start, year_start)).days + 1
        if year == last:
            share = total - allocated
        else:
            share = (total * overlap / days).quantize(PENNY, rounding=ROUND_HALF_UP)
        allocated += share
        parts.append((year, share))
    return parts


def programme_required_phasing(programme: Programme) -> list[tuple[int, Decimal]]:
    total = programme.wlc_forecast if programme.wlc_forecast is not None else programme.wlc_baseline
    start = programme.start_forecast or programme.start_baseline
    end = programme.end_forecast or programme.end_baseline
    if total is None or start is None or end is None:
        return []
    return phase_whole_life_cost(total=total, start=start, end=end)


def funding_rephase(*, actor: Any, programme: Programme) -> int:
    """Bring the phased required funding in line with the programme's current forecast. Years whose
    required funding was recorded by hand are left alone. Returns the number of rows changed."""
    phasing = dict(programme_required_phasing(programme))
    changed = 0
    with transaction.atomic():
        rows = {f.period.year: f for f in programme.funding.select_related("period")}
        for year in sorted(set(phasing) | set(rows)):
            row = rows.get(year)
            required = phasing.get(year, Decimal(0))
            if row is None:
                if not required:
                    continue
                row = ProgrammeFunding(
                    programme=programme,
                    period=period_get_or_create(year=year),
                    required=required,
                    required_basis=RequiredBasis.PHASED,
                    illustrative=programme.illustrative,
                )
                row.save()
                audit.record(actor=actor, action="finance.funding.created", obj=row, before={})
                changed += 1
            elif row.required_basis == RequiredBasis.PHASED and row.required != required:
                before = audit.snapshot(row)
                row.required = required
                row.version += 1
                row.save()
                audit.record(actor=actor, action="finance.funding.changed", obj=row, before=before)
                changed += 1
    return changed


def funding_rephase_all(*, actor: Any) -> int:
    changed = 0
    for programme in Programme.objects.all().iterator(chunk_size=500):
        changed += funding_rephase(actor=actor, programme=programme)
    return changed


def funding_set(
    *,
    actor: Any,
    programme: Programme,
    period: Period,
    secured: Decimal,
    required: Decimal | None,
    source: str = "",
    version: int | None = None,
) -> ProgrammeFunding:
    """Record the funding secured for one year and, optionally, the funding required (None: phase
    it from the programme's forecast). `version` refuses a stale save."""
    if period.kind != PeriodKind.YEAR:
        raise ValidationError({"year": f"Funding is per financial year like 2025-26, not {period.label}."})
    problems = {}
    if secured < 0:
        problems["secured"] = "Funding secured cannot be negative."
    if required is not None and required < 0:
        problems["required"] = "Funding required cannot be negative."
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        row = ProgrammeFunding.objects.select_for_update().filter(programme=programme, period=period).first()
        if row is not None and version is not None and row.version != version:
            raise StaleEdit(
                f"The funding for {programme} in {period} has changed since this page was loaded. "
                "Reload it and make your change again."
            )
        before = audit.snapshot(row) if row is not None else {}
        if row is None:
            row = ProgrammeFunding(programme=programme, period=period)
        phased = dict(programme_required_phasing(programme)).get(period.year, Decimal(0))
        row.required = required if required is not None else phased
        row.required_basis = RequiredBasis.RECORDED if required is not None else RequiredBasis.PHASED
        row.secured = secured
        row.source = source.strip()
        if row.pk:
            row.version += 1
        row.full_clean(exclude=["programme", "period"])
        row.save()
        audit.record(
            actor=actor,
            action="finance.funding.changed" if before else "finance.funding.created",
            obj=row,
            before=before,
        )
    return row


# --- The legacy systems register. ------------------------------------------------------------------

LEGACY_FIELDS = (
    "name",
    "business_function",
    "technology",
    "supplier",
    "year_into_service",
    "contract_end",
    "end_of_support",
    "annual_run_cost",
    "risk",
    "users_affected",
    "replacing_programme",
    "notes",
)


def _legacy_check(system: LegacySystem) -> None:
    problems: dict[str, str] = {}
    this_year = datetime.date.today().year
    if system.year_into_service is not None and not 1950 <= system.year_into_service <= this_year:
        problems["year_into_service"] = f"Year into service must be between 1950 and {this_year}."
    if system.risk is not None and not 1 <= system.risk <= 5:
        problems["risk"] = "Risk must be a whole number from 1 (low) to 5 (critical)."
    if system.annual_run_cost is not None and system.annual_run_cost < 0:
        problems["annual_run_cost"] = "Annual run cost cannot be negative."
    programme = system.replacing_programme
    if (
        programme is not None
        and programme.organisation_id != system.organisation_id
        and not programme.partners.filter(pk=system.organisation_id).exists()
    ):
        problems["replacing_programme"] = (
            "The replacing programme must be one this body runs or is a partner in."
        )
    if problems:
        raise ValidationError(problems)
    system.full_clean(exclude=["organisation", "replacing_programme"])


def legacy_system_create(*, actor: Any, organisation: Organisation, data: dict[str, Any]) -> LegacySystem:
    system = LegacySystem(organisation=organisation)
    for name in LEGACY_FIELDS:
        if name in data:
            setattr(system, name, data[name])
    if LegacySystem.objects.filter(organisation=organisation, name__iexact=system.name).exists():
        raise ValidationError(
            {"name": f"{organisation.short_name} already has a system called {system.name}."}
        )
    _legacy_check(system)
    with transaction.atomic():
        system.save()
        audit.record(actor=actor, action="finance.legacy_system.created", obj=system, before={})
    return system


def legacy_system_update(
    *, actor: Any, system: LegacySystem, version: int | None, data: dict[str, Any]
) -> LegacySystem:
    with transaction.atomic():
        current = LegacySystem.objects.select_for_update().get(pk=system.pk)
        if version is not None and current.version != version:
            raise StaleEdit(
                f"{current.name} has changed since this page was loaded. Reload it and make your change again."
            )
        before = audit.snapshot(current)
        for name in LEGACY_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        clash = (
            LegacySystem.objects.filter(organisation_id=current.organisation_id, name__iexact=current.name)
            .exclude(pk=current.pk)
            .exists()
        )
        if clash:
            raise ValidationError({"name": f"This body already has a system called {current.name}."})
        _legacy_check(current)
        current.version += 1
        current.save()
        audit.record(actor=actor, action="finance.legacy_system.changed", obj=current, before=before)
    return current


def legacy_system_delete(*, actor: Any, system: LegacySystem) -> None:
    audit.delete(actor=actor, action="finance.legacy_system.deleted", obj=system)
