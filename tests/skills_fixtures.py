"""Small builders shared by the skills tests."""

from decimal import Decimal

from panorama.core import periods
from panorama.skills.models import ProgrammeNeed, Role, WorkforceLine
from panorama.skills.services import roles_load_reference


def load_roles() -> dict[str, Role]:
    roles_load_reference()
    return {role.slug: role for role in Role.objects.all()}


def line(
    body, year: int, role: Role, established, permanent, contractors, vacancies, **extra
) -> WorkforceLine:
    return WorkforceLine.objects.create(
        organisation=body,
        period=periods.period_get_or_create(year=year),
        role=role,
        established=Decimal(str(established)),
        permanent=Decimal(str(permanent)),
        contractors=Decimal(str(contractors)),
        vacancies=Decimal(str(vacancies)),
        **extra,
    )


def programme(body, title: str):
    from panorama.programmes.models import Programme

    return Programme.objects.create(organisation=body, title=title)


def need(programme, role: Role, label: str, fte) -> ProgrammeNeed:
    return ProgrammeNeed.objects.create(
        programme=programme, role=role, period=periods.period_from_label(label), fte=Decimal(str(fte))
    )
