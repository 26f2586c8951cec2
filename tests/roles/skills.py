"""Samples for the skills URLs: body A's workforce, programme needs and initiative."""

from collections.abc import Callable
from decimal import Decimal

from panorama.core import periods
from tests.conftest import World


def _roles():
    from panorama.skills.models import Role
    from panorama.skills.services import roles_load_reference

    roles_load_reference()
    return {role.slug: role for role in Role.objects.all()}


def _programme_a(w: World):
    from panorama.programmes.models import Programme

    return Programme.objects.create(organisation=w.body_a, title="Benefits case management")


def _need_a(w: World) -> dict:
    from panorama.skills.models import ProgrammeNeed

    need = ProgrammeNeed.objects.create(
        programme=_programme_a(w),
        role=_roles()["developer"],
        period=periods.period_get_or_create(year=2026, quarter=3),
        fte=Decimal(2),
    )
    return {"public_id": need.public_id}


def _initiative_a(w: World):
    from panorama.skills.models import Initiative

    return Initiative.objects.create(name="Digital Academy", kind="academy", organisation=w.body_a)


def _target_a(w: World) -> dict:
    from panorama.skills.models import InitiativeTarget, RoleFamily

    _roles()
    target = InitiativeTarget.objects.create(
        initiative=_initiative_a(w), family=RoleFamily.objects.get(slug="data"), year=2025, target=10
    )
    return {"public_id": target.public_id}


SAMPLES: dict[str, Callable[[World], dict]] = {
    "skills:role-edit": lambda w: {"slug": _roles()["developer"].slug},
    "skills:body": lambda w: {"slug": w.body_a.slug},
    "skills:programme-needs": lambda w: {"public_id": _programme_a(w).public_id},
    "skills:need-create": lambda w: {"public_id": _programme_a(w).public_id},
    "skills:need-edit": _need_a,
    "skills:need-delete": _need_a,
    "skills:initiative": lambda w: {"public_id": _initiative_a(w).public_id},
    "skills:initiative-edit": lambda w: {"public_id": _initiative_a(w).public_id},
    "skills:target-set": lambda w: {"public_id": _initiative_a(w).public_id},
    "skills:target-delete": _target_a,
}
POST_DATA: dict[str, dict] = {}
