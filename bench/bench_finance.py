"""Investment: the summary API and the investment pages on the --scale uk picture (1,000,000 finance
lines across 1,000 bodies). Target: 150 ms median server time (the issue asks 200 ms)."""

from django.test import Client
from harness import Figure, median, p95, server_ms

TARGET_MS = 150


def run(database: str) -> list[Figure]:
    from panorama.accounts.models import User
    from panorama.finance.models import FinanceLine

    lines = FinanceLine.objects.count()
    public = Client(HTTP_HOST="localhost")
    analyst = Client(HTTP_HOST="localhost")
    person = User.objects.filter(global_role="analyst").first()
    if person is not None:
        analyst.force_login(person)
    figures = []
    cases = [
        ("summary API, national", public, "/api/v1/finance/summary"),
        (
            "summary API, sector and year",
            public,
            "/api/v1/finance/summary?year=2024-25&sector=local+government",
        ),
        ("investment overview page", public, "/investment/"),
        ("keeping the lights on by body, analyst (every body)", analyst, "/investment/bodies/"),
        ("funding gap page", analyst, "/investment/funding/"),
        ("legacy cliff page", analyst, "/investment/legacy/cliff/"),
        ("legacy register, analyst", analyst, "/investment/legacy/"),
    ]
    for name, client, path in cases:
        samples = server_ms(client, path)
        value = median(samples)
        figures.append(
            Figure(
                "finance",
                f"{name}, median server time ({database})",
                value,
                "ms",
                f"≤ {TARGET_MS} ms",
                value <= TARGET_MS,
                note=f"p95 {p95(samples):.0f} ms; {lines:,} finance lines",
            )
        )
    return figures
