"""Writes for skills: the taxonomy, workforce lines, programme needs and initiatives. Every write is
recorded in the audit trail in the same transaction."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from panorama.core import audit
from panorama.core.models import Period
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme

from .models import Initiative, InitiativeTarget, ProgrammeNeed, Role, RoleFamily, WorkforceLine
from .reference import FAMILIES


class StaleEdit(ValidationError):
    pass


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _check_version(current: Any, version: int) -> None:
    if current.version != version:
        raise StaleEdit(
            f"{current} has changed since this page was loaded. Reload it and make your change again."
        )


def _save_changes(*, actor, obj, version: int, data: dict, action: str) -> Any:
    with transaction.atomic():
        current = type(obj).objects.select_for_update().get(pk=obj.pk)
        _check_version(current, version)
        before = audit.snapshot(current)
        for name, value in data.items():
            setattr(current, name, value)
        current.full_clean()
        current.version += 1
        current.save()
        audit.record(actor=actor, action=action, obj=current, before=before)
    return current


# --- The taxonomy -----------------------------------------------------------------------------


def roles_load_reference(*, actor=None) -> LoadResult:
    """Load the framework's role families and roles. Idempotent: matched on slug; a name or
    description an analyst has since changed is left as they set it."""
    result = LoadResult()
    with transaction.atomic():
        families = {f.slug: f for f in RoleFamily.objects.all()}
        roles = set(Role.objects.values_list("slug", flat=True))
        for position, (slug, name, description, family_roles) in enumerate(FAMILIES, start=1):
            family = families.get(slug)
            if family is None:
                family = RoleFamily.objects.create(
                    slug=slug, name=name, description=description, position=position * 10, from_framework=True
                )
                audit.record(actor=actor, action="skills.rolefamily.created", obj=family, before={})
                result.created += 1
            else:
                result.unchanged += 1
            for role_slug, role_name, role_description in family_roles:
                if role_slug in roles:
                    result.unchanged += 1
                    continue
                role = Role.objects.create(
                    slug=role_slug,
                    family=family,
                    name=role_name,
                    description=role_description,
                    from_framework=True,
                )
                audit.record(actor=actor, action="skills.role.created", obj=role, before={})
                result.created += 1
    return result


def _unique_slug(model, name: str) -> str:
    base = slugify(name)[:70] or "role"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def role_family_create(*, actor, name: str, description: str = "") -> RoleFamily:
    with transaction.atomic():
        family = RoleFamily(
            slug=_unique_slug(RoleFamily, name),
            name=name.strip(),
            description=description,
            position=(
                RoleFamily.objects.order_by("-position").values_list("position", flat=True).first() or 0
            )
            + 10,
        )
        family.full_clean()
        family.save()
        audit.record(actor=actor, action="skills.rolefamily.created", obj=family, before={})
    return family


def role_create(*, actor, family: RoleFamily, name: str, description: str = "") -> Role:
    with transaction.atomic():
        role = Role(slug=_unique_slug(Role, name), family=family, name=name.strip(), description=description)
        role.full_clean()
        role.save()
        audit.record(actor=actor, action="skills.role.created", obj=role, before={})
    return role


def role_update(*, actor, role: Role, version: int, data: dict) -> Role:
    return _save_changes(actor=actor, obj=role, version=version, data=data, action="skills.role.changed")


# --- Workforce returns ------------------------------------------------------------------------

WORKFORCE_FIELDS = (
    "established",
    "permanent",
    "contractors",
    "vacancies",
    "planned_next_year",
    "planned_year_after",
    "median_days_to_hire",
)


def workforce_lines_apply(
    *, actor, organisation: Organisation, period: Period, lines: list[dict[str, Any]]
) -> tuple[int, int]:
    """Create or change one line per role (each dict has "role_id" and WORKFORCE_FIELDS).
    Returns (created, changed). The caller holds the transaction (the returns machinery does)."""
    created = changed = 0
    existing = {
        line.role_id: line
        for line in WorkforceLine.objects.select_for_update().filter(organisation=organisation, period=period)
    }
    for values in lines:
        line = existing.get(values["role_id"])
        if line is None:
            line = WorkforceLine(organisation=organisation, period=period, role_id=values["role_id"])
            before: dict | None = {}
        else:
            before = audit.snapshot(line)
        for name in WORKFORCE_FIELDS:
            setattr(line, name, values.get(name))
        line.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        line.full_clean()
        line.save()
        event = "created" if before == {} else "changed"
        audit.record(actor=actor, action=f"skills.workforceline.{event}", obj=line, before=before)
        if event == "created":
            created += 1
        else:
            changed += 1
    return created, changed


# --- Programme needs --------------------------------------------------------------------------


def _need_problems(*, programme: Programme, role: Role, period: Period, exclude: int | None = None) -> None:
    clash = ProgrammeNeed.objects.filter(programme=programme, role=role, period=period)
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            f"{programme} already has a need for {role} in {period}: change that one instead.",
        )


def programme_need_create(
    *, actor, programme: Programme, role: Role, period: Period, fte: Decimal, level: str, note: str = ""
) -> ProgrammeNeed:
    if period.kind != "quarter":
        raise ValidationError("Needs are planned by quarter: choose a quarter such as 2026-27 Q3.")
    with transaction.atomic():
        _need_problems(programme=programme, role=role, period=period)
        need = ProgrammeNeed(programme=programme, role=role, period=period, fte=fte, level=level, note=note)
        need.full_clean()
        try:
            with transaction.atomic():
                need.save()
        except IntegrityError:
            raise ValidationError(f"{programme} already has a need for {role} in {period}.") from None
        audit.record(actor=actor, action="skills.programmeneed.created", obj=need, before={})
    return need


def programme_need_update(*, actor, need: ProgrammeNeed, version: int, data: dict) -> ProgrammeNeed:
    with transaction.atomic():
        _need_problems(
            programme=need.programme,
            role=data.get("role", need.role),
            period=data.get("period", need.period),
            exclude=need.pk,
        )
        if data.get("period", need.period).kind != "quarter":
            raise ValidationError("Needs are planned by quarter: choose a quarter such as 2026-27 Q3.")
        return _save_changes(
            actor=actor, obj=need, version=version, data=data, action="skills.programmeneed.changed"
        )


def programme_need_delete(*, actor, need: ProgrammeNeed) -> None:
    audit.delete(actor=actor, action="skills.programmeneed.deleted", obj=need)


# --- Initiatives ------------------------------------------------------------------------------


def initiative_create(*, actor, data: dict) -> Initiative:
    with transaction.atomic():
        initiative = Initiative(**data)
        initiative.full_clean()
        initiative.save()
        audit.record(actor=actor, action="skills.initiative.created", obj=initiative, before={})
    return initiative


def initiative_update(*, actor, initiative: Initiative, version: int, data: dict) -> Initiative:
    return _save_changes(
        actor=actor, obj=initiative, version=version, data=data, action="skills.initiative.changed"
    )


def initiative_target_set(
    *, actor, initiative: Initiative, family: RoleFamily, year: int, target: int, delivered: int | None
) -> InitiativeTarget:
    """Set the target (and what was delivered) for one role family and year: created if new."""
    with transaction.atomic():
        existing = (
            InitiativeTarget.objects.select_for_update()
            .filter(initiative=initiative, family=family, year=year)
            .first()
        )
        before = audit.snapshot(existing) if existing else {}
        row = existing or InitiativeTarget(initiative=initiative, family=family, year=year)
        row.target, row.delivered = target, delivered
        row.full_clean()
        row.save()
        event = "changed" if existing else "created"
        audit.record(actor=actor, action=f"skills.initiativetarget.{event}", obj=row, before=before)
    return row


def initiative_target_delete(*, actor, target: InitiativeTarget) -> None:
    audit.delete(actor=actor, action="skills.initiativetarget.deleted", obj=target)
