"""Hand-written labelled sets for ranking by meaning (README.md says how they were made), split into
a training half (weights and thresholds were chosen on it) and a test half (only measured)."""

import math
from itertools import combinations

from panorama.collaboration.similarity import Item, tokens

from . import lessons, overlaps

HALVES = ("train", "test")


def half_of(index: int) -> str:
    """Alternate: the 1st, 3rd, 5th … entry trains, the 2nd, 4th, 6th … tests."""
    return HALVES[index % 2]


# ---- lessons for a programme


def lesson_programmes(half: str) -> list[tuple]:
    return [p for i, p in enumerate(lessons.PROGRAMMES) if half_of(i) == half]


def precision_at(picked: list[str], graded: dict[str, int], k: int = 5) -> float:
    """Share of the first k picks that are relevant or partly relevant."""
    return sum(1 for key in picked[:k] if graded.get(key, 0) > 0) / k


def ndcg_at(picked: list[str], graded: dict[str, int], k: int = 10) -> float:
    gains = [graded.get(key, 0) for key in picked[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(graded.values(), reverse=True)[:k]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 1.0


# ---- overlaps


def overlap_items(half: str) -> list[Item]:
    found = []
    for i, (purpose, programmes) in enumerate(overlaps.PURPOSES.items()):
        if half_of(i) != half:
            continue
        for n, (body, title, summary, users, commitments, platforms) in enumerate(programmes):
            found.append(
                Item(
                    key=f"{purpose}/{n}",
                    organisation=body,
                    title=title,
                    summary=summary,
                    users=users,
                    commitments={c: f"commitment {c}" for c in commitments},
                    platforms={p: overlaps.PLATFORM_NAMES[p] for p in platforms},
                )
            )
    return found


def true_overlaps(half: str) -> list[tuple[str, str]]:
    items = overlap_items(half)
    return [
        (a.key, b.key)
        for a, b in combinations(items, 2)
        if a.key.split("/")[0] == b.key.split("/")[0] and a.organisation != b.organisation
    ]


def hard_negatives(half: str) -> list[tuple[str, str]]:
    """Pairs in different bodies that are not the same work but share a word of their titles or
    summaries, their users, a commitment or a platform: the ones a word-matcher can mistake."""
    items = overlap_items(half)
    words = {i.key: set(tokens(f"{i.title} {i.summary}")) for i in items}
    users = {i.key: set(tokens(i.users)) for i in items}
    return [
        (a.key, b.key)
        for a, b in combinations(items, 2)
        if a.key.split("/")[0] != b.key.split("/")[0]
        and a.organisation != b.organisation
        and (
            words[a.key] & words[b.key]
            or users[a.key] & users[b.key]
            or set(a.commitments) & set(b.commitments)
            or set(a.platforms) & set(b.platforms)
        )
    ]


def _lesson_objects():
    """The labelled lessons as unsaved Lesson objects (ids 1…), for ranking without a database."""
    import datetime

    from panorama.lessons.models import Lesson, Theme

    themes: dict[str, Theme] = {}
    objects, themes_of = [], {}
    for n, (key, _topic, title, text, slugs, phase) in enumerate(lessons.LESSONS, start=1):
        lesson = Lesson(
            pk=n,
            title=title,
            what_happened=text,
            phase=phase,
            date=datetime.date(2024, 1, 1),
            illustrative=True,
            external_ref=key,
        )
        objects.append(lesson)
        themes_of[n] = [themes.setdefault(s, Theme(pk=len(themes) + 1, slug=s, name=s)) for s in slugs]
    return objects, themes_of


def lesson_picks(half: str, *, meaning: bool, weights=None, limit: int = 10) -> dict[str, list[str]]:
    """{programme key: the keys of the lessons ranked for it, best first}, ranked by the same
    selectors._rank the library uses, over all the labelled lessons."""
    from panorama.core import meaning as model
    from panorama.lessons import search, selectors

    objects, themes_of = _lesson_objects()
    lesson_vectors = model.embed([f"{o.title}. {o.what_happened}" for o in objects]) if meaning else None
    picks = {}
    for key, title, summary, phase, _primary, _lesser in lesson_programmes(half):
        text = f"{title} {summary}"
        closeness, trouble_themes = None, frozenset()
        if meaning:
            # As lessons_for_programme: meaning and theme from the trouble, words from the whole.
            trouble = selectors.trouble_in(summary)
            vector = model.embed_one(trouble)
            closeness = {o.pk: float(v @ vector) for o, v in zip(objects, lesson_vectors, strict=True)}
            trouble_themes = selectors.themes_for_trouble(trouble, vector)
        ranked = selectors._rank(
            objects,
            terms=search.key_terms(text),
            themes=set(),
            phase=phase,
            themes_of=themes_of,
            closeness=closeness,
            weights=weights,
            trouble_themes=trouble_themes,
        )
        picks[key] = [s.lesson.external_ref for s in ranked[:limit]]
    return picks


def lesson_scores(picks: dict[str, list[str]]) -> tuple[float, float]:
    """Mean precision@5 and mean nDCG@10 of `picks` against the grades."""
    graded = lessons.grades()
    p5 = [precision_at(p, graded[k]) for k, p in picks.items()]
    nd = [ndcg_at(p, graded[k]) for k, p in picks.items()]
    return sum(p5) / len(p5), sum(nd) / len(nd)
