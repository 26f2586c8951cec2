"""Meaning: ranking quality on the TEST half of the hand-labelled sets (tests/labelled/), word-only
beside hybrid; the cost of the model (memory, embedding 100,000 lessons); and the search page's
extra work (near-synonyms, near-duplicate folding) at `--scale uk`."""

import os
import subprocess
import sys
import time

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from harness import Figure, p95, server_ms, timed

from panorama.collaboration import similarity
from panorama.core import meaning
from panorama.lessons import selectors
from panorama.lessons.apps import lesson_texts

QUERIES = ["procurement", "late supplier", "data migration", "hiring", "cloud hosting costs", "telephony"]


def _quality() -> list[Figure]:
    """Words only beside hybrid, on the training half (where the weights were chosen) and on the
    test half (only measured): the test half's figures are the ones that count."""
    from tests import labelled

    figures = []
    for half in ("train", "test"):
        where = "training half (tuned on)" if half == "train" else "test half"
        words = labelled.lesson_scores(labelled.lesson_picks(half, meaning=False))
        hybrid = labelled.lesson_scores(labelled.lesson_picks(half, meaning=True))
        for name, (precision, ndcg) in (("words only (before)", words), ("hybrid", hybrid)):
            figures.append(
                Figure(
                    "meaning",
                    f"lessons for a programme, precision@5 (as a percentage), {where}, {name}",
                    precision * 100,
                    "%",
                    "≥ 80%" if half == "test" else "—",
                    precision >= 0.8 if half == "test" else None,
                    "32 programmes × 100 lessons",
                )
            )
            figures.append(
                Figure(
                    "meaning",
                    f"lessons for a programme, nDCG@10 (as a percentage), {where}, {name}",
                    ndcg * 100,
                    "%",
                    "—",
                )
            )
        items = labelled.overlap_items(half)
        truth = labelled.true_overlaps(half)
        vectors = meaning.embed([f"{i.title}. {i.summary} {i.users}" for i in items])
        note = f"{len(items)} programmes, {len(truth)} true pairs, {len(labelled.hard_negatives(half))} hard negatives"
        for name, kwargs in (("words only (before)", {}), ("hybrid", {"meaning": vectors})):
            found = [(m.a, m.b) for m in similarity.find_overlaps(items, **kwargs)]
            precision, recall = similarity.precision_recall(found, truth)
            for measure, value, goal in (("precision", precision, 0.9), ("recall", recall, 0.85)):
                figures.append(
                    Figure(
                        "meaning",
                        f"overlap finder {measure}, {where}, {name}",
                        value * 100,
                        "%",
                        f"≥ {goal:.0%}" if half == "test" else "—",
                        value >= goal if half == "test" else None,
                        note,
                    )
                )
    return figures


MEMORY = """
import os, sys
def rss():
    return int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0]) / 1024
import django
django.setup()
before = rss()
from panorama.core import meaning
meaning.embed(['load the model'])
meaning.near_words('late')
print(before, rss())
"""


def _model_memory() -> float:
    out = subprocess.run(
        [sys.executable, "-c", MEMORY], capture_output=True, text=True, check=True, env=os.environ.copy()
    ).stdout.split()
    return float(out[-1]) - float(out[-2])


def _embedding_speed() -> tuple[int, float]:
    """Seconds to embed every lesson's text (read from the database, embedded; not stored)."""
    started = time.perf_counter()
    count = 0
    batch: list[str] = []
    for _, text in lesson_texts(None):
        batch.append(text)
        if len(batch) == 2000:
            meaning.embed(batch)
            count += len(batch)
            batch = []
    meaning.embed(batch)
    count += len(batch)
    return count, time.perf_counter() - started


def _wall_and_cpu(fn, *, repeat: int) -> tuple[list[float], list[float]]:
    """Milliseconds per call, by the clock and in this process's CPU (on a machine shared with
    other work the clock counts the waits for a core; the CPU time does not, but on PostgreSQL it
    leaves out the server's own work)."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return wall, cpu


def _speed(database: str) -> list[Figure]:
    """The two targets the issue keeps (search ≤ 30 ms, relevant lessons ≤ 100 ms at p95), by
    the clock and in CPU time."""
    from bench_lessons import QUERIES as SEARCHES
    from bench_lessons import _search_page

    from panorama.programmes.models import Programme

    anonymous = AnonymousUser()
    figures = []
    wall, cpu = [], []
    for q in SEARCHES:
        w, c = _wall_and_cpu(lambda q=q: _search_page(anonymous, q), repeat=8)
        wall, cpu = wall + w, cpu + c
    for kind, samples in (("clock", wall), ("CPU", cpu)):
        figures.append(
            Figure(
                "meaning",
                f"search: ranked first page of 20, with meaning, p95 by the {kind} ({database})",
                p95(samples),
                "ms",
                "≤ 30 ms",
                p95(samples) <= 30,
            )
        )
    wall, cpu = [], []
    for programme in Programme.objects.exclude(external_ref__startswith="bench:").order_by("pk")[:15]:
        w, c = _wall_and_cpu(
            lambda p=programme: selectors.lessons_for_programme(programme=p, limit=5), repeat=5
        )
        wall, cpu = wall + w, cpu + c
    for kind, samples in (("clock", wall), ("CPU", cpu)):
        figures.append(
            Figure(
                "meaning",
                f"relevant lessons for a programme (trouble, themes, meaning), p95 by the {kind} ({database})",
                p95(samples),
                "ms",
                "≤ 100 ms",
                p95(samples) <= 100,
            )
        )
    return figures


def run(database: str) -> list[Figure]:
    figures = _quality() + _speed(database)
    figures.append(
        Figure(
            "meaning",
            "memory the model adds to a process (RSS, WordLlama 256-d)",
            _model_memory(),
            "MB",
            "≤ 200 MB",
            None,
        )
    )
    figures[-1].meets = figures[-1].value <= 200
    count, seconds = _embedding_speed()
    per_100k = seconds * 100_000 / max(1, count)
    figures.append(
        Figure(
            "meaning",
            f"embed 100,000 lessons (read and embed, {count:,} measured; {database})",
            per_100k,
            "s",
            "≤ 300 s",
            per_100k <= 300,
        )
    )
    started = time.perf_counter()
    matrix = meaning.Matrix.of("lesson")
    figures.append(
        Figure(
            "meaning",
            f"load the in-memory matrix of {len(matrix.ids):,} lesson vectors ({database})",
            (time.perf_counter() - started) * 1000,
            "ms",
            "—",
            None,
            f"{matrix.rows.nbytes / 2**20:.0f} MB",
        )
    )
    anonymous = AnonymousUser()
    samples: list[float] = []
    for q in QUERIES:
        filters = selectors.SearchFilters(q=q)
        samples += timed(
            lambda f=filters: selectors.lessons_similar_in_meaning(user=anonymous, filters=f),
            repeat=8,
            warmup=1,
        )
    figures.append(
        Figure(
            "meaning",
            f"search: lessons similar in meaning (near-synonyms), p95 ({database})",
            p95(samples),
            "ms",
            "—",
            None,
        )
    )
    client = Client(HTTP_HOST="localhost")
    page: list[float] = []
    for q in QUERIES:
        page += server_ms(client, f"/lessons/?q={q.replace(' ', '+')}", repeat=5)
    figures.append(
        Figure(
            "meaning",
            f"search page with meaning (results, facets, folding, near-synonyms), p95 ({database})",
            p95(page),
            "ms",
            "—",
            None,
        )
    )
    return figures
