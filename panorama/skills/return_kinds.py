"""The workforce return: each body's digital and data posts, role by role, once a financial year."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from panorama.returns.kinds import Column, Context, Plan, Problem, ReturnKind, RowAction

from . import services
from .models import Role, WorkforceLine

TENTH = Decimal("0.1")
ZERO = Decimal(0)
# permanent + contractors + vacancies may differ from established by rounding only.
TOLERANCE = Decimal("0.05")

FTE_FIELDS = (
    "established",
    "permanent",
    "contractors",
    "vacancies",
    "planned_next_year",
    "planned_year_after",
)
LABELS = {
    "role": "Role",
    "established": "Posts established (FTE)",
    "permanent": "Filled by permanent staff (FTE)",
    "contractors": "Filled by contractors or interims (FTE)",
    "vacancies": "Vacant posts (FTE)",
    "planned_next_year": "Posts planned next year (FTE)",
    "planned_year_after": "Posts planned the year after (FTE)",
    "median_days_to_hire": "Median days to hire",
}


def _fte(name: str, help_text: str, example: str, required: bool = True) -> Column:
    return Column(
        name=name,
        label=LABELS[name],
        type="decimal",
        required=required,
        minimum=ZERO,
        maximum=Decimal(100000),
        help=help_text,
        example=example,
    )


COLUMNS = (
    Column(
        name="role",
        label=LABELS["role"],
        type="text",
        required=True,
        max_length=120,
        help="The role's code or name in Panorama's role taxonomy, e.g. data-engineer: the Roles page (/skills/roles/) lists every code and downloads them as CSV.",
        example="data-engineer",
    ),
    _fte("established", "Posts in this role in the establishment, in full-time equivalents.", "12"),
    _fte("permanent", "Of those posts, FTE filled by permanent (or fixed-term) staff.", "7.5"),
    _fte("contractors", "Of those posts, FTE covered by contractors or interims.", "2"),
    _fte("vacancies", "Of those posts, FTE vacant: permanent + contractors + vacant = established.", "2.5"),
    _fte("planned_next_year", "Posts you plan to have in this role next financial year.", "14", False),
    _fte("planned_year_after", "Posts you plan to have the year after that.", "15", False),
    Column(
        name="median_days_to_hire",
        label=LABELS["median_days_to_hire"],
        type="integer",
        minimum=ZERO,
        maximum=Decimal(730),
        help="Median days from advertising a post in this role to the new person starting, this year.",
        example="96",
    ),
)


def _roles_by_reference() -> dict[str, Role]:
    lookup: dict[str, Role] = {}
    for role in Role.objects.filter(active=True):
        lookup[role.slug.lower()] = role
        lookup[role.name.lower()] = role
    return lookup


def _tenths(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(TENTH)


def plan(context: Context, rows: Sequence[dict[str, Any]]) -> Plan:
    result = Plan()
    if context.period is None or getattr(context.period, "kind", "") != "year":
        result.problems.append(
            Problem("A workforce return is for a financial year, such as 2025-26, not a quarter.")
        )
        return result
    roles = _roles_by_reference()
    existing = {
        line.role_id: line
        for line in WorkforceLine.objects.filter(organisation=context.organisation, period=context.period)
    }
    seen: dict[int, int] = {}
    lines = []
    for row in rows:
        number = row["_row"]
        reference = str(row.get("role") or "").strip()
        role = roles.get(reference.lower())
        if role is None:
            result.problems.append(
                Problem(
                    f"Row {number}, {LABELS['role']}: {reference!r} is not a role in Panorama's taxonomy: use a role code such as "
                    "data-engineer (the Roles page, /skills/roles/, lists them all).",
                    row=number,
                    column=LABELS["role"],
                    value=reference,
                )
            )
            continue
        if role.pk in seen:
            result.problems.append(
                Problem(
                    f"Row {number}, {LABELS['role']}: {role.name} is already given on row {seen[role.pk]}: give each role once.",
                    row=number,
                    column=LABELS["role"],
                    value=reference,
                )
            )
            continue
        seen[role.pk] = number
        values: dict[str, Any] = {name: _tenths(row.get(name)) for name in FTE_FIELDS}
        values["median_days_to_hire"] = row.get("median_days_to_hire")
        row_problems = _line_problems(values, number)
        if row_problems:
            result.problems.extend(row_problems)
            continue
        values["role_id"] = role.pk
        line = existing.get(role.pk)
        if line is None:
            result.actions.append(
                RowAction(
                    row=number,
                    action="create",
                    summary=f"{role.name}: {values['established']} FTE established, {values['vacancies']} vacant",
                )
            )
            lines.append(values)
            continue
        changes = {
            name: (getattr(line, name), values[name])
            for name in (*FTE_FIELDS, "median_days_to_hire")
            if getattr(line, name) != values[name]
        }
        if changes:
            summary = "; ".join(f"{LABELS[name]} {old} → {new}" for name, (old, new) in changes.items())
            result.actions.append(
                RowAction(row=number, action="change", summary=f"{role.name}: {summary}", changes=changes)
            )
            lines.append(values)
        else:
            result.actions.append(
                RowAction(row=number, action="unchanged", summary=f"{role.name}: no change")
            )
    result.payload = lines
    return result


def _line_problems(values: dict[str, Any], number: int) -> list[Problem]:
    problems = []
    established = values["established"]
    if any(values[name] is None for name in ("established", "permanent", "contractors", "vacancies")):
        return [
            Problem(
                f"Row {number}: give posts established, filled by permanent staff, filled by contractors and vacant.",
                row=number,
            )
        ]
    for name in FTE_FIELDS:
        if values[name] is not None and values[name] < 0:
            problems.append(
                Problem(
                    f"Row {number}, {LABELS[name]}: must not be negative.",
                    row=number,
                    column=LABELS[name],
                    value=str(values[name]),
                )
            )
    total = values["permanent"] + values["contractors"] + values["vacancies"]
    if abs(total - established) > TOLERANCE:
        problems.append(
            Problem(
                f"Row {number}, {LABELS['established']}: permanent ({values['permanent']}) + contractors ({values['contractors']}) + vacant "
                f"({values['vacancies']}) = {total} FTE, but {established} FTE are established: they must "
                "add up.",
                row=number,
                column=LABELS["established"],
                value=str(established),
            )
        )
    days = values["median_days_to_hire"]
    if days is not None and not 0 <= int(days) <= 730:
        problems.append(
            Problem(
                f"Row {number}, {LABELS['median_days_to_hire']}: must be from 0 to 730 days.",
                row=number,
                column=LABELS["median_days_to_hire"],
                value=str(days),
            )
        )
    return problems


def apply(context: Context, plan: Plan) -> None:
    services.workforce_lines_apply(
        actor=context.actor,
        organisation=context.organisation,
        period=context.period,
        lines=plan.payload or [],
    )


WORKFORCE = ReturnKind(
    slug="workforce",
    label="Workforce return",
    description=(
        "Your body's digital and data posts for the financial year, one row per role in the "
        "Digital and Data Profession Capability Framework: posts established, how many are filled by "
        "permanent staff, covered by contractors or interims, or vacant (these three add up to the "
        "posts established), the posts you plan for the next two years, and how long it takes to hire. "
        "All figures are full-time equivalents (FTE) to one decimal place. Roles you leave out are "
        "left as they were."
    ),
    columns=COLUMNS,
    key=("role",),
    plan=plan,
    apply=apply,
    period_kind="year",
    needs_organisation=True,
)
