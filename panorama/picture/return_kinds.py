"""The `services` return: the register of public services and their quarterly performance.

One row per service per quarter. A body sends its own services (the organisation column may then
be left blank); a national import by an analyst (e.g. the GOV.UK services dataset, through
mappings/govuk-services.json) names each row's body, and may add a body Panorama does not know yet
when the row gives its full name. A row with no figures registers or updates the service only.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.text import slugify

from panorama.accounts import permissions
from panorama.core import audit
from panorama.core.periods import parse_label, period_get_or_create
from panorama.organisations.models import Organisation, Sector
from panorama.programmes.models import Programme
from panorama.returns.kinds import Column, Context, Plan, Problem, ReturnKind, RowAction

from .models import Service, ServicePerformance, ServicePhase

SERVICE_FIELDS = ("name", "phase", "users", "category", "url")
FIGURES = (
    "transactions",
    "digital_transactions",
    "cost_per_transaction",
    "digital_cost_per_transaction",
    "completion_rate",
    "user_satisfaction",
)

COLUMNS = (
    Column(
        "service",
        "Service reference",
        required=True,
        max_length=200,
        help="A short reference that stays the same every quarter, e.g. sss-best-start-grant.",
        example="sss-best-start-grant",
    ),
    Column("name", "Service name", required=True, max_length=300, example="Apply for a Best Start Grant"),
    Column(
        "organisation",
        "Owner body",
        max_length=60,
        help="The owner body's short name. Leave blank in your own body's return.",
        example="SSS",
    ),
    Column(
        "organisation_name",
        "Owner body's full name",
        max_length=200,
        help="National imports only: adds the body if Panorama does not know it yet.",
    ),
    Column(
        "parent",
        "Parent body",
        max_length=60,
        help="National imports only: the department the owner belongs to (its short name). A row with "
        "no owner is the parent's own service.",
    ),
    Column("parent_name", "Parent body's full name", max_length=200),
    Column(
        "programme",
        "Programme",
        max_length=300,
        help="The programme that delivers the service: its reference in the register, or its title.",
    ),
    Column("phase", "Phase", type="choice", choices=tuple(ServicePhase.values), example="live"),
    Column("users", "Users", max_length=200, help="Who uses it.", example="Individuals"),
    Column("category", "Category", max_length=120, example="Requesting benefits, payments or loans"),
    Column("url", "Web address", max_length=500, example="https://www.mygov.scot/best-start-grant"),
    Column(
        "period",
        "Quarter",
        max_length=12,
        help="The quarter the figures are for, like 2025-26 Q3. Blank: the return's own quarter.",
        example="2025-26 Q3",
    ),
    Column(
        "transactions",
        "Transactions",
        type="integer",
        minimum=Decimal(0),
        help="Transactions in the latest 12 months, all channels.",
        example="41200",
    ),
    Column(
        "digital_transactions",
        "Digital transactions",
        type="integer",
        minimum=Decimal(0),
        help="Of those, completed online.",
        example="37900",
    ),
    Column(
        "cost_per_transaction",
        "Cost per transaction",
        type="decimal",
        minimum=Decimal(0),
        help="Pounds, all channels (to fractions of a penny: 0.0066 is allowed).",
        example="18.40",
    ),
    Column(
        "digital_cost_per_transaction",
        "Digital cost per transaction",
        type="decimal",
        minimum=Decimal(0),
        help="Pounds, online channel.",
        example="6.10",
    ),
    Column(
        "completion_rate",
        "Completion rate",
        type="percent",
        minimum=Decimal(0),
        maximum=Decimal(100),
        help="Per cent of people who start the service online and finish it.",
        example="82",
    ),
    Column(
        "user_satisfaction",
        "User satisfaction",
        type="percent",
        minimum=Decimal(0),
        maximum=Decimal(100),
        help="Per cent satisfied or very satisfied.",
        example="88",
    ),
)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _percent(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _find_programme(reference: str, organisation: Organisation | None) -> Programme | None:
    programmes = Programme.objects.all()
    if organisation is not None and organisation.pk:
        programmes = programmes.filter(organisation=organisation)
    match = Q(external_ref=reference) | Q(title__iexact=reference)
    try:
        import uuid

        match |= Q(public_id=uuid.UUID(reference))
    except ValueError:
        pass
    return programmes.filter(match).first()


class _Owners:
    """Finds (or, with the option `create_missing_organisations`, plans to add) the body that owns
    each row's service in a national import: the row's own body by short name or full name, else its
    parent department. Bodies added are flagged illustrative unless `organisation_illustrative` is
    false: real, but not among the bodies whose picture this is."""

    def __init__(self, options: dict) -> None:
        self.create = bool(options.get("create_missing_organisations"))
        self.sector = options.get("organisation_sector") or Sector.CENTRAL
        self.illustrative = bool(options.get("organisation_illustrative", True))
        bodies = list(Organisation.objects.all())
        self.by_short = {o.short_name.lower(): o for o in bodies}
        self.by_name = {o.name.lower(): o for o in bodies}
        self.slugs = {o.slug for o in bodies}

    def _find_or_add(
        self, short: str, name: str, parent: Organisation | None
    ) -> tuple[Organisation | None, str]:
        if short and short.lower() in self.by_short:
            return self.by_short[short.lower()], ""
        if name and name.lower() in self.by_name:
            return self.by_name[name.lower()], ""
        if not name:
            return None, (
                f"{short!r} is not a body Panorama knows: use its short name, or give its full name to add it."
            )
        if not self.create:
            return None, (
                f"{name!r} is not a body Panorama knows. Add it first, or import with the option "
                "create_missing_organisations."
            )
        short = (short or name.split(" / ")[0])[:30].strip()
        if short.lower() in self.by_short:  # a made-up short name taken by another body
            short = short[:26] + f" {len(self.by_short) % 1000:03d}"
        slug = (slugify(short) or "body")[:56]
        while slug in self.slugs:
            slug = f"{slug[:52]}-{len(self.slugs) % 10000}"
        self.slugs.add(slug)
        body = Organisation(
            short_name=short,
            name=name[:200],
            slug=slug,
            sector=self.sector,
            kind="added by a services import",
            parent=parent,
            illustrative=self.illustrative,
        )
        self.by_short[short.lower()] = body
        self.by_name[name.lower()] = body
        return body, ""

    def resolve(self, row: dict[str, Any]) -> tuple[Organisation | None, str]:
        short, name = _text(row.get("organisation")), _text(row.get("organisation_name"))
        parent_short, parent_name = _text(row.get("parent")), _text(row.get("parent_name"))
        parent = None
        if parent_short or parent_name:
            parent, problem = self._find_or_add(parent_short, parent_name, None)
            if problem:
                return None, problem
        if not short and not name:
            if parent is None:
                return None, "Say which body owns the service (its short name)."
            return parent, ""
        if parent is not None and not short and name.lower() == parent.name.lower():
            return parent, ""
        return self._find_or_add(short, name, parent)


def plan(context: Context, rows: Sequence[dict[str, Any]]) -> Plan:
    result = Plan()
    national = context.organisation is None
    if national and context.actor is not None and not permissions.is_analyst(context.actor):
        result.problems.append(Problem("Only portfolio analysts may send services for every body at once."))
        return result
    owners = _Owners(getattr(context, "options", None) or {})
    existing = {s.slug: s for s in Service.objects.select_related("organisation", "programme")}
    slugs = [slugify(_text(r.get("service")))[:200] for r in rows]
    performance = {
        (p.service.slug, p.period_id): p
        for p in ServicePerformance.objects.filter(service__slug__in=set(slugs)).select_related("service")
    }
    periods: dict[str, Any] = {}
    planned_services: dict[str, dict] = {}
    items = []
    for row, slug in zip(rows, slugs, strict=True):
        number = row.get("_row")
        problems_before = len(result.problems)
        if not slug:
            result.problems.append(
                Problem("A service reference needs letters or digits.", number, "Service reference")
            )
            continue
        # Whose service is it?
        if national:
            organisation, problem = owners.resolve(row)
            if problem:
                result.problems.append(Problem(problem, number, "Owner body", _text(row.get("organisation"))))
                continue
        else:
            short = _text(row.get("organisation"))
            organisation = context.organisation
            if short and short.lower() != organisation.short_name.lower():
                result.problems.append(
                    Problem(
                        f"This is {organisation.short_name}'s return: it cannot include another body's services.",
                        number,
                        "Owner body",
                        short,
                    )
                )
                continue
        service = existing.get(slug)
        if not national and (
            (service is not None and service.organisation_id != organisation.pk)
            or (service is None and not slug.startswith(f"{organisation.slug}-"))
        ):
            # One answer for another body's service, published or not, and for a new reference
            # outside the body's own names: a return neither learns who owns an unpublished service
            # nor takes a name another body would use.
            result.problems.append(
                Problem(
                    f"Service {slug!r} is not one of {organisation.short_name}'s services. A new service's "
                    f"reference begins with {organisation.slug}-, e.g. {organisation.slug}-apply-for-a-grant.",
                    number,
                    "Service reference",
                    slug,
                )
            )
            continue
        if service is not None and service.organisation_id != organisation.pk:
            result.problems.append(
                Problem(
                    f"Service {slug!r} belongs to {service.organisation.short_name}.",
                    number,
                    "Service reference",
                    slug,
                )
            )
            continue
        if (
            not national
            and context.actor is not None
            and not permissions.has(context.actor, "organisations.change", organisation)
        ):
            result.problems.append(
                Problem(f"You may not change {organisation.short_name}'s services.", number)
            )
            continue
        # Which quarter?
        label = _text(row.get("period"))
        period = None
        if label:
            if label not in periods:
                try:
                    year, quarter = parse_label(label)
                except ValueError as exc:
                    result.problems.append(Problem(str(exc), number, "Quarter", label))
                    continue
                if quarter is None:
                    result.problems.append(
                        Problem(
                            "Give a quarter, like 2025-26 Q3, not a whole year.", number, "Quarter", label
                        )
                    )
                    continue
                periods[label] = (year, quarter)
            period = periods[label]
        elif context.period is not None:
            period = context.period
        figures = {name: row.get(name) for name in FIGURES}
        for name in ("completion_rate", "user_satisfaction"):
            figures[name] = _percent(figures[name])
        has_figures = any(v is not None and v != "" for v in figures.values())
        if has_figures and period is None:
            result.problems.append(Problem("Say which quarter the figures are for.", number, "Quarter"))
            continue
        # A body's own return is checked; a published national dataset is taken as published.
        if (
            not national
            and figures["transactions"] is not None
            and figures["digital_transactions"] is not None
            and figures["digital_transactions"] > figures["transactions"]
        ):
            result.problems.append(
                Problem(
                    f"Digital transactions ({figures['digital_transactions']:,}) cannot be more than all "
                    f"transactions ({figures['transactions']:,}).",
                    number,
                    "Digital transactions",
                    str(figures["digital_transactions"]),
                )
            )
        programme_ref = _text(row.get("programme"))
        programme = None
        if programme_ref:
            programme = _find_programme(programme_ref, organisation if organisation.pk else None)
            if programme is None:
                result.problems.append(
                    Problem(
                        f"No programme of {organisation.short_name} matches {programme_ref!r}.",
                        number,
                        "Programme",
                        programme_ref,
                    )
                )
        if len(result.problems) > problems_before:
            continue
        values = {
            "name": _text(row.get("name")),
            "phase": _text(row.get("phase")) or (service.phase if service else ServicePhase.LIVE),
            "users": _text(row.get("users")),
            "category": _text(row.get("category")),
            "url": _text(row.get("url")),
        }
        if programme is not None:
            values["programme"] = programme
        items.append(
            {"row": number, "slug": slug, "organisation": organisation, "values": values, "period": period}
            | {"figures": figures if has_figures else None}
        )
        planned_services.setdefault(slug, values)
    if result.problems:
        return result
    # What would change? Resolve periods now (creating Period rows is harmless and idempotent).
    for item in items:
        if isinstance(item["period"], tuple):
            item["period"] = period_get_or_create(year=item["period"][0], quarter=item["period"][1])
    seen_services: set[str] = set()
    for item in items:
        slug, values = item["slug"], item["values"]
        service = existing.get(slug)
        changes: dict[str, tuple[Any, Any]] = {}
        if service is None and slug not in seen_services:
            action, summary = "create", f"New service {values['name']!r}"
            if not item["organisation"].pk:
                summary += f" (and new body {item['organisation'].name})"
        else:
            if service is not None and slug not in seen_services:
                for name, value in values.items():
                    current = getattr(service, name)
                    if name == "programme":
                        current, value = service.programme_id, value.pk
                    if (current or "") != (value or ""):
                        changes[name] = (current, value)
            action = "change" if changes else "unchanged"
            summary = f"Service {values['name']!r}"
        seen_services.add(slug)
        if item["figures"] is not None:
            before = performance.get((slug, item["period"].pk))
            for name, value in item["figures"].items():
                old = getattr(before, name) if before is not None else None
                if (old is None) != (value is None) or (old is not None and Decimal(old) != Decimal(value)):
                    changes[f"{item['period'].label} {name}"] = (old, value)
            if action == "unchanged" and changes:
                action = "change" if before is not None or service is not None else "create"
            summary += f": figures for {item['period'].label}"
        result.actions.append(RowAction(row=item["row"], action=action, summary=summary, changes=changes))
    result.payload = items
    return result


def apply(context: Context, plan: Plan) -> None:
    actor = context.actor
    services = {s.slug: s for s in Service.objects.filter(slug__in={i["slug"] for i in plan.payload})}
    new_performance: list[ServicePerformance] = []
    for item in plan.payload:
        organisation = item["organisation"]
        for body in (organisation.parent, organisation):  # a new department before its new agency
            if body is not None and not body.pk:
                body.full_clean()
                body.save()
                audit.record(actor=actor, action="organisations.organisation.created", obj=body, before={})
        service = services.get(item["slug"])
        if service is None:
            service = Service(slug=item["slug"], organisation=organisation, **item["values"])
            service.full_clean()
            service.save()
            audit.record(actor=actor, action="picture.service.created", obj=service, before={})
            services[item["slug"]] = service
        elif not getattr(service, "_planned", False):
            before = audit.snapshot(service)
            for name, value in item["values"].items():
                setattr(service, name, value)
            if audit.diff(before, audit.snapshot(service)):
                service.version += 1
                service.full_clean()
                service.save()
                audit.record(actor=actor, action="picture.service.changed", obj=service, before=before)
        service._planned = True
        if item["figures"] is not None:
            new_performance.append(
                ServicePerformance(service=service, period=item["period"], **item["figures"])
            )
    _write_performance(new_performance, actor=actor)


def _write_performance(rows: list[ServicePerformance], *, actor) -> None:
    """Create or replace each (service, quarter)'s figures in bulk, recording one audit event per
    service changed so that the trail stays readable for a 10,000-row national import."""
    if not rows:
        return
    keys = {(r.service_id, r.period_id) for r in rows}
    existing = {
        (p.service_id, p.period_id): p
        for p in ServicePerformance.objects.filter(
            service_id__in={k[0] for k in keys}, period_id__in={k[1] for k in keys}
        )
    }
    to_create, to_update = [], []
    changed_services: dict[int, list[str]] = {}
    for row in rows:
        current = existing.get((row.service_id, row.period_id))
        if current is None:
            to_create.append(row)
            changed_services.setdefault(row.service_id, []).append(row.period.label)
            continue
        if any(getattr(current, name) != getattr(row, name) for name in FIGURES):
            for name in FIGURES:
                setattr(current, name, getattr(row, name))
            to_update.append(current)
            changed_services.setdefault(row.service_id, []).append(row.period.label)
    ServicePerformance.objects.bulk_create(to_create, batch_size=1000)
    ServicePerformance.objects.bulk_update(to_update, list(FIGURES), batch_size=1000)
    for service in Service.objects.filter(pk__in=changed_services):
        quarters = changed_services[service.pk]
        audit.record(
            actor=actor,
            action="picture.performance.changed",
            obj=service,
            before={},
            after={"quarters": quarters},
            note=f"Figures for {len(quarters)} quarter(s) received through the services return.",
        )


# Two kinds, one set of rules: a national import by the portfolio team (every body's services at
# once, e.g. the GOV.UK dataset through mappings/govuk-services.toml), and a body's own quarterly
# return (its editors send it through the returns workflow).
SERVICES = ReturnKind(
    slug="services",
    label="Services and their performance",
    description=(
        "Your body's public services and, for each quarter, their performance on the four measures of "
        "the service standard: cost per transaction, user satisfaction, completion rate and digital "
        "take-up (digital transactions as a share of all), with volumes. One row per service per "
        "quarter; leave a figure blank if you do not measure it."
    ),
    columns=COLUMNS,
    key=("service", "period"),
    plan=plan,
    apply=apply,
    period_kind="quarter",
    needs_organisation=False,
)


SERVICE_PERFORMANCE = ReturnKind(
    slug="service-performance",
    label="Service performance return",
    description=SERVICES.description,
    columns=tuple(c for c in COLUMNS if c.name not in {"organisation_name", "parent", "parent_name"}),
    key=("service", "period"),
    plan=plan,
    apply=apply,
    period_kind="quarter",
    needs_organisation=True,
)
