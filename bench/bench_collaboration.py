"""Collaboration: the overlap finder's accuracy on the labelled set and its speed on the whole
register, and the pages a newcomer opens first."""

import time

from django.test import Client
from harness import Figure, median, server_ms

from panorama.accounts.models import User
from panorama.collaboration import labelled, services, similarity
from panorama.programmes.models import Platform


def run(database: str) -> list[Figure]:
    figures = []
    found = [(m.a, m.b) for m in similarity.find_overlaps(labelled.items())]
    precision, recall = similarity.precision_recall(found, labelled.TRUE_OVERLAPS)
    figures.append(
        Figure(
            "collaboration",
            "overlap finder precision on the labelled set",
            precision * 100,
            "%",
            "≥ 85%",
            precision >= 0.85,
        )
    )
    figures.append(
        Figure(
            "collaboration",
            "overlap finder recall on the labelled set",
            recall * 100,
            "%",
            "≥ 85%",
            recall >= 0.85,
        )
    )
    started = time.perf_counter()
    result = services.overlaps_recompute()
    seconds = time.perf_counter() - started
    figures.append(
        Figure(
            "collaboration",
            f"recompute overlaps over {result.programmes} programmes ({database})",
            seconds,
            "s",
            "≤ 60 s",
            seconds <= 60,
        )
    )
    client = Client(HTTP_HOST="localhost")
    pages = [
        ("collaboration home (platforms by adopters, rounds, forums)", "/collaboration/"),
        ("shared platforms catalogue", "/collaboration/platforms/"),
        ("challenges and funnel", "/collaboration/challenges/"),
        ("forums", "/collaboration/forums/"),
    ]
    platform = Platform.objects.filter(name__iexact="ScotAccount").first()
    if platform is not None:
        pages.append(("ScotAccount's page", f"/collaboration/platforms/{platform.slug}/"))
    for name, path in pages:
        value = median(server_ms(client, path))
        figures.append(
            Figure(
                "collaboration",
                f"{name}, median server time ({database})",
                value,
                "ms",
                "≤ 300 ms",
                value <= 300,
            )
        )
    analyst = User.objects.filter(email="analyst@demo.scot").first()
    if analyst is not None:
        client.force_login(analyst)
        value = median(server_ms(client, "/collaboration/overlaps/"))
        figures.append(
            Figure(
                "collaboration",
                f"overlap list (analyst), median server time ({database})",
                value,
                "ms",
                "≤ 300 ms",
                value <= 300,
            )
        )
    return figures
