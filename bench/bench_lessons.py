"""Lessons: full-text search and the lessons that fit a programme, at 100,000 lessons; and
precision@5 of the labelled set (tests/lessons_relevance_set.py) with those 100,000 as distractors."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from harness import Figure, p95, timed

from panorama.lessons import search, selectors
from panorama.lessons.models import Lesson, Moderation, Theme
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme

QUERIES = [
    "procurement",
    "data migration",
    "optimism bias",
    "telephony",
    "case management",
    "governance board",
    "load test peak",
    "contractors",
    "cut over",
    "records",
    "proc",
    "migr",
    "fixed price contract",
    "users acceptance testing",
    "zzzz nothing matches",
]


def _search_page(user, q: str) -> None:
    found = selectors.lesson_search(user=user, filters=selectors.SearchFilters(q=q))
    page = Paginator(found, 20).page(1)
    for lesson in page:
        search.highlight(lesson.title, search.words(q))


def _facets(user, q: str) -> None:
    selectors.lesson_facets(user=user, filters=selectors.SearchFilters(q=q))


def _labelled_programmes() -> tuple[dict[int, str], list[tuple[Programme, set[str]]]]:
    """The labelled lessons and programmes, added once to the benchmark database."""
    from tests.lessons_relevance_set import LESSONS, PROGRAMMES

    themes = {t.slug: t for t in Theme.objects.all()}
    keys: dict[int, str] = {}
    new = []
    for key, (title, text, slugs, phase) in LESSONS.items():
        lesson = Lesson.objects.filter(external_ref=f"bench:{key}").first()
        if lesson is None:
            lesson = Lesson.objects.create(
                external_ref=f"bench:{key}",
                title=title,
                what_happened=text,
                phase=phase,
                date=datetime.date(2020, 1, 1),
                source="case-study",
                visibility="public",
                status=Moderation.PUBLISHED,
                illustrative=True,
            )
            lesson.themes.set([themes[s] for s in slugs])
            new.append(lesson.pk)
        keys[lesson.pk] = key
    search.index_lessons(ids=new)
    body = Organisation.objects.order_by("pk").first()
    programmes = []
    for name, (title, summary, phase, relevant) in PROGRAMMES.items():
        programme, _ = Programme.objects.get_or_create(
            external_ref=f"bench:{name}",
            defaults={
                "organisation": body,
                "title": title,
                "summary": summary,
                "phase": phase,
                "illustrative": True,
            },
        )
        programmes.append((programme, relevant))
    return keys, programmes


def run(database: str) -> list[Figure]:
    from tests.lessons_relevance_set import precision_at_5

    anonymous = AnonymousUser()
    total = Lesson.objects.count()
    samples: list[float] = []
    facet_samples: list[float] = []
    for q in QUERIES:
        samples += timed(lambda q=q: _search_page(anonymous, q), repeat=8, warmup=1)
        facet_samples += timed(lambda q=q: _facets(anonymous, q), repeat=3, warmup=1)
    # The library's front page: no words, every lesson the reader may see counted by facet.
    browse_samples = timed(lambda: _facets(anonymous, ""), repeat=8, warmup=1)
    keys, labelled = _labelled_programmes()
    programmes = [p for p, _ in labelled] + list(
        Programme.objects.exclude(external_ref__startswith="bench:").order_by("pk")[:15]
    )
    relevance: list[float] = []
    for programme in programmes:
        relevance += timed(
            lambda p=programme: selectors.lessons_for_programme(programme=p, limit=5), repeat=5, warmup=1
        )
    precision = [
        precision_at_5(
            [keys.get(s.lesson.pk, "") for s in selectors.lessons_for_programme(programme=p, limit=5)],
            relevant,
        )
        for p, relevant in labelled
    ]
    mean_precision = sum(precision) / len(precision)
    search_p95, facets_p95, relevance_p95 = p95(samples), p95(facet_samples), p95(relevance)
    note = f"{total:,} lessons"
    return [
        Figure(
            "lessons",
            f"search: ranked first page of 20 with count and highlights, p95 ({database})",
            search_p95,
            "ms",
            "≤ 30 ms",
            search_p95 <= 30,
            note,
        ),
        Figure(
            "lessons",
            f"search facets (theme, phase, sector, source, year counts), p95 ({database})",
            facets_p95,
            "ms",
            "—",
            None,
            note,
        ),
        Figure(
            "lessons",
            f"library front page facets (no words: every lesson a reader may see), p95 ({database})",
            p95(browse_samples),
            "ms",
            "—",
            None,
            note,
        ),
        Figure(
            "lessons",
            f"relevant lessons for a programme, p95 ({database})",
            relevance_p95,
            "ms",
            "≤ 100 ms",
            relevance_p95 <= 100,
            note,
        ),
        Figure(
            "lessons",
            f"precision@5 of the labelled set among all lessons ({database})",
            mean_precision,
            "",
            "—",  # reported, as the issue asks; the test suite holds the labelled set alone to ≥ 0.8
            None,
            note,
        ),
    ]
