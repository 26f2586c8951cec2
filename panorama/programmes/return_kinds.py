"""Two return kinds for the programme register (owned by the returns engineer):

- `progress`: a body's quarterly report on each of its programmes. Applying it creates or updates
  the programme's `ProgressUpdate` for the quarter and keeps the programme's current values
  (confidence, phase, forecasts) in step when it is the latest quarter reported. Audited.
- `programmes`: the register itself, for bulk imports by the portfolio team (and published datasets
  through a mapping). Matched on body + reference, so importing the same file twice changes nothing.
  The original baseline is never overwritten: a different baseline is refused (record a rebaseline).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.text import slugify

from panorama.accounts import permissions
from panorama.core import audit
from panorama.organisations.models import Organisation, Sector
from panorama.returns.kinds import Column, Context, Plan, Problem, ReturnKind, RowAction

from . import services
from .models import Confidence, Phase, Programme, ProgressUpdate, Tag

ZERO = Decimal(0)
CONFIDENCE_CHOICES = tuple(Confidence.values)
PHASE_CHOICES = tuple(Phase.values)


def _money(value: Decimal | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 1_000_000:
        return f"£{value / 1_000_000:,.1f}m"
    return f"£{value:,.0f}"


def _shown(value: Any) -> str:
    if isinstance(value, Decimal):
        return _money(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if value in (None, ""):
        return "—"
    return str(value)


# --- progress ------------------------------------------------------------------------------------

PROGRESS_COLUMNS = (
    Column(
        "programme_ref",
        "Programme reference",
        required=True,
        max_length=120,
        help="The programme's reference (shown on its page, under Reference), or its exact title.",
        example="SSS-ADP",
    ),
    Column(
        "confidence",
        "Delivery confidence",
        "choice",
        required=True,
        choices=CONFIDENCE_CHOICES,
        help="The senior responsible owner's delivery confidence this quarter.",
        example="amber",
    ),
    Column(
        "confidence_reason",
        "Reason not rated",
        max_length=300,
        help="Required when confidence is not-rated: why.",
        example="",
    ),
    Column("phase", "Phase", "choice", choices=PHASE_CHOICES, help="The phase it is in now.", example="beta"),
    Column(
        "narrative",
        "Progress this quarter",
        max_length=5000,
        help="What was achieved and what changed, in a few sentences.",
        example="Private beta opened to 2,000 applicants; payments integration tested end to end.",
    ),
    Column(
        "milestones_met",
        "Milestones met",
        "integer",
        minimum=ZERO,
        help="Milestones due this quarter that were met.",
        example="3",
    ),
    Column(
        "milestones_missed",
        "Milestones missed",
        "integer",
        minimum=ZERO,
        help="Milestones due this quarter that were missed.",
        example="1",
    ),
    Column(
        "top_risks",
        "Top risks",
        max_length=2000,
        help="The top risks, one per line or separated by semicolons.",
        example="Recruitment of developers; supplier capacity",
    ),
    Column(
        "wlc_forecast",
        "Forecast whole-life cost",
        "money",
        help="Current forecast of the whole-life cost, in pounds.",
        example="212000000",
    ),
    Column(
        "end_forecast",
        "Forecast end date",
        "date",
        help="When it is now forecast to finish.",
        example="31/03/2027",
    ),
)
PROGRESS_FIELDS = (
    "confidence", "confidence_reason", "phase", "narrative", "milestones_met", "milestones_missed",
    "top_risks", "wlc_forecast", "end_forecast",
)  # fmt: skip


def _programme_lookup(organisation: Organisation) -> tuple[dict[str, Programme], list[Programme]]:
    programmes = list(Programme.objects.filter(organisation=organisation))
    lookup: dict[str, Programme] = {}
    for programme in programmes:
        lookup.setdefault(str(programme.public_id), programme)
        lookup.setdefault(programme.title.strip().casefold(), programme)
    for programme in programmes:  # references win over titles
        if programme.external_ref:
            lookup[programme.external_ref.strip().casefold()] = programme
    return lookup, programmes


@dataclass
class _ProgressItem:
    programme: Programme
    values: dict[str, Any]
    existing: ProgressUpdate | None
    row: int


def _progress_values(row: dict[str, Any]) -> dict[str, Any]:
    values = {name: row.get(name) for name in PROGRESS_FIELDS}
    for text in ("confidence_reason", "phase", "narrative", "top_risks"):
        values[text] = values[text] or ""
    for count in ("milestones_met", "milestones_missed"):
        values[count] = values[count] or 0
    return values


def progress_plan(context: Context, rows: Sequence[dict[str, Any]]) -> Plan:
    plan = Plan()
    if context.organisation is None or context.period is None:
        plan.problems.append(Problem("A progress return needs a body and a quarter."))
        return plan
    lookup, programmes = _programme_lookup(context.organisation)
    # The quarter's updates of the body's programmes, by key (the index of a quarter's updates by
    # programme), not by joining every update of the quarter to its programme to find the body's.
    existing = {
        u.programme_id: u
        for u in ProgressUpdate.objects.filter(
            period=context.period, programme_id__in=[p.pk for p in programmes]
        )
    }
    items: list[_ProgressItem] = []
    seen: dict[int, int] = {}
    for row in rows:
        number = row["_row"]
        reference = row.get("programme_ref") or ""
        programme = lookup.get(str(reference).strip().casefold())
        if programme is None:
            known = ", ".join(sorted(p.external_ref or p.title for p in programmes)[:8]) or "none yet"
            plan.problems.append(
                Problem(
                    f"Row {number}, Programme reference: '{reference}' — {context.organisation.short_name} has no "
                    f"programme with this reference or title in the register (its programmes: {known}).",
                    number,
                    "Programme reference",
                    str(reference),
                )
            )
            continue
        if programme.pk in seen:
            plan.problems.append(
                Problem(
                    f"Row {number}, Programme reference: '{reference}' — the same programme as row {seen[programme.pk]}; "
                    "report each programme once.",
                    number,
                    "Programme reference",
                    str(reference),
                )
            )
            continue
        seen[programme.pk] = number
        values = _progress_values(row)
        if values["confidence"] == Confidence.NOT_RATED and not values["confidence_reason"]:
            plan.problems.append(
                Problem(
                    f"Row {number}, Reason not rated: blank — say why {programme.title} is not rated.",
                    number,
                    "Reason not rated",
                    "",
                )
            )
        if values["confidence"] != Confidence.NOT_RATED and values["confidence_reason"]:
            values["confidence_reason"] = values["confidence_reason"]  # kept: a note is harmless
        update = existing.get(programme.pk)
        items.append(_ProgressItem(programme, values, update, number))
        if update is None:
            plan.actions.append(
                RowAction(
                    number,
                    "create",
                    f"{programme.title}: {context.period.label} update, confidence "
                    f"{Confidence(values['confidence']).label}",
                )
            )
        else:
            changes = {
                name: (getattr(update, name), value)
                for name, value in values.items()
                if getattr(update, name) != value
            }
            if changes:
                described = "; ".join(
                    f"{n.replace('_', ' ')} {_shown(a)} → {_shown(b)}" for n, (a, b) in changes.items()
                )
                plan.actions.append(RowAction(number, "change", f"{programme.title}: {described}", changes))
            else:
                plan.actions.append(RowAction(number, "unchanged", f"{programme.title}: no change"))
    plan.payload = items
    return plan


def progress_apply(context: Context, plan: Plan) -> None:
    """Every row that changes something, written as one set (`services.progress_updates_write`)."""
    actions = {a.row: a.action for a in plan.actions}
    services.progress_updates_write(
        actor=context.actor,
        organisation=context.organisation,
        period=context.period,
        reports=[
            (item.programme, item.values, item.existing)
            for item in plan.payload
            if actions[item.row] != "unchanged"
        ],
    )


def progress_prefill(context: Context) -> list[dict[str, Any]]:
    """One row per active programme of the body, with what the register already holds; delivery
    confidence is left blank on purpose: it must be judged afresh each quarter."""
    rows = []
    for programme in Programme.objects.filter(organisation=context.organisation).active().order_by("title"):
        rows.append(
            {
                "programme_ref": programme.reference or programme.title,
                "phase": programme.phase,
                # Typed, so the workbook holds a number and a date (shown day/month/year), as its
                # guidance asks people to write them.
                "wlc_forecast": programme.wlc_forecast,
                "end_forecast": programme.end_forecast,
            }
        )
    return rows


PROGRESS = ReturnKind(
    slug="progress",
    label="Programme progress return",
    description=(
        "Each quarter, every body reports on each of its significant digital programmes: delivery "
        "confidence, progress, milestones met and missed, top risks, and the current cost and date "
        "forecasts. One row per programme, identified by its reference in the register."
    ),
    columns=PROGRESS_COLUMNS,
    key=("programme_ref",),
    plan=progress_plan,
    apply=progress_apply,
    period_kind="quarter",
    prefill=progress_prefill,
)


# --- the register ------------------------------------------------------------------------------

REGISTER_COLUMNS = (
    Column(
        "reference",
        "Reference",
        required=True,
        max_length=120,
        help="The programme's identifier in your records or the source dataset; re-imports match on it.",
        example="SSS-ADP",
    ),
    Column(
        "organisation",
        "Body",
        required=True,
        max_length=200,
        help="The body that owns it: short name (SSS), slug or full name.",
        example="SSS",
    ),
    Column(
        "organisation_short_name",
        "Body's short name",
        max_length=30,
        help="Only used when the import creates a new body (see the mapping's options).",
        example="",
    ),
    Column("title", "Title", required=True, max_length=300, example="Adult Disability Payment"),
    Column("summary", "Summary", max_length=5000, example="Replacing PIP in Scotland with a new benefit."),
    Column("users", "Users", max_length=300, example="disabled adults"),
    Column("sro", "Senior responsible owner", max_length=150, example="Director of Delivery"),
    Column("phase", "Phase", "choice", choices=PHASE_CHOICES, example="live"),
    Column("confidence", "Delivery confidence", "choice", choices=CONFIDENCE_CHOICES, example="amber"),
    Column("confidence_reason", "Reason not rated", max_length=300, example=""),
    Column("high_risk", "High risk", "boolean", help="Major whatever its cost.", example="no"),
    Column(
        "wlc_baseline",
        "Whole-life cost baseline",
        "money",
        help="The original baseline, in pounds; never overwritten.",
        example="190000000",
    ),
    Column(
        "wlc_forecast",
        "Forecast whole-life cost",
        "money",
        help="The current forecast, in pounds.",
        example="212000000",
    ),
    Column("start_baseline", "Baseline start date", "date", example="01/04/2019"),
    Column("start_forecast", "Forecast start date", "date", example="01/04/2019"),
    Column("end_baseline", "Baseline end date", "date", example="31/03/2025"),
    Column("end_forecast", "Forecast end date", "date", example="31/03/2026"),
    Column(
        "source",
        "Source",
        max_length=200,
        help="Where the figures come from.",
        example="Body's quarterly return",
    ),
    Column("illustrative", "Illustrative", "boolean", help="yes for invented or example data.", example="no"),
    Column(
        "tags",
        "Category or tags",
        max_length=500,
        help="Its category or tags, separated by semicolons; added to any it has.",
        example="benefits; case management",
    ),
)
BASELINES = ("wlc_baseline", "start_baseline", "end_baseline")
REGISTER_FIELDS = (
    "title", "summary", "users", "sro", "phase", "confidence", "confidence_reason", "high_risk",
    "wlc_baseline", "wlc_forecast", "start_baseline", "start_forecast", "end_baseline", "end_forecast",
    "source", "illustrative",
)  # fmt: skip
TEXT_FIELDS = {"title", "summary", "users", "sro", "phase", "confidence", "confidence_reason", "source"}


@dataclass
class _RegisterItem:
    row: int
    organisation: Organisation | None  # None: created by the import (see new_organisation)
    new_organisation: str
    reference: str
    values: dict[str, Any]
    existing: Programme | None


@dataclass
class _RegisterPayload:
    items: list[_RegisterItem] = field(default_factory=list)
    new_organisations: dict[str, dict[str, str]] = field(default_factory=dict)  # name → short name, slug
    collection: str = ""  # the collection the new bodies join (options' `collection`)
    new_collection: bool = False


def _tags(text: Any) -> list[str]:
    """'benefits; case management' → ['benefits', 'case management'] (commas too when no semicolon)."""
    if not text:
        return []
    parts = str(text).split(";") if ";" in str(text) else str(text).split(",")
    seen: dict[str, str] = {}
    for part in parts:
        tag = " ".join(part.split())[:60]
        if tag:
            seen.setdefault(tag.casefold(), tag)
    return list(seen.values())


def _date_order_warnings(number: int, title: str, row: dict[str, Any]) -> list[Problem]:
    warnings = []
    for kind_, start_name, end_name in (
        ("baseline", "start_baseline", "end_baseline"),
        ("forecast", "start_forecast", "end_forecast"),
    ):
        start, end = row.get(start_name), row.get(end_name)
        if start is not None and end is not None and end < start:
            warnings.append(
                Problem(
                    f"Row {number}, {kind_.capitalize()} end date: '{_shown(end)}' — {title} would end before "
                    f"it starts ({_shown(start)}). Imported as given; check the source.",
                    number,
                    f"{kind_.capitalize()} end date",
                    _shown(end),
                )
            )
    return warnings


def _organisation_index() -> dict[str, Organisation]:
    index: dict[str, Organisation] = {}
    for organisation in Organisation.objects.all():
        for key in (organisation.name, organisation.slug, organisation.short_name):
            index.setdefault(key.strip().casefold(), organisation)
    return index


SHORT_NAME_MAX = 30


def _short_name_problem(number: int, name: str, wanted: str, taken: set[str]) -> str:
    """Why a body to be created cannot have this short name ("" if it can). The short name is
    the file's own (a mapped column or a translation), or the name itself when it is short: never
    one made up from initials."""
    short = wanted or name
    if not wanted and len(name) > SHORT_NAME_MAX:
        return (
            f"Row {number}, Body: '{name}' — a new body needs a short name, and this name is longer than "
            f"{SHORT_NAME_MAX} characters. Map organisation_short_name to a column of short names, or "
            'translate the name: organisation_short_name = { column = "…", values = { "'
            + name
            + '" = "…" } }.'
        )
    if len(short) > SHORT_NAME_MAX:
        return f"Row {number}, Body's short name: '{short}' — a short name has at most {SHORT_NAME_MAX} characters."
    if short.casefold() in taken:
        return (
            f"Row {number}, Body's short name: '{short}' — another body already has this short name; "
            "give the new body a different one."
        )
    return ""


def register_plan(context: Context, rows: Sequence[dict[str, Any]]) -> Plan:
    plan = Plan()
    payload = _RegisterPayload()
    options = getattr(context, "options", {}) or {}
    may_create = bool(options.get("create_missing_organisations")) and (
        context.actor is None or permissions.is_analyst(context.actor)
    )
    index = _organisation_index()
    taken_short = {o.short_name.casefold() for o in index.values()}
    taken_slugs = {o.slug for o in index.values()}
    payload.collection = str(options.get("collection") or "").strip()
    if payload.collection:
        from panorama.organisations.models import Collection

        payload.new_collection = not Collection.objects.filter(name__iexact=payload.collection).exists()
    programmes = {
        (p.organisation_id, p.external_ref.casefold()): p for p in Programme.objects.exclude(external_ref="")
    }
    for row in rows:
        number = row["_row"]
        name = row["organisation"]
        organisation = index.get(name.strip().casefold())
        new_name = ""
        if organisation is None:
            if not may_create:
                plan.problems.append(
                    Problem(
                        f"Row {number}, Body: '{name}' — there is no public body with this name or short name. "
                        "Use the name on the public bodies list.",
                        number,
                        "Body",
                        name,
                    )
                )
                continue
            new_name = name.strip()
            if new_name not in payload.new_organisations:
                wanted = (row.get("organisation_short_name") or "").strip()
                refusal = _short_name_problem(number, new_name, wanted, taken_short)
                if refusal:
                    plan.problems.append(Problem(refusal, number, "Body", name))
                    continue
                short = wanted or new_name
                taken_short.add(short.casefold())
                slug = slugify(short)[:60] or slugify(new_name)[:60]
                while slug in taken_slugs:
                    slug = f"{slug[:55]}-{len(taken_slugs)}"
                taken_slugs.add(slug)
                payload.new_organisations[new_name] = {"short_name": short, "slug": slug}
        elif context.actor is not None and not permissions.can_edit_organisation(context.actor, organisation):
            plan.problems.append(
                Problem(
                    f"Row {number}, Body: '{name}' — you cannot change {organisation.name}'s programmes.",
                    number,
                    "Body",
                    name,
                )
            )
            continue
        values = {n: row.get(n) for n in REGISTER_FIELDS if row.get(n) is not None}
        plan.warnings.extend(_date_order_warnings(number, str(values.get("title") or row["reference"]), row))
        reference = row["reference"]
        existing = programmes.get((organisation.pk, reference.casefold())) if organisation else None
        item = _RegisterItem(number, organisation, new_name, reference, values, existing)
        if existing is None:
            plan.actions.append(
                RowAction(number, "create", f"New programme '{values.get('title')}' ({reference})")
            )
        else:
            changes = {}
            for name_, value in values.items():
                current = getattr(existing, name_)
                if current == value:
                    continue
                if name_ in BASELINES and current is not None:
                    plan.problems.append(
                        Problem(
                            f"Row {number}, {next(c.label for c in REGISTER_COLUMNS if c.name == name_)}: "
                            f"'{_shown(value)}' — {existing.title}'s original baseline is {_shown(current)} and is "
                            "never overwritten; record a rebaseline on the programme's page instead.",
                            number,
                            name_,
                            _shown(value),
                        )
                    )
                    continue
                changes[name_] = (current, value)
            if changes:
                described = "; ".join(
                    f"{n.replace('_', ' ')} {_shown(a)} → {_shown(b)}" for n, (a, b) in changes.items()
                )
                plan.actions.append(RowAction(number, "change", f"{existing.title}: {described}", changes))
            else:
                plan.actions.append(RowAction(number, "unchanged", f"{existing.title}: no change"))
        item.values["tags"] = _tags(row.get("tags"))
        if item.values["tags"] and existing is not None and action_is_unchanged(plan, number):
            have = {t.casefold() for t in existing.tags.values_list("name", flat=True)}
            if not {t.casefold() for t in item.values["tags"]} <= have:
                _mark_changed(plan, number, existing.title, item.values["tags"])
        payload.items.append(item)
    if payload.new_collection:
        plan.creates.append(f"Collection '{payload.collection}'")
    for name, ids in payload.new_organisations.items():
        joined = f", in the collection '{payload.collection}'" if payload.collection else ""
        plan.creates.append(f"Body '{name}' (short name {ids['short_name']}){joined}")
    plan.payload = payload
    return plan


def action_is_unchanged(plan: Plan, number: int) -> bool:
    return bool(plan.actions) and plan.actions[-1].row == number and plan.actions[-1].action == "unchanged"


def _mark_changed(plan: Plan, number: int, title: str, tags: list[str]) -> None:
    plan.actions[-1] = RowAction(number, "change", f"{title}: tags + {'; '.join(tags)}", {"tags": ([], tags)})


def register_apply(context: Context, plan: Plan) -> None:
    payload: _RegisterPayload = plan.payload
    options = getattr(context, "options", {}) or {}
    created_orgs: dict[str, Organisation] = {}
    sector = options.get("organisation_sector") or Sector.CENTRAL
    collection = None
    if payload.collection:
        collection = _collection_get_or_create(context, payload.collection, options)
    for name, ids in payload.new_organisations.items():
        organisation = Organisation(
            collection=collection,
            name=name[:200],
            short_name=ids["short_name"],
            slug=ids["slug"],
            sector=sector,
            kind=str(options.get("organisation_kind") or ""),
            illustrative=bool(options.get("organisation_illustrative", True)),
            description=str(options.get("organisation_description") or "")[:2000],
        )
        organisation.full_clean()
        organisation.save()
        audit.record(
            actor=context.actor, action="organisations.organisation.created", obj=organisation, before={}
        )
        created_orgs[name] = organisation
    actions = {a.row: a for a in plan.actions}
    new_programmes: list[Programme] = []
    tagged: list[tuple[Programme, list[str]]] = []
    for item in payload.items:
        action = actions[item.row]
        if action.action == "unchanged":
            continue
        if item.existing is None:
            organisation = item.organisation or created_orgs[item.new_organisation]
            values = {
                k: ("" if v is None and k in TEXT_FIELDS else v)
                for k, v in item.values.items()
                if k != "tags"
            }
            # Only what the file (or the mapping's declared values) gives: a phase the file lacks
            # stays blank rather than taking the model's "discovery".
            values.setdefault("phase", "")
            programme = Programme(organisation=organisation, external_ref=item.reference, **values)
            programme.clean_fields(exclude=["organisation"])
            new_programmes.append(programme)
            tagged.append((programme, item.values.get("tags") or []))
        else:
            programme = Programme.objects.select_for_update().get(pk=item.existing.pk)
            before = audit.snapshot(programme)
            for name in action.changes:
                if name == "tags":
                    programme.tags.add(*_tag_objects(item.values["tags"]))
                    continue
                setattr(programme, name, item.values[name])
            programme.version += 1
            programme.full_clean()
            programme.save()
            audit.record(
                actor=context.actor, action="programmes.programme.changed", obj=programme, before=before
            )
    if new_programmes:
        # A national import creates a thousand programmes at once: insert them together and record
        # each creation in the trail in the same transaction.
        Programme.objects.bulk_create(new_programmes, batch_size=500)
        if new_programmes[0].pk is None:  # a database that does not return keys from a bulk insert
            refs = {(p.organisation_id, p.external_ref): p for p in new_programmes}
            for saved in Programme.objects.filter(external_ref__in=[p.external_ref for p in new_programmes]):
                if (saved.organisation_id, saved.external_ref) in refs:
                    refs[(saved.organisation_id, saved.external_ref)].pk = saved.pk
        audit_many(actor=context.actor, action="programmes.programme.created", objects=new_programmes)
    if any(tags for _, tags in tagged):
        objects = {t.name.casefold(): t for t in _tag_objects([t for _, tags in tagged for t in tags])}
        links = [
            Programme.tags.through(programme_id=p.pk, tag_id=objects[t.casefold()].pk)
            for p, tags in tagged
            for t in tags
        ]
        Programme.tags.through.objects.bulk_create(links, ignore_conflicts=True, batch_size=1000)


def _tag_objects(names: Sequence[str]) -> list[Tag]:
    wanted = {n.casefold(): n for n in names}
    found = {t.name.casefold(): t for t in Tag.objects.all() if t.name.casefold() in wanted}
    for key, name in wanted.items():
        if key not in found:
            found[key] = Tag.objects.create(name=name)
    return [found[k] for k in wanted]


def _collection_get_or_create(context: Context, name: str, options: dict[str, Any]):
    from panorama.organisations.models import Collection

    found = Collection.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    collection = Collection(
        name=name[:200],
        slug=slugify(name)[:60] or "collection",
        description=str(options.get("collection_description") or "")[:2000],
        all_major=bool(options.get("collection_all_major", False)),
    )
    collection.full_clean()
    collection.save()
    audit.record(actor=context.actor, action="organisations.collection.created", obj=collection, before={})
    return collection


def _new_snapshot(obj: Any) -> dict[str, Any]:
    """audit.snapshot for an object just created: its many-to-many links are empty (no queries)."""
    state = {
        f.name: audit._plain(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.name not in audit.SECRET_FIELDS
    }
    state.update({f.name: [] for f in obj._meta.many_to_many})
    return state


def audit_many(*, actor: Any, action: str, objects: Sequence[Any]) -> None:
    """`audit.record(..., before={})` for many new objects in one insert."""
    from django.contrib.contenttypes.models import ContentType

    from panorama.core.models import AuditEvent

    if not objects:
        return
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    content_type = ContentType.objects.get_for_model(objects[0].__class__)
    label = objects[0]._meta.label_lower
    serialised = [
        {
            "model": label,
            "pk": obj.pk,
            "fields": {
                **{
                    f.name: f.value_from_object(obj)
                    for f in obj._meta.concrete_fields
                    if not f.primary_key and f.name not in audit.SECRET_FIELDS
                },
                **{f.name: [] for f in obj._meta.many_to_many},
            },
        }
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor if authenticated else None,
                actor_label=getattr(actor, "email", "") if authenticated else "system",
                action=action,
                content_type=content_type,
                object_id=str(obj.pk),
                object_repr=str(obj)[:300],
                organisation_id=getattr(obj, "organisation_id", None),
                changes=audit.diff({}, _new_snapshot(obj)),
                snapshot=data,
            )
            for obj, data in zip(objects, serialised, strict=True)
        ],
        batch_size=500,
    )


PROGRAMMES = ReturnKind(
    slug="programmes",
    label="Programme register",
    description=(
        "The register of significant digital programmes, one row per programme, for bulk imports by the "
        "portfolio team. Rows are matched on body and reference: new ones are added, changed ones updated, "
        "and the rest left alone. Original baselines are never overwritten. Blank cells leave the "
        "register's value as it is."
    ),
    columns=REGISTER_COLUMNS,
    key=("organisation", "reference"),
    plan=register_plan,
    apply=register_apply,
    period_kind=None,
    needs_organisation=False,
)
