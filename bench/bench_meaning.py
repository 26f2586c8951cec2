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
    from tests import labelled

    figures = []
    words = labelled.lesson_scores(labelled.lesson_picks("test", meaning=False))
    hybrid = labelled.lesson_scores(labelled.lesson_picks("test", meaning=True))
    for name, (precision, ndcg) in (("words only (before)", words), ("words + meaning (hybrid)", hybrid)):
        figures.append(
            Figure(
                "meaning",
                f"lessons for a programme, precision@5 on the test half, {name}",
                precision,
                "",
                "≥ 0.8",
                precision >= 0.8,
                "32 programmes × 100 lessons",
            )
        )
        figures.append(
            Figure("meaning", f"lessons for a programme, nDCG@10 on the test half, {name}", ndcg, "", "—")
        )
    items = labelled.overlap_items("test")
    truth = labelled.true_overlaps("test")
    vectors = meaning.embed([f"{i.title}. {i.summary} {i.users}" for i in items])
    for name, kwargs in (("words only (before)", {}), ("words + meaning (hybrid)", {"meaning": vectors})):
        found = [(m.a, m.b) for m in similarity.find_overlaps(items, **kwargs)]
        precision, recall = similarity.precision_recall(found, truth)
        note = f"{len(items)} programmes, {len(truth)} true pairs, {len(labelled.hard_negatives('test'))} hard negatives"
        figures.append(
            Figure(
                "meaning",
                f"overlap finder precision on the test half, {name}",
                precision * 100,
                "%",
                "≥ 90%",
                precision >= 0.9,
                note,
            )
        )
        figures.append(
            Figure(
                "meaning",
                f"overlap finder recall on the test half, {name}",
                recall * 100,
                "%",
                "≥ 85%",
                recall >= 0.85,
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


def run(database: str) -> list[Figure]:
    figures = _quality()
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
