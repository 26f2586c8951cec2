"""Reads: who may see which lessons and reviews, search with facets, "more like this", the lessons
that fit a programme, and the assurance theme statistics.

Visibility is decided once, in `lesson_visible_q` (and, for counting, `lesson_visible_parts`) and
`review_visible_q`, and every read below starts from it, so search results, facet counts, "more like
this", programme picks and the API can only ever count or show what the person may see.
"""

import datetime
import functools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404

from panorama.accounts import permissions
from panorama.accounts.models import MemberRole
from panorama.accounts.permissions import Person
from panorama.core import meaning
from panorama.core.periods import financial_year_of, label_for
from panorama.organisations.models import Organisation, Sector
from panorama.programmes.models import Phase, Programme

from . import search
from .models import (
    AssuranceReview,
    Lesson,
    LessonFeedback,
    LessonPush,
    Moderation,
    Priority,
    Recommendation,
    RecommendationStatus,
    Source,
    Theme,
    Visibility,
)

# ---------------------------------------------------------------------------------------------
# Who sees what


def _audience_q(*, organisation_ids: set[int], public_sector: bool) -> Q:
    allowed = Q(visibility=Visibility.PUBLIC)
    if public_sector:
        allowed |= Q(visibility=Visibility.PUBLIC_SECTOR)
    if organisation_ids:
        allowed |= Q(organisation_id__in=organisation_ids)
    return allowed


def _reader(user: Person | None) -> tuple[set[int], bool] | None:
    """What decides which published lessons a person reads: their bodies, and whether they are
    public-sector staff. None for analysts, auditors and administrators, who read all."""
    user = user or AnonymousUser()
    if permissions.reads_everything(user):
        return None
    return set(permissions.memberships(user)), permissions.is_public_sector_member(user)


def lesson_visible_q(user: Person | None) -> Q:
    """Published lessons this person may read: public ones; public-sector ones for public-sector
    staff; their own body's restricted ones. Analysts, auditors and administrators read all."""
    published = Q(status=Moderation.PUBLISHED)
    if (reader := _reader(user)) is None:
        return published
    organisation_ids, public_sector = reader
    return published & _audience_q(organisation_ids=organisation_ids, public_sector=public_sector)


def lesson_visible_parts(user: Person | None) -> list[Q]:
    """`lesson_visible_q` cut into parts that share no lesson, so that counts over the parts add up
    to counts over the whole: the audiences this person belongs to, then their bodies' other
    lessons. Each part is a range of the (status, visibility, …) facets index, which both databases
    read without the table; counting over the OR made both read the table. (Listing keeps the one
    condition: SQLite pages through the OR faster.)"""
    published = Q(status=Moderation.PUBLISHED)
    if (reader := _reader(user)) is None:
        return [published]
    organisation_ids, public_sector = reader
    audiences = [Visibility.PUBLIC, *([Visibility.PUBLIC_SECTOR] if public_sector else [])]
    parts = [published & Q(visibility__in=audiences)]
    if organisation_ids:
        others = [v for v in Visibility.values if v not in audiences]
        parts.append(published & Q(visibility__in=others, organisation_id__in=organisation_ids))
    return parts


def _audience_markers(*, organisation_ids: set[int], public_sector: bool) -> tuple[str, ...]:
    allowed = [search.marker("v", Visibility.PUBLIC)]
    if public_sector:
        allowed.append(search.marker("v", Visibility.PUBLIC_SECTOR))
    allowed += [search.marker("o", pk) for pk in sorted(organisation_ids)]
    return tuple(allowed)


def lesson_visible_markers(user: Person | None) -> tuple[tuple[str, ...], ...]:
    """`lesson_visible_q` in the full-text index's markers (the same rule: keep the two together)."""
    if (reader := _reader(user)) is None:
        return ((search.marker("m", Moderation.PUBLISHED),),)
    organisation_ids, public_sector = reader
    # Audience and body markers are only given to published lessons (search.index_lessons).
    return (_audience_markers(organisation_ids=organisation_ids, public_sector=public_sector),)


def lesson_visible_to_organisation_markers(organisation: Organisation) -> tuple[tuple[str, ...], ...]:
    return (
        _audience_markers(organisation_ids={organisation.pk}, public_sector=organisation.is_public_sector),
    )


def lesson_visible_to_organisation_q(organisation: Organisation) -> Q:
    """What a member of `organisation` may read: the audience of a push to its programmes."""
    return Q(status=Moderation.PUBLISHED) & _audience_q(
        organisation_ids={organisation.pk}, public_sector=organisation.is_public_sector
    )


def review_visible_q(user: Person | None) -> Q:
    user = user or AnonymousUser()
    if permissions.reads_everything(user):
        return Q()
    return _audience_q(
        organisation_ids=set(permissions.memberships(user)),
        public_sector=permissions.is_public_sector_member(user),
    )


def lessons_visible(*, user: Person) -> QuerySet[Lesson]:
    return Lesson.objects.filter(lesson_visible_q(user))


def lesson_for_user(*, user: Person, public_id) -> Lesson:
    """A lesson this person may read (published and in their audience, or their own contribution,
    or any lesson for analysts and auditors); otherwise 404."""
    lesson = (
        Lesson.objects.select_related("organisation", "programme", "review", "contributed_by", "moderated_by")
        .filter(public_id=public_id)
        .first()
    )
    if lesson is None:
        raise Http404("No such lesson.")
    if permissions.reads_everything(user):
        return lesson
    own = permissions.signed_in(user) and lesson.contributed_by_id == user.pk
    if own or Lesson.objects.filter(lesson_visible_q(user), pk=lesson.pk).exists():
        return lesson
    raise Http404("No such lesson.")


def lesson_can_edit(*, user: Person, lesson: Lesson) -> bool:
    if permissions.is_analyst(user):
        return True
    if lesson.organisation_id and permissions.has(user, "organisations.change", lesson.organisation):
        return True
    return (
        permissions.signed_in(user)
        and lesson.status == Moderation.PENDING
        and lesson.contributed_by_id == user.pk
    )


def lesson_for_editing(*, user: Person, public_id) -> Lesson:
    lesson = lesson_for_user(user=user, public_id=public_id)
    if not lesson_can_edit(user=user, lesson=lesson):
        raise PermissionDenied("You may read this lesson but not change it.")
    return lesson


def lessons_pending() -> QuerySet[Lesson]:
    return (
        Lesson.objects.filter(status=Moderation.PENDING)
        .select_related("organisation", "contributed_by")
        .prefetch_related("themes")
        .order_by("created_at")
    )


def lessons_contributed_by(*, user: Person) -> QuerySet[Lesson]:
    if not permissions.signed_in(user):
        return Lesson.objects.none()
    return Lesson.objects.filter(contributed_by=user).order_by("-created_at")


def review_for_user(*, user: Person, public_id) -> AssuranceReview:
    review = (
        AssuranceReview.objects.select_related("organisation", "programme")
        .filter(review_visible_q(user), public_id=public_id)
        .first()
    )
    if review is None:
        raise Http404("No such assurance review.")
    return review


def review_can_edit(*, user: Person, review: AssuranceReview) -> bool:
    return permissions.has(user, "organisations.change", review.organisation)


def review_for_editing(*, user: Person, public_id) -> AssuranceReview:
    review = review_for_user(user=user, public_id=public_id)
    if not review_can_edit(user=user, review=review):
        raise PermissionDenied("You may read this review but not change it.")
    return review


def reviews_visible(
    *, user: Person, kind: str = "", organisation: str = "", year: int | None = None
) -> QuerySet[AssuranceReview]:
    reviews = AssuranceReview.objects.filter(review_visible_q(user)).select_related(
        "organisation", "programme"
    )
    if kind:
        reviews = reviews.filter(kind=kind)
    if organisation:
        reviews = reviews.filter(organisation__slug=organisation)
    if year:
        reviews = reviews.filter(
            date__gte=datetime.date(year, 4, 1), date__lte=datetime.date(year + 1, 3, 31)
        )
    return reviews.annotate(recommendation_count=Count("recommendations")).order_by("-date", "-id")


def organisations_for_contribution(*, user: Person) -> QuerySet[Organisation]:
    """Bodies a person may file a lesson or review under: their own; any body for analysts."""
    if permissions.is_analyst(user):
        return Organisation.objects.filter(active=True)
    return Organisation.objects.filter(pk__in=permissions.memberships(user))


def organisations_for_reviews(*, user: Person) -> QuerySet[Organisation]:
    editable = permissions.editable_organisation_ids(user)
    if editable is None:
        return Organisation.objects.filter(active=True)
    return Organisation.objects.filter(pk__in=editable)


# ---------------------------------------------------------------------------------------------
# Search


@dataclass
class SearchFilters:
    q: str = ""
    theme: str = ""  # a theme's slug
    phase: str = ""
    sector: str = ""
    source: str = ""
    year: int | None = None


@dataclass
class Facet:
    name: str
    label: str
    options: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, count)


class LessonHits:
    """Ranked search results as a paginator wants them: `count()` and slices of lessons, best first.
    Each slice is one ranked query on the full-text index and one fetch of those lessons."""

    # Counting ranks the first this many as it goes (one pass on PostgreSQL), so the first pages
    # need no second query.
    FIRST = 100

    def __init__(self, query: search.Query):
        self.query = query
        self._count: int | None = None
        self._first: list[tuple[int, float]] = []

    def count(self) -> int:
        if self._count is None:
            self._first, self._count = search.ranked_with_count(self.query, limit=self.FIRST)
            self._first = _by_meaning(self._first, " ".join(self.query.terms))
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[Lesson]:
        if not isinstance(key, slice) or key.step not in (None, 1):
            raise TypeError("LessonHits takes slices only")
        offset = key.start or 0
        stop = self.count() if key.stop is None else key.stop
        if stop <= offset:
            return []
        if stop <= len(self._first) or (self._count is not None and len(self._first) == self._count):
            hits = self._first[offset:stop]
        else:
            hits = search.ranked(self.query, offset=offset, limit=stop - offset)
        found = (
            Lesson.objects.select_related("organisation")
            .prefetch_related("themes")
            .in_bulk([i for i, _ in hits])
        )
        lessons = []
        for pk, score in hits:
            if pk in found:  # deleted since it was ranked: leave it out
                found[pk].score = score
                lessons.append(found[pk])
        return lessons

    def __iter__(self):
        return iter(self[:])


# In the first FIRST matches of a search, how much meaning counts beside the index's own score
# (scaled to 0–1 by the best match's): words the reader typed find the lessons, and meaning orders
# the closest first.
SEARCH_MEANING = 1.0
# A lesson that does not use the reader's words is offered as "similar in meaning" from this close.
NEAR_SYNONYM = 0.27
# ... and one found through a word close to a typed word, from this close as a whole.
NEAR_SYNONYM_GATE = 0.12


def _by_meaning(hits: list[tuple[int, float]], text: str) -> list[tuple[int, float]]:
    if len(hits) < 2:
        return hits
    close = meaning.closeness("lesson", meaning.embed_one(text), [pk for pk, _ in hits])
    best = max(score for _, score in hits) or 1.0
    combined = [(pk, score / best + SEARCH_MEANING * close.get(pk, 0.0), score) for pk, score in hits]
    combined.sort(key=lambda hit: (-hit[1], -hit[0]))
    return [(pk, score) for pk, _, score in combined]


def lessons_similar_in_meaning(*, user: Person, filters: SearchFilters, limit: int = 5) -> list[Lesson]:
    """Lessons this person may see, within the filters, that do not use the words typed but mean
    something close: those nearest in meaning to the words, and those using a word close to one of
    them ("late" → delayed, missed), each at least somewhat close as a whole (NEAR_SYNONYM_GATE).
    Each has `closeness` and `because` (why it is offered)."""
    terms = search.words(filters.q)
    if not terms:
        return []
    vector = meaning.embed_one(filters.q)
    because: dict[int, str] = {}
    for pk, _ in meaning.Matrix.of("lesson").nearest(vector, limit=50, at_least=NEAR_SYNONYM):
        because[pk] = "similar in meaning"
    near = {word: term for term in terms[:4] for word, _ in meaning.near_words(term)}
    if near:
        query = _search_query(user=user, filters=filters, terms=list(near))
        query = search.Query(terms=query.terms, any_term=True, markers=query.markers)
        for pk, _ in search.ranked(query, limit=50):
            because.setdefault(pk, "")
    if not because:
        return []
    close = meaning.closeness("lesson", vector, list(because))
    found = _filtered(lessons_visible(user=user), filters).filter(pk__in=list(because)).in_bulk()
    stems = {search.stem(t) for t in terms}
    lessons = []
    for pk in sorted(because, key=lambda pk: -close.get(pk, 0.0)):
        lesson = found.get(pk)
        if lesson is None or close.get(pk, 0.0) < NEAR_SYNONYM_GATE:
            continue
        title, body = _document_words(lesson)
        if stems & (title | body):
            continue  # the words already found it
        if not because[pk]:
            used = [word for word in near if search.stem(word) in title | body]
            because[pk] = ", ".join(f"uses “{word}”, close to “{near[word]}”" for word in used[:2])
        lesson.closeness = close.get(pk, 0.0)
        lesson.because = because[pk] or f"uses a word close to “{filters.q}”"
        lessons.append(lesson)
        if len(lessons) >= limit:
            break
    return lessons


def lesson_search(*, user: Person, filters: SearchFilters) -> QuerySet[Lesson] | LessonHits:
    """The lessons this person may see that match, best first (most recent first with no words)."""
    terms = search.words(filters.q)
    if terms:
        return LessonHits(_search_query(user=user, filters=filters, terms=terms))
    lessons = _filtered(lessons_visible(user=user), filters)
    return lessons.select_related("organisation").prefetch_related("themes").order_by("-date", "-id")


def _search_query(*, user: Person, filters: SearchFilters, terms: list[str]) -> search.Query:
    """The search as the full-text index's query: the words, who may see, and the filters, the last
    two as markers (the same rules as `lesson_visible_q` and `_filtered`)."""
    markers = list(lesson_visible_markers(user))
    for kind, value in (
        ("t", filters.theme),
        ("p", filters.phase),
        ("s", filters.sector),
        ("r", filters.source),
        ("y", filters.year),
    ):
        if value:
            markers.append((search.marker(kind, value),))
    return search.Query(terms=tuple(terms), markers=tuple(markers))


def _filtered(lessons: QuerySet[Lesson], filters: SearchFilters) -> QuerySet[Lesson]:
    if filters.theme:
        lessons = lessons.filter(themes__slug=filters.theme)
    if filters.phase:
        lessons = lessons.filter(phase=filters.phase)
    if filters.sector:
        lessons = lessons.filter(organisation__sector=filters.sector)
    if filters.source:
        lessons = lessons.filter(source=filters.source)
    if filters.year:
        lessons = lessons.filter(
            date__gte=datetime.date(filters.year, 1, 1), date__lte=datetime.date(filters.year, 12, 31)
        )
    return lessons


class _Year(ExtractYear):
    """A date's year, as each database reads it fastest. SQLite's own extraction calls a Python
    function per row, so there it is the first four characters of the date, which SQLite holds as
    YYYY-MM-DD text (100,000 lessons: 70 → 51 ms). PostgreSQL groups by EXTRACT in a hash table;
    grouping by the date's text it sorted 50,000 rows on disk (77 against 29 ms)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS integer)", params


def lesson_facets(*, user: Person, filters: SearchFilters) -> list[Facet]:
    """Counts of the matching lessons by theme, phase, sector, source and year (each count is of
    lessons this person may see)."""
    terms = search.words(filters.q)
    themes = list(Theme.objects.all())
    if terms:
        query = _search_query(user=user, filters=filters, terms=terms)
        if search.is_postgresql():
            counts = _counts_from_markers(search.marker_counts(query), themes)
        else:
            counts = _counts_from_lessons([Lesson.objects.filter(search.matching_condition(query))])
    else:  # the library's front page, counted part by part (the parts share no lesson)
        counts = _counts_from_lessons(
            [_filtered(Lesson.objects.filter(q), filters) for q in lesson_visible_parts(user)]
        )
    theme_counts, phase_counts, sector_counts, source_counts, year_counts = counts
    return [
        Facet(
            "theme", "Theme", [(t.slug, t.name, theme_counts[t.pk]) for t in themes if theme_counts.get(t.pk)]
        ),
        Facet(
            "phase", "Phase", [(v, lbl, phase_counts[v]) for v, lbl in Phase.choices if phase_counts.get(v)]
        ),
        Facet(
            "sector",
            "Sector",
            [(v, lbl, sector_counts[v]) for v, lbl in Sector.choices if sector_counts.get(v)],
        ),
        Facet(
            "source",
            "Source",
            [(v, lbl, source_counts[v]) for v, lbl in Source.choices if source_counts.get(v)],
        ),
        Facet(
            "year", "Year", [(str(y), str(y), n) for y, n in sorted(year_counts.items(), reverse=True) if y]
        ),
    ]


_Counts = tuple[Counter, Counter, Counter, Counter, Counter]  # theme (by id), phase, sector, source, year


def _counts_from_lessons(parts: list[QuerySet[Lesson]]) -> _Counts:
    """The facet counts of these sets of lessons (which share no lesson), from the lessons."""
    theme_counts: Counter = Counter()
    phase_counts, sector_counts, source_counts, year_counts = Counter(), Counter(), Counter(), Counter()
    year = _Year("date")
    for matches in parts:
        # Every theme of each match, whichever theme the search is filtered by.
        theme_counts.update(
            dict(
                Lesson.themes.through.objects.filter(lesson__in=matches.values("id"))
                .values_list("theme_id")
                .annotate(n=Count("lesson_id"))
                .values_list("theme_id", "n")
            )
        )
        # The other four facets from one grouped pass over the matches (a query per facet would
        # find them four more times; a row per match took half as long again).
        for phase, sector, source, date_year, n in (
            matches.order_by()
            .annotate(date_year=year)
            .values("phase", "organisation__sector", "source", "date_year")
            # COUNT(*), not of ids: PostgreSQL then groups in a hash table (29 ms), not by sorting
            # 50,000 rows on disk (72 ms), on the same estimates.
            .annotate(n=Count("*"))
            .values_list("phase", "organisation__sector", "source", "date_year", "n")
        ):
            phase_counts[phase] += n
            sector_counts[sector] += n
            source_counts[source] += n
            year_counts[date_year] += n
    return theme_counts, phase_counts, sector_counts, source_counts, year_counts


def _counts_from_markers(counts: dict[str, int], themes: list[Theme]) -> _Counts:
    """The facet counts of a search, from how many of its matches carry each marker."""

    def by(kind: str, values) -> Counter:
        return Counter({value: counts.get(search.marker(kind, value), 0) for value in values})

    year = search.marker("y", "")
    years = Counter(
        {
            int(word[len(year) :]): n
            for word, n in counts.items()
            if word.startswith(year) and word[len(year) :].isdigit()
        }
    )
    return (
        Counter({t.pk: counts.get(search.marker("t", t.slug), 0) for t in themes}),
        by("p", Phase.values),
        by("s", Sector.values),
        by("r", Source.values),
        years,
    )


def lesson_more_like_this(*, user: Person, lesson: Lesson, limit: int = 5) -> list[Lesson]:
    """Other lessons this person may see that share the most of this one's words and themes."""
    terms = search.key_terms(f"{lesson.title} {lesson.recommendation} {lesson.what_happened}", limit=10)
    themes = {t.pk for t in lesson.themes.all()}
    ids = _candidates(terms, markers=lesson_visible_markers(user), pool=50)
    candidates = Lesson.objects.filter(pk__in=ids).exclude(pk=lesson.pk).prefetch_related("themes")
    ranked = _rank(list(candidates), terms=terms, themes=themes, phase=lesson.phase, title_weight=2)
    return [scored.lesson for scored in ranked[:limit]]


# The most matches a text's rarer words may bring in as candidates before commoner words are left
# to the scoring: finding candidates by every word of a long text would match most of the library
# and rank all of it, while a lesson that shares only common words with the text would not be
# picked anyway (rarer words weigh more).
CANDIDATE_BUDGET = 10_000


def _candidates(terms: list[str], *, markers: tuple[tuple[str, ...], ...], pool: int) -> list[int]:
    """Ids of the `pool` lessons the index ranks best for any of the rarer of `terms` (each word
    counts once, by its stem), among those `markers` allow. The rarest words are taken first, while
    the lessons they match add up to no more than CANDIDATE_BUDGET (always at least one word)."""
    stems = {search.stem(t): t for t in terms}
    frequency = search.document_frequencies(list(stems))
    chosen: list[str] = []
    total = 0
    for stem_, term in sorted(stems.items(), key=lambda item: frequency[item[0]]):
        if chosen and total + frequency[stem_] > CANDIDATE_BUDGET:
            break
        chosen.append(term)
        total += frequency[stem_]
    query = search.Query(terms=tuple(chosen), any_term=True, markers=markers)
    return [pk for pk, _ in search.ranked(query, limit=pool)]


# ---------------------------------------------------------------------------------------------
# Relevance: the lessons that fit a programme


@dataclass
class Scored:
    lesson: Lesson
    score: float
    reasons: list[str]
    similar: list[Lesson] = field(default_factory=list)  # near-duplicates folded into this one


PHASE_ORDER = [Phase.DISCOVERY, Phase.ALPHA, Phase.BETA, Phase.LIVE]


def _document_words(lesson: Lesson) -> tuple[set[str], set[str]]:
    title = {search.stem(w) for w in search.words(lesson.title)}
    body = {
        search.stem(w)
        for w in search.words(
            f"{lesson.what_happened} {lesson.why} {lesson.recommendation} {lesson.programme_name}"
        )
    }
    return title, body


@dataclass(frozen=True)
class RankWeights:
    """How much each kind of evidence counts when ranking lessons for a programme."""

    words: float  # the programme's words a lesson shares (rarer count more; 0–3)
    meaning: float  # the cosine between the programme's and the lesson's meaning (times this)
    meaning_floor: float  # closeness below this counts nothing (most texts are this close)
    phase: float  # learned in the programme's phase (a neighbouring phase: 0.4 of it)
    themes: float  # shares the themes of the programme's open recommendations
    trouble_theme: float = 0.0  # on the theme the programme's trouble is about (themes_for_trouble)


# Before meaning (kept to measure against).
WORDS_ONLY = RankWeights(words=1.0, meaning=0.0, meaning_floor=0.0, phase=0.25, themes=0.4)
# Chosen on the training half of the hand-labelled set (bench/tune_meaning.py lessons).
HYBRID = RankWeights(words=1.0, meaning=2.0, meaning_floor=0.1, phase=0.0, themes=0.4, trouble_theme=0.75)
# Each word a trouble shares with a theme's description adds this to its closeness in meaning.
TROUBLE_WORD = 0.1
# A lesson this close in meaning is a candidate whatever words it shares, and says so (programmes
# and lessons that fit: median 0.21, the top tenth above 0.45; those that do not: 0.08 and 0.31).
MEANING_CANDIDATE = 0.35
# A lesson that shares no word with a programme is offered only from this close in meaning.
OFFER_FLOOR = 0.05
# The lessons closest in meaning to a programme's trouble that are ranked with those sharing its words.
MEANING_POOL = 50


def _rank(
    candidates: list[Lesson],
    *,
    terms: list[str],
    themes: set[int],
    phase: str,
    title_weight: float = 2.0,
    excluded: set[int] | frozenset[int] = frozenset(),
    themes_of: dict[int, list[Theme]] | None = None,
    closeness: dict[int, float] | None = None,
    weights: RankWeights | None = None,
    trouble_themes: frozenset[str] = frozenset(),
) -> list[Scored]:
    """Score candidates the same way on both databases: the programme's words a lesson shares
    (rarer words among the candidates count more; a word in the title counts double), how close
    it is in meaning to the programme's trouble (`closeness`: lesson id → cosine, when known),
    whether it is on the theme of that trouble (`trouble_themes`, slugs), plus the same phase,
    shared themes, and what readers said of it."""
    if weights is None:
        weights = HYBRID if closeness is not None else WORDS_ONLY
    stems = [search.stem(t) for t in terms]
    words_of = {lesson.pk: _document_words(lesson) for lesson in candidates}
    frequency = Counter(s for title, body in words_of.values() for s in stems if s in title or s in body)
    size = max(1, len(candidates))
    weight = {s: math.log(1 + size / frequency[s]) if frequency[s] else 0.0 for s in stems}
    possible = sum(math.log(1 + size) for _ in stems) or 1.0
    scored = []
    for lesson in candidates:
        if lesson.pk in excluded:
            continue
        title, body = words_of[lesson.pk]
        shared = [t for t, s in zip(terms, stems, strict=True) if s in title or s in body]
        text = sum(
            weight[search.stem(t)] * (title_weight if search.stem(t) in title else 1.0) for t in shared
        )
        score = weights.words * 3.0 * text / possible
        reasons = []
        if shared:
            reasons.append("mentions " + ", ".join(shared[:5]))
        close = (closeness or {}).get(lesson.pk)
        if close is not None and weights.meaning and close > weights.meaning_floor:
            score += weights.meaning * (close - weights.meaning_floor)
            if close >= MEANING_CANDIDATE:
                reasons.append(f"similar in meaning ({close:.2f})")
        if phase and lesson.phase == phase:
            score += weights.phase
            reasons.append(f"learned in {lesson.get_phase_display().lower()}")
        elif (
            phase in PHASE_ORDER
            and lesson.phase in PHASE_ORDER
            and abs(PHASE_ORDER.index(phase) - PHASE_ORDER.index(lesson.phase)) == 1
        ):
            score += 0.4 * weights.phase
        lesson_themes = themes_of.get(lesson.pk, []) if themes_of is not None else lesson.themes.all()
        on_trouble = [t for t in lesson_themes if t.slug in trouble_themes]
        if on_trouble and weights.trouble_theme:
            score += weights.trouble_theme
            reasons.append(
                "on the theme of its trouble: " + ", ".join(t.name.lower() for t in on_trouble[:2])
            )
        shared_themes = [t for t in lesson_themes if t.pk in themes]
        if shared_themes:
            score += weights.themes * len(shared_themes) / max(1, len(themes))
            reasons.append("theme " + ", ".join(t.name.lower() for t in shared_themes[:3]))
        if not lesson.illustrative and (lesson.source_title or lesson.source_url):
            # Real lessons with a published source are better evidence than uncited ones.
            score += 0.25
            reasons.append("published source")
        net = lesson.useful_count - lesson.not_useful_count
        if net:
            score += 0.15 * math.tanh(net / 3)
            if lesson.useful_count:
                reasons.append(f"{lesson.useful_count} found it useful")
        # Themes, phase and readers' verdicts only order lessons that fit by words or by meaning.
        fits = bool(shared) or close is None or close >= OFFER_FLOOR or bool(shared_themes)
        if score > 0 and fits:
            scored.append(Scored(lesson, score, reasons))
    scored.sort(key=lambda s: (-s.score, -s.lesson.date.toordinal(), -s.lesson.pk))
    return scored


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.:;!?])\s+", text or "") if s.strip()]


def trouble_in(summary: str) -> str:
    """A summary's trouble: what follows its first sentence, which says what the programme builds
    (its words — "case system", "ferries" — pull towards lessons about the same subject, not the
    same trouble); the whole summary when it is one sentence."""
    parts = sentences(summary)
    return " ".join(parts[1:]) if len(parts) > 1 else (summary or "")


def programme_trouble(programme: Programme) -> str:
    """The trouble a programme is in, in its own words: its latest quarter's top risks and the
    reason for its confidence, and its summary after the first sentence (the whole summary only
    when there is nothing else)."""
    latest = None
    if programme.pk:
        latest = (
            programme.updates.order_by("-period__start").values_list("top_risks", "confidence_reason").first()
        )
    parts = [part for part in (latest or ()) if part]
    if not parts or len(sentences(programme.summary)) > 1:
        parts.append(trouble_in(programme.summary))
    return " ".join(part for part in parts if part) or programme.title


@functools.cache
def _theme_troubles():
    from .standard import THEME_TROUBLES

    slugs = list(THEME_TROUBLES)
    words = [{search.stem(w) for w in search.words(THEME_TROUBLES[s])} for s in slugs]
    return slugs, meaning.embed([THEME_TROUBLES[s] for s in slugs]), words


def themes_for_trouble(text: str, vector=None) -> frozenset[str]:
    """The slug of the theme a trouble is most about: the closest in meaning to the theme's
    description (standard.THEME_TROUBLES), each shared word adding TROUBLE_WORD."""
    if not text.strip():
        return frozenset()
    slugs, vectors, words = _theme_troubles()
    if vector is None:
        vector = meaning.embed_one(text)
    stems = {search.stem(w) for w in search.words(text)}
    scores = [float(v @ vector) + TROUBLE_WORD * len(stems & w) for v, w in zip(vectors, words, strict=True)]
    return frozenset({slugs[max(range(len(slugs)), key=scores.__getitem__)]})


def programme_text(programme: Programme) -> str:
    tags = " ".join(programme.tags.values_list("name", flat=True)) if programme.pk else ""
    return f"{programme.title} {programme.summary} {programme.users} {tags}"


def programme_open_themes(programme: Programme) -> set[int]:
    """Themes of the programme's recommendations that are not yet done."""
    return set(
        Recommendation.objects.filter(review__programme=programme)
        .exclude(status=RecommendationStatus.DONE)
        .values_list("theme_id", flat=True)
    )


def lessons_for_programme(
    *, programme: Programme, user: Person | None = None, limit: int = 5, candidate_pool: int = 300
) -> list[Scored]:
    """The lessons that best fit a programme, from its words (title, summary, users, tags), its
    phase, the themes of its open recommendations and readers' feedback. Seen as `user` sees, or,
    with no user, as a member of the programme's own body would (for pushes)."""
    if user is None:
        visible, markers = (
            lesson_visible_to_organisation_q(programme.organisation),
            lesson_visible_to_organisation_markers(programme.organisation),
        )
    else:
        visible, markers = lesson_visible_q(user), lesson_visible_markers(user)
    lessons = Lesson.objects.filter(visible).exclude(programme=programme)
    text = programme_text(programme)
    terms = search.key_terms(text)
    themes = programme_open_themes(programme)
    # Meaning is matched on the programme's trouble, not on what it builds.
    trouble = programme_trouble(programme)
    vector = meaning.embed_one(trouble)
    trouble_themes = themes_for_trouble(trouble, vector)
    ids: dict[int, None] = {}
    if terms:
        ids.update(dict.fromkeys(_candidates(terms, markers=markers, pool=candidate_pool)))
    # The lessons closest in meaning to its trouble, whatever their words (whether this reader may
    # see them is checked when they are fetched).
    near = [pk for pk, _ in meaning.Matrix.of("lesson").nearest(vector, limit=MEANING_POOL)]
    if themes:
        # Lessons that share a theme of its open recommendations: those readers found useful (few,
        # so found from the feedback), then the newest (found in the index, which stops at 100).
        useful = list(
            LessonFeedback.objects.filter(useful=True).values_list("lesson_id", flat=True).distinct()[:2000]
        )
        ids.update(
            dict.fromkeys(
                lessons.filter(id__in=useful, themes__in=themes)
                .order_by("-useful_count", "-date")
                .values_list("id", flat=True)[:50]
            )
        )
        slugs = Theme.objects.filter(pk__in=themes).values_list("slug", flat=True)
        sharing = search.Query(markers=(*markers, tuple(search.marker("t", slug) for slug in slugs)))
        ids.update(dict.fromkeys(search.newest(sharing, limit=100)))
    ids.update(dict.fromkeys(near))
    if not ids:
        return []
    candidates = list(
        Lesson.objects.filter(pk__in=list(ids))
        .filter(visible if near else Q())
        .exclude(programme=programme)
        .only(
            "id",
            "public_id",
            "title",
            "what_happened",
            "why",
            "recommendation",
            "programme_name",
            "phase",
            "date",
            "useful_count",
            "not_useful_count",
            "illustrative",
            "source_title",
            "source_url",
            "source",
            "organisation_id",
        )
    )
    theme_by_id = {t.pk: t for t in Theme.objects.all()}
    themes_of: dict[int, list[Theme]] = defaultdict(list)
    for lesson_id, theme_id in Lesson.themes.through.objects.filter(lesson_id__in=list(ids)).values_list(
        "lesson_id", "theme_id"
    ):
        themes_of[lesson_id].append(theme_by_id[theme_id])
    # A lesson the programme's own people marked "not useful" for it is not offered to it again.
    excluded = set(
        LessonFeedback.objects.filter(programme=programme, useful=False).values_list("lesson_id", flat=True)
    )
    ranked = _rank(
        candidates,
        terms=terms,
        themes=themes,
        phase=programme.phase,
        excluded=excluded,
        themes_of=themes_of,
        closeness=meaning.closeness("lesson", vector, [c.pk for c in candidates]),
        trouble_themes=trouble_themes,
    )
    # Lessons that say the same thing are shown once, with how many more say it.
    by_id = {s.lesson.pk: s for s in ranked}
    folded = meaning.fold("lesson", [s.lesson.pk for s in ranked[: limit * 10]])
    shown = [by_id[pk] for pk in folded][:limit]
    for scored in shown:
        scored.lesson.theme_list = themes_of.get(scored.lesson.pk, [])
        scored.similar = [by_id[pk].lesson for pk in folded[scored.lesson.pk]]
        if scored.similar:
            scored.reasons.append(f"and {len(scored.similar)} similar")
    return shown


def programme_get(*, public_id) -> Programme:
    programme = Programme.objects.select_related("organisation").filter(public_id=public_id).first()
    if programme is None:
        raise Http404("No such programme.")
    return programme


def programme_pushes(*, programme: Programme) -> QuerySet[LessonPush]:
    return programme.lesson_pushes.prefetch_related("items__lesson")


def programme_editors(programme: Programme):
    from panorama.accounts.models import User

    return User.objects.filter(
        is_active=True,
        memberships__organisation=programme.organisation,
        memberships__role=MemberRole.EDITOR,
    )


def verdicts_of(*, user: Person, lessons: list[Lesson]) -> dict[int, bool]:
    """{lesson id: useful?} for the lessons this person has given a verdict on."""
    if not permissions.signed_in(user):
        return {}
    return dict(
        LessonFeedback.objects.filter(person=user, lesson__in=lessons).values_list("lesson_id", "useful")
    )


def feedback_of(*, user: Person, lesson: Lesson) -> LessonFeedback | None:
    if not permissions.signed_in(user):
        return None
    return LessonFeedback.objects.filter(lesson=lesson, person=user).first()


# ---------------------------------------------------------------------------------------------
# Assurance theme statistics, as the Digital Assurance Office publishes them


@dataclass
class ThemeRow:
    theme: Theme
    reports: int
    report_share: float | None
    recommendations: int
    recommendation_share: float | None
    critical: int
    critical_share: float | None


@dataclass
class ThemeYear:
    year: int | None
    label: str
    reviews: int
    recommendations: int
    critical: int
    rows: list[ThemeRow]


def assurance_years(*, user: Person) -> list[int]:
    dates = AssuranceReview.objects.filter(review_visible_q(user)).values_list("date", flat=True)
    return sorted({financial_year_of(d) for d in dates}, reverse=True)


def assurance_theme_statistics(*, user: Person, year: int | None = None) -> ThemeYear:
    """For one financial year (or all years): of the reviews this person may see, the share of
    reports in which each theme appears, its share of all recommendations, and its share of the
    critical ones."""
    reviews = AssuranceReview.objects.filter(review_visible_q(user))
    if year is not None:
        reviews = reviews.filter(
            date__gte=datetime.date(year, 4, 1), date__lte=datetime.date(year + 1, 3, 31)
        )
    review_count = reviews.count()
    recs = Recommendation.objects.filter(review__in=reviews.values("id"))
    per_theme = defaultdict(lambda: {"reports": set(), "recs": 0, "critical": 0})
    total = critical_total = 0
    for review_id, theme_id, priority in recs.values_list("review_id", "theme_id", "priority"):
        bucket = per_theme[theme_id]
        bucket["reports"].add(review_id)
        bucket["recs"] += 1
        total += 1
        if priority == Priority.CRITICAL:
            bucket["critical"] += 1
            critical_total += 1

    def share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    rows = []
    for theme in Theme.objects.filter(Q(kind="assurance") | Q(pk__in=list(per_theme))):
        bucket = per_theme.get(theme.pk, {"reports": set(), "recs": 0, "critical": 0})
        rows.append(
            ThemeRow(
                theme=theme,
                reports=len(bucket["reports"]),
                report_share=share(len(bucket["reports"]), review_count),
                recommendations=bucket["recs"],
                recommendation_share=share(bucket["recs"], total),
                critical=bucket["critical"],
                critical_share=share(bucket["critical"], critical_total),
            )
        )
    rows.sort(key=lambda r: (-r.reports, -r.recommendations, r.theme.position))
    return ThemeYear(
        year=year,
        label=label_for(year) if year is not None else "All years",
        reviews=review_count,
        recommendations=total,
        critical=critical_total,
        rows=rows,
    )


def lesson_technologies(*, lesson: Lesson) -> list:
    """The radar's technologies this lesson is about, by name. The radar sits above lessons and
    keeps the link (`Technology.lessons`), so it is read through its reverse accessor, not an import."""
    if not hasattr(lesson, "technologies"):
        return []
    return list(lesson.technologies.order_by("name"))
