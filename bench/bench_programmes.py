"""The map: the filtered programme register and the programmes API at --scale uk (20,000
programmes, 400,000 progress updates)."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from harness import Figure, median, server_ms, timed

from panorama.core.answers import STORE
from panorama.programmes.models import Programme
from panorama.strategy.models import Commitment


def run(database: str) -> list[Figure]:
    client = Client(HTTP_HOST="localhost")
    commitment = Commitment.objects.filter(
        ambition__strategy__slug="a-changing-nation-2021", reference="3.5"
    ).first()
    programme = Programme.objects.filter(external_ref__startswith="uk:").order_by("pk").first()
    pages = [
        (
            "filtered register page (sector, major, sorted by cost)",
            "/programmes/?sector=health+and+care&major=yes&sort=cost",
        ),
        ("register page, text search", "/programmes/?q=portal&sort=variance"),
    ]
    if commitment is not None:
        pages.append(
            ("register page filtered by commitment", f"/programmes/?commitment={commitment.public_id}")
        )
    if programme is not None:
        pages.append(("programme page (20 quarters of history)", programme.get_absolute_url()))
        pages.append(("API programme detail", f"/api/v1/programmes/{programme.public_id}"))
    figures = []
    # The public list keeps an anonymous reader's answer until the register changes
    # (core/answers.py): the list is timed both as computed (nothing kept) and as kept.
    api_list = "/api/v1/programmes?sector=local+government&confidence=amber"
    for name, keep in (("computed, nothing kept", False), ("kept answer", True)):

        def get(keep: bool = keep) -> None:
            if not keep:
                STORE.clear()
            assert client.get(api_list).status_code == 200

        value = median(timed(get))
        figures.append(
            Figure(
                "programmes",
                f"API programme list (sector, confidence), {name}, median server time ({database})",
                value,
                "ms",
                "≤ 150 ms",
                value <= 150,
            )
        )
    for name, path in pages:
        value = median(server_ms(client, path))
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        figures.append(
            Figure(
                "programmes",
                f"{name}, median server time ({database})",
                value,
                "ms",
                "≤ 150 ms",
                value <= 150,
                note=f"{len(queries)} queries",
            )
        )
    value = median(server_ms(client, "/programmes/network/", repeat=5))
    figures.append(
        Figure(
            "programmes",
            f"network page (10,000+ links), median server time ({database})",
            value,
            "ms",
            "—",
            None,
        )
    )
    return figures
