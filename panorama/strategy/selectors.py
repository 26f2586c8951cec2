"""Reads for the strategy model. Strategies, their commitments and outcome measures are published:
everyone may read them."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from panorama.programmes.models import Programme

from .models import Ambition, Commitment, OutcomeMeasure, Strategy

UNOWNED = Q(owner__isnull=True) | Q(accountable_person="")


def strategy_list() -> QuerySet[Strategy]:
    return Strategy.objects.select_related("owner").annotate(
        commitment_count=Count("ambitions__commitments", distinct=True),
    )


def strategy_counts(*, strategy: Strategy) -> dict:
    commitments = Commitment.objects.filter(ambition__strategy=strategy)
    return {
        "commitments": commitments.count(),
        "unowned": commitments.filter(UNOWNED).count(),
        "without_programme": commitments.filter(programmes__isnull=True).count(),
        "ambitions": commitments.filter(kind="ambition").count(),
    }


def strategy_get(*, slug: str) -> Strategy:
    try:
        return Strategy.objects.select_related("owner").get(slug=slug)
    except Strategy.DoesNotExist:
        raise Http404("No such strategy.") from None


def strategy_ambitions(*, strategy: Strategy) -> QuerySet[Ambition]:
    commitments = Commitment.objects.select_related("owner").annotate(programme_count=Count("programmes"))
    return strategy.ambitions.prefetch_related(
        Prefetch("commitments", queryset=commitments.order_by("reference"))
    )


@dataclass
class CommitmentFilters:
    q: str = ""
    strategy: str = ""  # slug
    status: str = ""
    kind: str = ""
    owner: str = ""  # body slug
    unowned: bool = False
    without_programme: bool = False


def commitment_list(*, filters: CommitmentFilters | None = None) -> QuerySet[Commitment]:
    f = filters or CommitmentFilters()
    commitments = Commitment.objects.select_related("ambition__strategy", "owner").annotate(
        programme_count=Count("programmes", distinct=True)
    )
    if f.q:
        commitments = commitments.filter(Q(text__icontains=f.q.strip()) | Q(reference=f.q.strip()))
    if f.strategy:
        commitments = commitments.filter(ambition__strategy__slug=f.strategy)
    if f.status:
        commitments = commitments.filter(status=f.status)
    if f.kind:
        commitments = commitments.filter(kind=f.kind)
    if f.owner:
        commitments = commitments.filter(owner__slug=f.owner)
    if f.unowned:
        commitments = commitments.filter(UNOWNED)
    if f.without_programme:
        commitments = commitments.filter(programme_count=0)
    return commitments.order_by("-ambition__strategy__published", "ambition__number", "reference", "pk")


def commitment_get(*, public_id) -> Commitment:
    try:
        return Commitment.objects.select_related("ambition__strategy", "owner").get(public_id=public_id)
    except (Commitment.DoesNotExist, ValueError):
        raise Http404("No such commitment.") from None


def commitment_programmes(*, commitment: Commitment) -> QuerySet[Programme]:
    return commitment.programmes.select_related("organisation").order_by("organisation__name", "title")


def ambition_get(*, public_id) -> Ambition:
    try:
        return Ambition.objects.select_related("strategy").get(public_id=public_id)
    except (Ambition.DoesNotExist, ValueError):
        raise Http404("No such part of a strategy.") from None


def measure_get(*, public_id) -> OutcomeMeasure:
    try:
        return OutcomeMeasure.objects.select_related("commitment__ambition__strategy").get(
            public_id=public_id
        )
    except (OutcomeMeasure.DoesNotExist, ValueError):
        raise Http404("No such outcome measure.") from None


def commitment_measures(*, commitment: Commitment) -> list[OutcomeMeasure]:
    return list(commitment.measures.prefetch_related("actuals"))
