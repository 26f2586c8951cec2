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


SAMPLES: dict[str, Callable[[World], dict]] = {
    "picture:service": lambda w: {"slug": body_a_service(w).slug},
    "picture:service-edit": lambda w: {"slug": body_a_service(w).slug},
}
POST_DATA: dict[str, dict] = {}
