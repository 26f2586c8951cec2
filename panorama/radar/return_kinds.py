"""The technology return: where a body stands on each technology on the radar, once a quarter."""

import datetime
from collections.abc import Sequence
from typing import Any

from panorama.programmes.models import Programme
from panorama.returns.kinds import Column, Context, Plan, Problem, ReturnKind, RowAction

from . import services
from .models import BodyStance, Stance, Technology

LABELS = {
    "technology": "Technology",
    "stance": "Stance",
    "since": "Since",
    "programmes": "Programmes",
    "note": "What you are doing and what you have learnt",
    "internal": "Internal",
}

COLUMNS = (
    Column(
        name="technology",
        label=LABELS["technology"],
        type="text",
        required=True,
        max_length=120,
        help="The technology's code or name on the radar, e.g. generative-ai-assistants: the radar (/radar/) lists them.",
        example="generative-ai-assistants",
    ),
    Column(
        name="stance",
        label=LABELS["stance"],
        type="choice",
        required=True,
        choices=tuple(Stance.values),
        help="Where your body stands: adopted, trialling, assessing, on hold or decided against.",
        example="trialling",
    ),
    Column(
        name="since",
        label=LABELS["since"],
        type="date",
        help="The day your body took this stance (blank: the end of the quarter, or today if sooner).",
        example="2026-08-01",
    ),
    Column(
        name="programmes",
        label=LABELS["programmes"],
        type="text",
        max_length=1000,
        help="Your programmes that use or weigh it: each one's reference or exact title, separated by semicolons.",
        example="SSS-ADP",
    ),
    Column(
        name="note",
        label=LABELS["note"],
        type="text",
        max_length=2000,
        help="A sentence or two for other bodies: what you are doing with it and what you have learnt.",
        example="Piloting a drafting assistant with 40 staff; no personal data in prompts.",
    ),
    Column(
        name="internal",
        label=LABELS["internal"],
        type="boolean",
        help="Yes to show this stance only to your body's people and the central team.",
        example="no",
    ),
)


def _technologies() -> dict[str, Technology]:
    lookup: dict[str, Technology] = {}
    for technology in Technology.objects.all():
        lookup[technology.slug.casefold()] = technology
        lookup[technology.name.casefold()] = technology
    return lookup


def _programmes(organisation) -> dict[str, Programme]:
    lookup: dict[str, Programme] = {}
    for programme in Programme.objects.filter(organisation=organisation):
        lookup.setdefault(programme.title.strip().casefold(), programme)
        lookup.setdefault(str(programme.public_id), programme)
        if programme.reference:
            lookup[programme.reference.strip().casefold()] = programme
    return lookup


def plan(context: Context, rows: Sequence[dict[str, Any]]) -> Plan:
    result = Plan()
    period = context.period
    default_since = min(period.end, datetime.date.today()) if period is not None else datetime.date.today()
    technologies = _technologies()
    programmes = _programmes(context.organisation)
    existing = {s.technology_id: s for s in BodyStance.objects.filter(organisation=context.organisation)}
    seen: dict[int, int] = {}
    payload = []
    for row in rows:
        number = row["_row"]
        reference = str(row.get("technology") or "").strip()
        technology = technologies.get(reference.casefold())
        if technology is None:
            result.problems.append(
                Problem(
                    f"Row {number}, {LABELS['technology']}: {reference!r} is not a technology on the radar: use a code such "
                    "as generative-ai-assistants (the radar, /radar/, lists them all).",
                    row=number,
                    column=LABELS["technology"],
                    value=reference,
                )
            )
            continue
        if technology.pk in seen:
            result.problems.append(
                Problem(
                    f"Row {number}, {LABELS['technology']}: {technology.name} is already given on row {seen[technology.pk]}: "
                    "give each technology once.",
                    row=number,
                    column=LABELS["technology"],
                    value=reference,
                )
            )
            continue
        seen[technology.pk] = number
        since = row.get("since") or default_since
        if since > datetime.date.today():
            result.problems.append(
                Problem(
                    f"Row {number}, {LABELS['since']}: {since:%-d %B %Y} is in the future: give the day the stance was taken.",
                    row=number,
                    column=LABELS["since"],
                    value=str(since),
                )
            )
            continue
        chosen, unknown = [], []
        for name in str(row.get("programmes") or "").split(";"):
            if name.strip():
                found = programmes.get(name.strip().casefold())
                (chosen.append(found) if found else unknown.append(name.strip()))
        if unknown:
            result.problems.append(
                Problem(
                    f"Row {number}, {LABELS['programmes']}: {context.organisation.short_name} has no programme "
                    f"{unknown[0]!r} in the register: give each one's reference or exact title.",
                    row=number,
                    column=LABELS["programmes"],
                    value=unknown[0],
                )
            )
            continue
        values = {
            "technology": technology,
            "stance": row["stance"],
            "since": since,
            "programmes": chosen,
            "note": str(row.get("note") or ""),
            "internal": bool(row.get("internal")),
        }
        current = existing.get(technology.pk)
        if current is not None and current.stance != values["stance"] and since < current.since:
            result.problems.append(
                Problem(
                    f"Row {number}, {LABELS['since']}: your stance on {technology.name} last changed on "
                    f"{current.since:%-d %B %Y}: a new stance cannot start before it.",
                    row=number,
                    column=LABELS["since"],
                    value=str(since),
                )
            )
            continue
        label = Stance(row["stance"]).label.lower()
        if current is None:
            result.actions.append(
                RowAction(row=number, action="create", summary=f"{technology.name}: {label}")
            )
            payload.append(values)
            continue
        if (
            current.stance != values["stance"]
            or current.internal != values["internal"]
            or current.note != values["note"]
            or {p.pk for p in current.programmes.all()} != {p.pk for p in chosen}
        ):
            changes = {}
            if current.stance != values["stance"]:
                changes["stance"] = (current.stance, values["stance"])
            summary = f"{technology.name}: {current.get_stance_display().lower()} → {label}"
            result.actions.append(RowAction(row=number, action="change", summary=summary, changes=changes))
            payload.append(values)
        else:
            result.actions.append(
                RowAction(row=number, action="unchanged", summary=f"{technology.name}: no change")
            )
    result.payload = payload
    return result


def apply(context: Context, plan: Plan) -> None:
    for values in plan.payload or []:
        services.stance_set(actor=context.actor, organisation=context.organisation, **values)


TECHNOLOGY = ReturnKind(
    slug="technology",
    label="Technology return",
    description=(
        "Where your body stands on each technology on the radar this quarter, one row per technology: adopted, "
        "trialling, assessing, on hold or decided against, since when, the programmes that use it, and a note other "
        "bodies can learn from. Mark a stance internal to keep it to your body's people and the central team. "
        "Technologies you leave out are left as they were."
    ),
    columns=COLUMNS,
    key=("technology",),
    plan=plan,
    apply=apply,
    period_kind="quarter",
    needs_organisation=True,
)
