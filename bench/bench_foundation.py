"""Foundation: the pages every visitor meets, on a loaded database."""

from django.test import Client
from harness import Figure, median, server_ms


def run(database: str) -> list[Figure]:
    client = Client(HTTP_HOST="localhost")
    figures = []
    for name, path in [
        ("home page", "/"),
        ("public bodies list", "/organisations/"),
        ("health check", "/healthz"),
    ]:
        value = median(server_ms(client, path))
        figures.append(
            Figure(
                "foundation",
                f"{name}, median server time ({database})",
                value,
                "ms",
                "≤ 150 ms",
                value <= 150,
            )
        )
    return figures
