"""The finance return and the legacy systems return, declared against panorama.returns.kinds.

`plan` checks the business rules and works out what would be created or changed; `apply` writes it
(inside the returns machinery's one transaction) through the finance services.
"""

import datetime
import uuid
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from panorama.core.models import Period, PeriodKind
from panorama.core.periods import period_from_label
from panorama.programmes.models import Programme
from panorama.returns.kinds import Column, Context, Plan, Problem, ReturnKind, RowAction, TypedRows

from . import services
from .models import CostCategory, FinanceLine, Funding, LegacySystem, LineType, Nature


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _period(context: Context) -> Period | None:
    period = context.period
    if isinstance(period, str):
        period = period_from_label(period)
    return period


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


class ProgrammeLookup:
    """Finds a body's programme by its reference (as the progress return uses it), its title (any
    case) or its Panorama id: the body's own programmes and those it is a partner in."""

    def __init__(self, organisation) -> None:
        programmes = Programme.objects.filter(organisation=organisation) | Programme.objects.filter(
            partners=organisation
        )
        self.by_id: dict[str, Programme] = {}
        self.by_ref: dict[str, list[Programme]] = {}
        self.by_title: dict[str, list[Programme]] = {}
        for programme in programmes.distinct():
            self.by_id[str(programme.public_id)] = programme
            if programme.external_ref.strip():
                self.by_ref.setdefault(programme.external_ref.strip().casefold(), []).append(programme)
            self.by_title.setdefault(programme.title.strip().casefold(), []).append(programme)

    def find(self, reference: str) -> tuple[Programme | None, str]:
        """(programme, problem): no reference is business as usual, (None, "")."""
        if not reference:
            return None, ""
        try:
            found = self.by_id.get(str(uuid.UUID(reference)))
        except ValueError:
            found = None
        if found is not None:
            return found, ""
        matches = self.by_ref.get(reference.casefold(), []) or self.by_title.get(reference.casefold(), [])
        if len(matches) == 1:
            return matches[0], ""
        if len(matches) > 1:
            return None, f"more than one programme is called {reference!r}: give its Panorama id instead"
        return None, (
            f"{reference!r} is not a programme of this body (give its reference or its title as the "
            "programme register shows it, or its Panorama id; leave it empty for business as usual)"
        )


# --- Finance return -----------------------------------------------------------------------------------

FINANCE_COLUMNS = (
    Column(
        "line_type",
        "Line type",
        "choice",
        required=True,
        choices=tuple(LineType.values),
        help="actual (spent), budget (set for the year) or forecast (expected outturn).",
        example="actual",
    ),
    Column(
        "change_or_run",
        "Change or run",
        "choice",
        required=True,
        choices=tuple(Nature.values),
        help="change: building, modernising or enhancing services; run: operating and maintaining what exists.",
        example="run",
    ),
    Column(
        "capital_or_resource",
        "Capital or resource",
        "choice",
        required=True,
        choices=tuple(Funding.values),
        help="The budget the spend scores against.",
        example="resource",
    ),
    Column(
        "programme",
        "Programme",
        max_length=300,
        help="The programme's reference or title as the register shows it, or its Panorama id; empty for business as usual.",
        example="",
    ),
    Column(
        "category",
        "Cost category",
        "choice",
        required=True,
        choices=tuple(CostCategory.values),
        help="staff, contractors, software, hardware, cloud and hosting, services or other.",
        example="cloud and hosting",
    ),
    Column(
        "description",
        "Description",
        max_length=200,
        help="Optional, to keep several lines apart within the same type, programme and category.",
        example="Hosting of the case management system",
    ),
    Column(
        "amount",
        "Amount",
        "money",
        required=True,
        minimum=Decimal(0),
        help="In pounds, to the penny.",
        example="125000.00",
    ),
)

FINANCE_KEY = ("line_type", "change_or_run", "capital_or_resource", "programme", "category", "description")


def finance_plan(context: Context, rows: Sequence[dict[str, Any]]) -> Plan:
    plan = Plan(payload={"lines": []})
    period = _period(context)
    if period is None or period.kind != PeriodKind.YEAR:
        plan.problems.append(
            Problem("A finance return is for one financial year, like 2025-26: choose the year it covers.")
        )
        return plan
    organisation = context.organisation
    lookup = ProgrammeLookup(organisation)
    # Everything the plan compares against, in two queries whatever the size of the return: the
    # body's programmes (above) and its lines for the year, as plain tuples.
    existing = {
        (line_type, nature, funding, programme_id, category, description.casefold()): (pk, amount)
        for pk, line_type, nature, funding, programme_id, category, description, amount in (
            FinanceLine.objects.filter(organisation=organisation, period=period).values_list(
                "pk", "line_type", "nature", "funding", "programme_id", "category", "description", "amount"
            )
        )
    }
    found: dict[str, tuple[Programme | None, str]] = {}  # a big return names a few programmes many times
    seen: dict[tuple, int] = {}
    actions, lines, problems = plan.actions, plan.payload["lines"], plan.problems
    penny = services.PENNY
    names = ("_row", "programme", "amount", "description", *FINANCE_KEY[:3], "category")
    if isinstance(rows, TypedRows):  # a validated file: read it column by column, not row by row
        records = zip(*map(rows.column, names), strict=True)
    else:
        records = (tuple(row.get(name) for name in names) for row in rows)
    for number, reference, amount, description, line_type, nature, funding, category in records:
        # _text, written out (and for the description below): this loop runs once per line.
        reference = "" if reference is None else str(reference).strip()
        if reference not in found:
            found[reference] = lookup.find(reference)
        programme, problem = found[reference]
        if problem:
            problems.append(Problem(problem[0].upper() + problem[1:] + ".", number, "Programme", reference))
            continue
        if amount is None:
            problems.append(Problem("Enter the amount in pounds.", number, "Amount"))
            continue
        if amount < 0:
            problems.append(Problem("The amount cannot be negative.", number, "Amount", str(amount)))
            continue
        if amount != amount.quantize(penny):
            problems.append(Problem("Give the amount to the penny at most.", number, "Amount", str(amount)))
            continue
        description = "" if description is None else str(description).strip()
        programme_id = programme.pk if programme else None
        key = (line_type, nature, funding, programme_id, category, description.casefold())
        if key in seen:
            problems.append(
                Problem(
                    f"This line repeats row {seen[key]} (same type, change or run, capital or resource, "
                    "programme, category and description): add the amounts together or describe each.",
                    number,
                )
            )
            continue
        seen[key] = number
        line_id, held = existing.get(key, (None, None))
        # The preview line is written only if it is shown (RowAction).
        summary = partial(_line_summary, key, programme, description, held, amount)
        if line_id is None:
            actions.append(RowAction(number, "create", summary))
        elif held != amount:
            actions.append(RowAction(number, "change", summary, {"amount": (held, amount)}))
        else:
            actions.append(RowAction(number, "unchanged", summary))
        lines.append((line_id, line_type, nature, funding, programme_id, category, description, amount))
    return plan


def _line_summary(
    key: tuple, programme: Programme | None, description: str, held: Decimal | None, amount: Decimal
) -> str:
    """A finance plan's preview of one line: "Actual run resource staff for business as usual: £1.00",
    with the amount held before when it changes."""
    line_type, nature, funding, _, category, _ = key
    what = (
        f"{line_type.capitalize()} {nature} {funding} {category} for "
        f"{programme.title if programme else 'business as usual'}{f' ({description})' if description else ''}"
    )
    if held is None or held == amount:
        return f"{what}: {_money(amount)}"
    return f"{what}: {_money(held)} → {_money(amount)}"


def finance_apply(context: Context, plan: Plan) -> None:
    # The payload is lean (a line is a tuple, not a dict: a 100,000-line return holds 100,000 of
    # them): each is (id of the line it changes or None, *services.LINE_FIELDS, amount).
    services.finance_lines_write(
        actor=context.actor,
        organisation=context.organisation,
        period=_period(context),
        lines=plan.payload["lines"],
        note="finance return",
    )


FINANCE = ReturnKind(
    slug="finance",
    label="Finance return",
    description=(
        "A body's digital spend for one financial year: one line per amount of actual, budgeted or "
        "forecast spend, typed change (building, modernising or enhancing services) or run (operating "
        "and maintaining what exists: keeping the lights on), capital or resource, for a programme or "
        "business as usual, in one cost category. Amounts are in pounds, to the penny. A line already "
        "held for the year is matched on everything but its amount, and its amount is replaced; to "
        "withdraw a line, send it with amount 0."
    ),
    columns=FINANCE_COLUMNS,
    key=FINANCE_KEY,
    plan=finance_plan,
    apply=finance_apply,
    period_kind="year",
    needs_organisation=True,
)


# --- Legacy systems return ----------------------------------------------------------------------------

LEGACY_COLUMNS = (
    Column(
        "name",
        "System",
        required=True,
        max_length=200,
        help="The system's name.",
        example="Benefits payment engine",
    ),
    Column(
        "business_function",
        "Business function",
        required=True,
        max_length=200,
        help="What the body uses it for.",
        example="Paying benefits",
    ),
    Column(
        "technology",
        "Technology",
        max_length=200,
        help="Platform and language.",
        example="COBOL on a mainframe",
    ),
    Column("supplier", "Supplier", max_length=200, example="Example Systems Ltd"),
    Column(
        "year_into_service",
        "Year into service",
        "integer",
        minimum=Decimal(1950),
        maximum=Decimal(2100),
        example="2004",
    ),
    Column(
        "contract_end", "Contract end", "date", help="When the support contract ends.", example="2027-03-31"
    ),
    Column(
        "end_of_support",
        "End of vendor support",
        "date",
        help="When the vendor stops supporting it (a past date if it already has).",
        example="2026-09-30",
    ),
    Column(
        "annual_run_cost",
        "Annual run cost",
        "money",
        required=True,
        minimum=Decimal(0),
        help="What it costs a year to keep running, in pounds.",
        example="850000.00",
    ),
    Column(
        "risk",
        "Risk",
        "integer",
        required=True,
        minimum=Decimal(1),
        maximum=Decimal(5),
        help="1 (low) to 5 (critical): the risk to services if it fails.",
        example="4",
    ),
    Column("users_affected", "Users affected", "integer", minimum=Decimal(0), example="120000"),
    Column(
        "replacing_programme",
        "Replacing programme",
        max_length=300,
        help="The programme replacing it (reference, title or Panorama id); empty if none.",
        example="",
    ),
    Column("notes", "Notes", max_length=2000),
)

LEGACY_VALUES = (
    "business_function",
    "technology",
    "supplier",
    "year_into_service",
    "contract_end",
    "end_of_support",
    "annual_run_cost",
    "risk",
    "users_affected",
    "notes",
)


def legacy_plan(context: Context, rows: Sequence[dict[str, Any]]) -> Plan:
    plan = Plan(payload={"systems": []})
    organisation = context.organisation
    lookup = ProgrammeLookup(organisation)
    existing = {s.name.strip().casefold(): s for s in LegacySystem.objects.filter(organisation=organisation)}
    seen: dict[str, int] = {}
    for row in rows:
        number = row.get("_row")
        name = _text(row.get("name"))
        if name.casefold() in seen:
            plan.problems.append(
                Problem(
                    f"{name!r} is already on row {seen[name.casefold()]}: list each system once.",
                    number,
                    "System",
                    name,
                )
            )
            continue
        seen[name.casefold()] = number
        reference = _text(row.get("replacing_programme"))
        programme, problem = lookup.find(reference)
        if problem:
            plan.problems.append(
                Problem(problem[0].upper() + problem[1:] + ".", number, "Replacing programme", reference)
            )
            continue
        risk = row.get("risk")
        if risk is None or not 1 <= int(risk) <= 5:
            plan.problems.append(
                Problem(
                    "Risk must be a whole number from 1 (low) to 5 (critical).", number, "Risk", _text(risk)
                )
            )
            continue
        values = {name_: row.get(name_) for name_ in LEGACY_VALUES}
        for text_field in ("business_function", "technology", "supplier", "notes"):
            values[text_field] = _text(values[text_field])
        values["annual_run_cost"] = (
            Decimal(values["annual_run_cost"]) if values["annual_run_cost"] is not None else Decimal(0)
        )
        for whole in ("year_into_service", "risk", "users_affected"):
            values[whole] = int(values[whole]) if values[whole] not in (None, "") else None
        for date_field in ("contract_end", "end_of_support"):
            if isinstance(values[date_field], str):
                values[date_field] = (
                    datetime.date.fromisoformat(values[date_field]) if values[date_field] else None
                )
        values["replacing_programme"] = programme
        system = existing.get(name.casefold())
        if system is None:
            plan.actions.append(
                RowAction(
                    number, "create", f"Legacy system {name!r} ({_money(values['annual_run_cost'])} a year)"
                )
            )
        else:
            changes = {
                key: (_shown(getattr(system, key)), _shown(value))
                for key, value in values.items()
                if getattr(system, key) != value
            }
            if changes:
                described = ", ".join(
                    f"{key.replace('_', ' ')} {old} → {new}" for key, (old, new) in changes.items()
                )
                plan.actions.append(
                    RowAction(number, "change", f"Legacy system {name!r}: {described}", changes)
                )
            else:
                plan.actions.append(RowAction(number, "unchanged", f"Legacy system {name!r}"))
        plan.payload["systems"].append(
            {
                "id": system.pk if system else None,
                "name": system.name if system else name,
                **{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()},
                "annual_run_cost": str(values["annual_run_cost"]),
                "replacing_programme": programme.pk if programme else None,
            }
        )
    return plan


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _money(value)
    return str(value)


def legacy_apply(context: Context, plan: Plan) -> None:
    programmes = Programme.objects.in_bulk(
        [s["replacing_programme"] for s in plan.payload["systems"] if s["replacing_programme"]]
    )
    for stored in plan.payload["systems"]:
        values = dict(stored)
        system_id = values.pop("id")
        values["annual_run_cost"] = Decimal(values["annual_run_cost"])
        values["replacing_programme"] = programmes.get(values["replacing_programme"])
        for date_field in ("contract_end", "end_of_support"):
            if values[date_field]:
                values[date_field] = datetime.date.fromisoformat(values[date_field])
        if system_id is None:
            services.legacy_system_create(actor=context.actor, organisation=context.organisation, data=values)
        else:
            system = LegacySystem.objects.get(pk=system_id)
            services.legacy_system_update(actor=context.actor, system=system, version=None, data=values)


LEGACY_SYSTEMS = ReturnKind(
    slug="legacy-systems",
    label="Legacy systems return",
    description=(
        "A body's register of legacy systems: each system with its business function, technology, "
        "supplier, year into service, contract end, end of vendor support, annual run cost, risk (1 low "
        "to 5 critical), users affected and the programme replacing it, if any. Systems are matched on "
        "their name; a system already held is updated from its row, and systems not in the file are kept."
    ),
    columns=LEGACY_COLUMNS,
    key=("name",),
    plan=legacy_plan,
    apply=legacy_apply,
    period_kind=None,
    needs_organisation=True,
)
