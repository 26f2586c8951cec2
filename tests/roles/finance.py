"""Samples for the Investment URLs: body A, one of its programmes and one of its legacy systems."""

from collections.abc import Callable
from decimal import Decimal

from tests.conftest import World


def _programme(w: World):
    from panorama.programmes.models import Programme

    return Programme.objects.create(
        organisation=w.body_a, title="Benefits case management", wlc_baseline=Decimal("1000000")
    )


def _system(w: World):
    from panorama.finance.models import LegacySystem

    return LegacySystem.objects.create(
        organisation=w.body_a,
        name="Payments engine",
        business_function="Paying benefits",
        annual_run_cost=Decimal("850000"),
        risk=5,
    )


SAMPLES: dict[str, Callable[[World], dict]] = {
    "finance:body": lambda w: {"slug": w.body_a.slug},
    "finance:legacy-create": lambda w: {"slug": w.body_a.slug},
    "finance:funding-edit": lambda w: {"public_id": _programme(w).public_id},
    "finance:legacy-detail": lambda w: {"public_id": _system(w).public_id},
    "finance:legacy-edit": lambda w: {"public_id": _system(w).public_id},
    "finance:legacy-delete": lambda w: {"public_id": _system(w).public_id},
}
POST_DATA: dict[str, dict] = {}
