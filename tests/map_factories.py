"""Small builders for the map's tests: a programme, an update, a commitment."""

from decimal import Decimal

from panorama.core.periods import period_from_label
from panorama.programmes.models import Platform, Programme, ProgressUpdate
from panorama.strategy.models import Ambition, Commitment, Strategy


def make_programme(body, title: str = "Case management", **fields) -> Programme:
    return Programme.objects.create(organisation=body, title=title, **fields)


def make_update(programme: Programme, label: str = "2025-26 Q1", **fields) -> ProgressUpdate:
    fields.setdefault("confidence", "amber")
    return ProgressUpdate.objects.create(programme=programme, period=period_from_label(label), **fields)


def make_commitment(reference: str = "3.3", owner=None, person: str = "", **fields) -> Commitment:
    strategy, _ = Strategy.objects.get_or_create(
        slug="changing-nation", defaults={"title": "A changing nation", "short_title": "Changing nation"}
    )
    ambition, _ = Ambition.objects.get_or_create(
        strategy=strategy, number=3, defaults={"title": "Digital Government and Services"}
    )
    fields.setdefault("text", f"Commitment {reference}.")
    return Commitment.objects.create(
        ambition=ambition, reference=reference, owner=owner, accountable_person=person, **fields
    )


def make_platform(slug: str = "scotaccount", name: str = "ScotAccount") -> Platform:
    return Platform.objects.create(slug=slug, name=name, kind="identity")


MILLION = Decimal(1_000_000)
