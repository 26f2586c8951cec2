"""Samples for the picture's URLs: services, the national picture, body profiles, open data."""

from collections.abc import Callable

from tests.conftest import World


def body_a_service(w: World, *, published: bool = True):
    from panorama.picture.models import Service

    service, _ = Service.objects.get_or_create(
        slug="sss-best-start-grant" if published else "sss-internal-pilot",
        defaults={
            "name": "Apply for a Best Start Grant" if published else "Internal pilot",
            "organisation": w.body_a,
            "published": published,
        },
    )
    return service


def ambition_chart(w: World) -> dict:
    from panorama.strategy.models import Ambition, Commitment, Strategy

    strategy = Strategy.objects.create(
        slug="a-changing-nation", title="A changing nation", short_title="2021"
    )
    ambition = Ambition.objects.create(strategy=strategy, number=1, title="People and Place")
    Commitment.objects.create(ambition=ambition, reference="1.1", text="We will connect everyone")
    return {"name": "ambitions"}


SAMPLES: dict[str, Callable[[World], dict]] = {
    "picture:service": lambda w: {"slug": body_a_service(w).slug},
    "picture:service-edit": lambda w: {"slug": body_a_service(w).slug},
    "picture:list": lambda w: {"name": "commitments-unowned"},
    "picture:figure": lambda w: {"key": "commitments.unowned"},
    "api:picture-records": lambda w: {"name": "lessons-useful"},
    "picture:chart": ambition_chart,
    "picture:body": lambda w: {"slug": w.body_a.slug},
    "open_data:file": lambda w: {"name": "datapackage.json"},
    "api:service": lambda w: {"reference": body_a_service(w).slug},
}
POST_DATA: dict[str, dict] = {}
