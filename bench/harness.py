"""Small helpers the benchmarks share: medians over repeated runs, and server time for a page."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    benchmark: str
    measure: str
    value: float
    unit: str
    target: str
    meets: bool | None = None
    note: str = ""


def timed(fn: Callable[[], object], *, repeat: int = 15, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def server_ms(client, path: str, *, repeat: int = 15, **headers) -> list[float]:
    """Milliseconds from request to full response inside the server process (no network)."""

    def get() -> None:
        response = client.get(path, **headers)
        assert response.status_code == 200, (path, response.status_code)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)

    return timed(get, repeat=repeat)
