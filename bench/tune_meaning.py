"""Choose the hybrid weights on the TRAINING half of the hand-labelled sets (tests/labelled/) and
print them; the test half is never looked at here. Run: .venv/bin/python bench/tune_meaning.py

Overlaps: the most recall with precision ≥ 0.95 on the training half (ties: the higher threshold).
Lessons: the best mean nDCG@10 on the training half (ties: the simpler weights); meaning and the
theme are taken from the programme's trouble (selectors.trouble_in, themes_for_trouble)."""

import itertools
import os
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panorama.settings")

import django  # noqa: E402

django.setup()

from panorama.collaboration import similarity  # noqa: E402
from panorama.core import meaning  # noqa: E402
from tests import labelled  # noqa: E402


def overlap_vectors(items):
    return meaning.embed([f"{i.title}. {i.summary} {i.users}" for i in items])


def tune_overlaps() -> similarity.Weights:
    items = labelled.overlap_items("train")
    truth = labelled.true_overlaps("train")
    vectors = overlap_vectors(items)
    best = None
    for text, threshold, mutual, min_meaning in itertools.product(
        (0.0, 0.25, 0.5, 0.75, 1.0),
        [x / 100 for x in range(50, 110, 4)],
        [x / 100 for x in range(30, 80, 4)],
        (0.35, 0.45, 0.55),
    ):
        if mutual > threshold:
            continue
        weights = replace(
            similarity.HYBRID,
            text=text,
            threshold=threshold,
            mutual_threshold=mutual,
            min_meaning=min_meaning,
        )
        found = [(m.a, m.b) for m in similarity.find_overlaps(items, meaning=vectors, weights=weights)]
        precision, recall = similarity.precision_recall(found, truth)
        if precision < 0.95:
            continue
        key = (recall, precision, -threshold, text, mutual)
        if best is None or key > best[0]:
            best = (key, weights)
    print("overlaps, training half: recall {:.2f} precision {:.2f}".format(*best[0][:2]), best[1])
    return best[1]


def tune_lessons():
    from panorama.lessons import selectors

    best = None
    for words, weight, floor, trouble in itertools.product(
        (0.25, 0.5, 1.0), (1.0, 2.0), (0.0, 0.1), (0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0)
    ):
        weights = replace(
            selectors.HYBRID,
            words=words,
            meaning=weight,
            meaning_floor=floor,
            phase=0.0,
            trouble_theme=trouble,
        )
        precision, ndcg = labelled.lesson_scores(
            labelled.lesson_picks("train", meaning=True, weights=weights)
        )
        key = (round(ndcg, 4), round(precision, 4), -weight, -words, -trouble)
        if best is None or key > best[0]:
            best = (key, weights)
    print("lessons, training half: nDCG@10 {:.3f} precision@5 {:.3f}".format(*best[0][:2]), best[1])
    return best[1]


if __name__ == "__main__":
    if "lessons" not in sys.argv[1:]:
        tune_overlaps()
    if "overlaps" not in sys.argv[1:]:
        tune_lessons()
