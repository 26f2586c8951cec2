"""Samples for the map's URLs: strategies, commitments, the programme register and its network."""

from collections.abc import Callable
from decimal import Decimal

from tests.conftest import World


def strategy_of(w: World):
    from panorama.strategy.models import Ambition, Commitment, OutcomeMeasure, Strategy

    if "commitment" not in w.extra:
        strategy = Strategy.objects.create(
            slug="sample-strategy", title="A sample strategy", short_title="Sample"
        )
        ambition = Ambition.objects.create(strategy=strategy, number=1, title="Digital services")
        commitment = Commitment.objects.create(
            ambition=ambition, reference="1.1", text="Design services around users.", owner=w.body_a
        )
        measure = OutcomeMeasure.objects.create(
            commitment=commitment,
            name="Services assessed",
            unit="%",
            baseline=Decimal(10),
            target=Decimal(90),
        )
        w.extra.update(strategy=strategy, ambition=ambition, commitment=commitment, measure=measure)
    return w.extra


def programme_of(w: World):
    """Body A's programme, with a progress update (whose narrative is restricted) and a link."""
    from panorama.core.periods import period_from_label
    from panorama.programmes.models import LinkKind, Programme, ProgrammeLink, ProgressUpdate

    if "programme" not in w.extra:
        programme = Programme.objects.create(
            organisation=w.body_a, title="Benefits case management", wlc_baseline=Decimal("1000000")
        )
        other = Programme.objects.create(organisation=w.body_b, title="Disclosure checks online")
        ProgressUpdate.objects.create(
            programme=programme,
            period=period_from_label("2025-26 Q1"),
            confidence="amber",
            narrative="Restricted narrative of body A",
        )
        link = ProgrammeLink.objects.create(source=programme, target=other, kind=LinkKind.DEPENDS_ON)
        w.extra.update(programme=programme, other=other, link=link)
    return w.extra


def _programme(w: World) -> dict:
    return {"public_id": programme_of(w)["programme"].public_id}


def _link(w: World) -> dict:
    extra = programme_of(w)
    return {"public_id": extra["programme"].public_id, "link_id": extra["link"].public_id}


def _collection(w: World) -> dict:
    from panorama.organisations.models import Collection

    collection, _ = Collection.objects.get_or_create(
        slug="sample-register", defaults={"name": "Sample register"}
    )
    return {"slug": collection.slug}


SAMPLES: dict[str, Callable[[World], dict]] = {
    "programmes:collection": _collection,
    "programmes:collection-counted": _collection,
    "strategy:strategy": lambda w: {"slug": strategy_of(w)["strategy"].slug},
    "strategy:strategy-edit": lambda w: {"slug": strategy_of(w)["strategy"].slug},
    "strategy:ambition-create": lambda w: {"slug": strategy_of(w)["strategy"].slug},
    "strategy:ambition-edit": lambda w: {"public_id": strategy_of(w)["ambition"].public_id},
    "strategy:commitment-create": lambda w: {"public_id": strategy_of(w)["ambition"].public_id},
    "strategy:commitment": lambda w: {"public_id": strategy_of(w)["commitment"].public_id},
    "strategy:commitment-edit": lambda w: {"public_id": strategy_of(w)["commitment"].public_id},
    "strategy:measure-create": lambda w: {"public_id": strategy_of(w)["commitment"].public_id},
    "strategy:measure-edit": lambda w: {"public_id": strategy_of(w)["measure"].public_id},
    "strategy:actual-create": lambda w: {"public_id": strategy_of(w)["measure"].public_id},
    "programmes:detail": _programme,
    "programmes:edit": _programme,
    "programmes:delete": _programme,
    "programmes:update-create": _programme,
    "programmes:rebaseline-create": _programme,
    "programmes:link-create": _programme,
    "programmes:link-delete": _link,
    "api:programme": _programme,
}
POST_DATA: dict[str, dict] = {"programmes:collection-counted": {"version": "1", "counted": "yes"}}
