"""Full-text search over lessons, the same behaviour on both databases.

SQLite: an FTS5 table (`lessons_lesson_fts`: title, body and markers; bm25 with titles weighted ten
times). PostgreSQL: a narrow table of its own (`lessons_lessonsearch`, models.LessonSearch) holding a
weighted `tsvector` with a GIN index, ranked by `ts_rank`, and a second GIN index of every beginning
of every word (`lessons_word_prefixes(search_vector)`, a function the migration defines), which a
search matches with `@@` (see Query.pg_condition). Both are kept by `index_lessons`, which services
call after every write, and which rebuilds everything in one statement for bulk loads. Searches run
as plain SQL on the index alone (`ranked`, `count`, `matching_ids_sql`, and on PostgreSQL
`marker_counts` for the facets): who may see a lesson and the search filters are markers in the
index (see `marker`), so a search never joins its matches to the lessons table.

Both index words as written (no database stemming): each query word is reduced by our own small
stemmer and matched as a prefix ("requirements" → `requir*`, which finds require, required,
requirement), so the two databases match the same lessons, and a word typed part-way ("requirem")
already finds what it will find when finished. People's words never reach either query language
directly: the query is cut into words, common words are dropped, and what remains is letters and
digits only, quoted for SQLite.
Highlighting is done here, not by the database: the text is escaped, then matched words are wrapped
in <mark>, so a lesson's text can never inject markup.
"""

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"[^\W_]+", re.UNICODE)
MARKER = "zz"  # the start of the made-up words that index what search filters on (see marker())

# Words too common to tell lessons apart (PostgreSQL's English stop words drop most of these;
# dropping them here too keeps the two databases in step).
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "also",
        "its",
        "it's",
        "via",
        "per",
        "one",
        "use",
        "used",
        "using",
        "make",
        "way",
    ]
)
# Words that every lesson about digital government shares: useless for telling which lessons fit.
DOMAIN_WORDS = frozenset(
    [
        "digital",
        "programme",
        "programmes",
        "project",
        "projects",
        "service",
        "services",
        "new",
        "system",
        "systems",
        "scotland",
        "scottish",
        "public",
        "sector",
        "government",
        "body",
        "bodies",
    ]
)


def _body_sql(alias: str) -> str:
    return " || ' ' || ".join(
        f"{alias}.{column}"
        for column in ("what_happened", "why", "recommendation", "programme_name", "source_title")
    )


SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "s",
    "e",
)


def words(text: str) -> list[str]:
    """The searchable words of `text`, lower-cased, in order, without stop words or repeats."""
    seen: dict[str, None] = {}
    for word in WORD.findall((text or "").lower()):
        if word not in STOP_WORDS and len(word) > 1 and not word.startswith(MARKER):
            seen.setdefault(word[:40], None)
    return list(seen)


def key_terms(text: str, *, limit: int = 12) -> list[str]:
    """The words of a longer text that say what it is about, in order: no stop words, no words
    that every lesson shares, one word per stem ("cases" and "case" count once)."""
    stems: set[str] = set()
    terms = []
    for word in words(text):
        if word in DOMAIN_WORDS or word.isdigit() or len(word) <= 2 or stem(word) in stems:
            continue
        stems.add(stem(word))
        terms.append(word)
    return terms[:limit]


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A crude stem, for highlighting and relevance scoring only (the databases stem properly):
    "management", "managed" and "managing" all become "manag"."""
    for _ in range(2):
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


# Markers: what search filters on (moderation, audience, owning body, phase, source, year, sector,
# themes), indexed as made-up words beside the text — a third FTS5 column on SQLite, weight D of
# the tsvector on PostgreSQL, both weighted 0 in ranking. A search then filters, counts and ranks
# inside the full-text index alone: joining every match to the lessons table to check who may see
# it cost more than the search itself (and SQLite's planner would even re-run the match once per
# lesson). Users' words never reach the markers: words beginning with MARKER are dropped from
# queries; and a lesson's own text never counts as a marker, as markers are matched in their own
# column on SQLite, and on PostgreSQL the indexer deletes from the text's vector every word that
# begins with MARKER before it adds the markers. (Matching markers at weight D alone would do as
# well, but a weight in the query makes PostgreSQL re-read every match from the table to check it:
# a third of the time of a search with 13,000 matches.)


def marker(kind: str, value: object) -> str:
    """The marker word for one fact, e.g. marker("v", "public-sector") == "zzvpublicsector"."""
    return MARKER + kind + re.sub(r"[^0-9a-z]", "", str(value).lower())


def _plain(sql: str) -> str:
    """SQL for a value as marker() writes it (the values are choices: letters, digits, '-', ' ', '_')."""
    return f"lower(replace(replace(replace({sql}, '-', ''), ' ', ''), '_', ''))"


def _markers_sql(postgresql: bool) -> str:
    year = "extract(year from l.date)::int::text" if postgresql else "strftime('%%Y', l.date)"
    themes = "string_agg('zzt' || {slug}, ' ')" if postgresql else "group_concat('zzt' || {slug}, ' ')"
    # Column names and constants only.
    return (
        f"'zzm' || {_plain('l.status')}"  # noqa: S608
        # Who may read a published lesson, in one group of markers a search ORs together: its
        # audience, and its body (whose members read all its published lessons).
        f" || CASE WHEN l.status = 'published' THEN ' zzv' || {_plain('l.visibility')}"
        " || ' zzo' || coalesce(l.organisation_id, 0) ELSE '' END"
        f" || ' zzp' || {_plain('l.phase')} || ' zzr' || {_plain('l.source')}"
        f" || ' zzy' || coalesce({year}, '')"
        f" || coalesce((SELECT ' zzs' || {_plain('o.sector')} FROM organisations_organisation o"
        " WHERE o.id = l.organisation_id), '')"
        f" || coalesce((SELECT ' ' || {themes.format(slug=_plain('t.slug'))} FROM lessons_lesson_themes lt"
        " JOIN lessons_theme t ON t.id = lt.theme_id WHERE lt.lesson_id = l.id), '')"
    )


@dataclass(frozen=True)
class Query:
    """A full-text query, the same on both databases: the words (every one, or any one) and the
    markers a lesson must carry — each group a set of alternatives, every group required."""

    terms: tuple[str, ...] = ()
    any_term: bool = False
    markers: tuple[tuple[str, ...], ...] = ()

    def _stems(self) -> list[str]:
        return [stem(t) for t in self.terms if WORD.fullmatch(t) and not t.startswith(MARKER)]

    def _pg_tsquery(self, words: list[str], *, markers: bool = True) -> str:
        """PostgreSQL: the words (every one, or any one), then each group of markers, all required.
        No weight on the markers: only the indexer's markers begin with MARKER (see index_lessons)."""
        joiner = " | " if self.any_term else " & "
        parts = [f"({joiner.join(words)})"] if words else []
        if markers:
            parts += [f"({' | '.join(group)})" for group in self.markers]
        return " & ".join(parts)

    def words_expression(self) -> str:
        """PostgreSQL: the words alone, as prefixes, for ranking (ts_rank of an AND query weighs how
        near the matched words are to each other, so the markers must stay out of it)."""
        return self._pg_tsquery(self._prefixes(), markers=False)

    def _prefixes(self) -> list[str]:
        return [s + ":*" for s in self._stems()]

    def pg_condition(self) -> tuple[str, list[str]]:
        """PostgreSQL: the WHERE condition, as SQL and its parameters. A prefix such as `manag:*` is
        slow in a GIN index: it gathers every word that begins so (26,000 lessons for "manag", all
        100,000 for "case") before intersecting. `lessons_word_prefixes` gives every beginning of every
        word from PREFIX_MIN letters, so each stem is one whole entry there, and GIN intersects
        whole entries by skipping through them (about five times faster for "case management").
        A stem shorter than PREFIX_MIN is not in it, so such a query matches on the words. So does
        a query of markers alone, which are whole words: where the planner would rather check each
        lesson in turn (the newest lessons of a theme, which stops at 100), it reads the stored
        words, where the prefixes would have to be computed lesson by lesson (0.4 against 50 ms)."""
        stems = self._stems()
        if not stems or any(len(s) < PREFIX_MIN for s in stems):
            return "search_vector @@ to_tsquery('simple', %s)", [self.expression()]
        return "lessons_word_prefixes(search_vector) @@ to_tsquery('simple', %s)", [self._pg_tsquery(stems)]

    def expression(self) -> str:
        stems = self._stems()
        if is_postgresql():
            return self._pg_tsquery(self._prefixes())
        # Words are letters and digits only, so no quote can appear inside them; and as none begins
        # with MARKER, they can only match the title and body (a column filter would slow every match).
        joiner = " OR " if self.any_term else " AND "
        parts = [f"({joiner.join(f'"{s}"*' for s in stems)})"] if stems else []
        parts += [f"tags : ({' OR '.join(group)})" for group in self.markers]
        return " AND ".join(parts)


PG_WEIGHTS = "'{0, 0.2, 0.4, 1.0}'"  # D (markers), C, B (body), A (title)
# The shortest beginning of a word in the prefix index (as stem() leaves at least 4). The SQL function
# lessons_word_prefixes, which the prefix index is of, has it too (lessons migration 0010).
PREFIX_MIN = 4


def ranked(query: Query, *, offset: int = 0, limit: int = 20) -> list[tuple[int, float]]:
    """(lesson id, score) of the best matches, best first (higher score is better), ties newest
    first: ranked inside the index, bm25 on SQLite (a title word counts ten times a body word),
    ts_rank on PostgreSQL."""
    expression = query.expression()
    if not expression:
        return []
    if is_postgresql():
        return [(row[0], row[1]) for row in _pg_ranked(query, offset=offset, limit=limit)]
    with connection.cursor() as cursor:
        # bm25 is lower-is-better; it is negated so that both databases say higher is better.
        cursor.execute(
            "SELECT rowid, bm25(lessons_lesson_fts, 10.0, 1.0, 0.0) AS score FROM lessons_lesson_fts"
            " WHERE lessons_lesson_fts MATCH %s ORDER BY score, rowid DESC LIMIT %s OFFSET %s",
            [expression, limit, offset],
        )
        return [(row[0], -float(row[1])) for row in cursor.fetchall()]


def _pg_ranked(query: Query, *, offset: int, limit: int, with_total: bool = False) -> list[tuple]:
    """PostgreSQL's ranked matches: (id, score) or, `with_total`, (id, score, how many match)."""
    condition, params = query.pg_condition()
    total = ", count(*) OVER ()" if with_total else ""
    with connection.cursor() as cursor:
        # The matches are scored in a fenced subquery (OFFSET 0), so the count's window keeps only
        # (id, score) per match: left to itself the planner has the window hold whole rows, tsvector
        # and all, which spills to disk at a few thousand matches and costs as much as the search.
        cursor.execute(
            f"SELECT id, score{total} FROM (SELECT lesson_id AS id,"  # noqa: S608 - constants only
            f" ts_rank({PG_WEIGHTS}, search_vector, to_tsquery('simple', %s))::float AS score"
            f" FROM lessons_lessonsearch WHERE {condition} OFFSET 0) matches"
            " ORDER BY score DESC, id DESC LIMIT %s OFFSET %s",
            [query.words_expression() or query.expression(), *params, limit, offset],
        )
        return cursor.fetchall()


def ranked_with_count(query: Query, *, limit: int) -> tuple[list[tuple[int, float]], int]:
    """The best `limit` matches and how many match in all. PostgreSQL finds both in one pass (a
    second pass to count costs as much again); SQLite counts from the index's own lists, cheaply."""
    if not is_postgresql():
        return ranked(query, limit=limit), count(query)
    rows = _pg_ranked(query, offset=0, limit=limit, with_total=True)
    return [(row[0], row[1]) for row in rows], (rows[0][2] if rows else 0)


def newest(query: Query, *, limit: int) -> list[int]:
    """Ids of the most recently added matches, newest first: read in the index's own order, so it
    stops after `limit` however many lessons match."""
    sql, params = matching_ids_sql(query)
    column = "lesson_id" if is_postgresql() else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY {column} DESC LIMIT %s", [*params, limit])  # noqa: S608 - constants only
        return [row[0] for row in cursor.fetchall()]


def matching_ids_sql(query: Query) -> tuple[str, list]:
    """SQL selecting the ids of every match, for `id__in=RawSQL(...)` (evaluated once, not per lesson)."""
    if is_postgresql():
        condition, params = query.pg_condition()
        return f"SELECT lesson_id FROM lessons_lessonsearch WHERE {condition}", params  # noqa: S608 - constants only
    return "SELECT rowid FROM lessons_lesson_fts WHERE lessons_lesson_fts MATCH %s", [query.expression()]


def matching_condition(query: Query) -> Q:
    """The matches as a condition for `Lesson.objects.filter(...)`, for queries that need more of
    each match than its id (the facet counts): the ids the index finds."""
    sql, params = matching_ids_sql(query)
    return Q(id__in=RawSQL(sql, params))  # noqa: S611 - values are parameters


def marker_counts(query: Query) -> dict[str, int]:
    """PostgreSQL: how many matches carry each marker (see `marker`), from one pass over the
    matches' vectors: `ts_stat` of their weight-D words, which are the markers. A search's facets
    (theme, phase, sector, source, year) are these counts; counting them from the lessons took two
    more passes over the matches, each joined to the lessons table ("case management": 56 → 28 ms)."""
    condition, params = query.pg_condition()
    # ts_stat takes the query that yields the vectors as text, so the driver quotes the condition's
    # values into it; that text is then a parameter of the statement.
    where = connection.ops.compose_sql(condition, params)
    vectors = f"SELECT ts_filter(search_vector, '{{d}}') FROM lessons_lessonsearch WHERE {where}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word, ndoc FROM ts_stat(%s) WHERE word LIKE '{MARKER}%%'", [vectors])  # noqa: S608
        return dict(cursor.fetchall())


def count(query: Query, *, at_most: int | None = None) -> int:
    """How many lessons match (stopping at `at_most`, if given)."""
    sql, params = matching_ids_sql(query)
    if at_most is not None:
        sql, params = f"{sql} LIMIT %s", [*params, at_most]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) AS matches", params)  # noqa: S608 - constants only
        return cursor.fetchone()[0]


def index_lessons(*, ids: Iterable[int] | None = None) -> None:
    """(Re)build the full-text index for these lessons, or for all of them in one statement.
    Services call this after every write that changes a lesson's text, moderation, audience,
    themes or body (and a body's sector change re-indexes that body's lessons)."""
    id_list = None if ids is None else list(ids)
    if id_list == []:
        return
    # Only placeholders and fixed column names are put into these statements; values are parameters.
    where = "" if id_list is None else f" WHERE l.id IN ({_placeholders(id_list)})"
    params = id_list or []
    _index_changed()
    with connection.cursor() as cursor:
        if is_postgresql():
            if id_list is None:
                # Not TRUNCATE: it refuses while the transaction has deferred checks pending on the
                # table, as a bulk load that indexed some lessons earlier has. The dead rows are
                # left to autovacuum; no search reads them, as the indexes are rebuilt below.
                cursor.execute("DELETE FROM lessons_lessonsearch")
            # The text's words, less any that begin with MARKER (so that text can never pass for a
            # marker), then the markers at weight D, which ranking weighs 0. The prefix index
            # computes its own entries from the vector (lessons_word_prefixes).
            cursor.execute(
                "INSERT INTO lessons_lessonsearch (lesson_id, search_vector)"  # noqa: S608
                " SELECT l.id, ts_delete(text.vector, ARRAY(SELECT word.lexeme FROM unnest(text.vector)"
                f" AS word WHERE word.lexeme LIKE '{MARKER}%%'))"
                f" || setweight(to_tsvector('simple', {_markers_sql(True)}), 'D')"
                " FROM lessons_lesson AS l, LATERAL (SELECT setweight(to_tsvector('simple', l.title), 'A')"
                f" || setweight(to_tsvector('simple', {_body_sql('l')}), 'B') AS vector) AS text"
                f"{where} ORDER BY l.id ON CONFLICT (lesson_id) DO UPDATE SET search_vector = EXCLUDED.search_vector",
                params,
            )
        else:
            if id_list is None:
                cursor.execute("DELETE FROM lessons_lesson_fts")
            else:
                statement = f"DELETE FROM lessons_lesson_fts WHERE rowid IN ({_placeholders(id_list)})"  # noqa: S608
                cursor.execute(statement, id_list)
            cursor.execute(
                "INSERT INTO lessons_lesson_fts(rowid, title, body, tags)"  # noqa: S608
                f" SELECT l.id, l.title, {_body_sql('l')}, {_markers_sql(False)} FROM lessons_lesson AS l{where}",
                params,
            )
    if id_list is None:
        compact_index()


def compact_index() -> None:
    """Rebuild the index compactly after every lesson was re-indexed. Rewriting every row leaves
    PostgreSQL's GIN indexes at nearly three times their built size (49 MB against 18 MB at 100,000
    lessons, for the words), and FTS5 with many segments to merge on every query; either way each
    search pays for it (at 100,000 lessons the index scan took 10–15 ms bloated, 7 ms rebuilt).
    A few seconds at 100,000 lessons, once per bulk load or migration. (CLUSTER, which would also
    compact the table, refuses to run while the transaction has deferred checks pending, as a
    bulk load's has.)"""
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute("REINDEX INDEX lessons_search_words_gin")
            cursor.execute("REINDEX INDEX lessons_search_prefixes_gin")
        else:
            cursor.execute("INSERT INTO lessons_lesson_fts(lessons_lesson_fts) VALUES ('optimize')")


def _placeholders(values: Sequence[int]) -> str:
    return ", ".join(["%s"] * len(values))


def unindex_lessons(*, ids: Sequence[int]) -> None:
    _index_changed()
    if ids and not is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM lessons_lesson_fts WHERE rowid IN ({_placeholders(ids)})", list(ids))  # noqa: S608


def document_frequencies(stems: Sequence[str]) -> dict[str, int]:
    """Roughly how many lessons contain a word beginning with each stem (capped at 20,000): corpus
    statistics for choosing which of a long text's words to retrieve by. Kept for ten minutes or
    until this process next changes the index: they move slowly, and a stale figure only shifts
    which words are used to find candidates."""
    version = cache.get_or_set(INDEX_VERSION, 0)
    keys = {s: f"lessons:df:{version}:{s}" for s in stems}
    found = cache.get_many(list(keys.values()))
    for s, key in keys.items():
        if key not in found:
            found[key] = count(Query(terms=(s,)), at_most=20_000)
            cache.set(key, found[key], 600)
    return {s: found[key] for s, key in keys.items()}


INDEX_VERSION = "lessons:index-version"


def _index_changed() -> None:
    try:
        cache.incr(INDEX_VERSION)
    except ValueError:
        cache.set(INDEX_VERSION, 1, None)


def _matcher(terms: Sequence[str]):
    stems = [stem(t) for t in terms]

    def hits(word: str) -> bool:
        lowered = word.lower()
        return any(lowered.startswith(s) for s in stems if len(s) >= 2)

    return hits


def highlight(text: str, terms: Sequence[str]) -> SafeString:
    """`text` escaped, with words matching `terms` wrapped in <mark>."""
    text = text or ""
    if not terms:
        return mark_safe(escape(text))  # noqa: S308 - escaped
    hits = _matcher(terms)
    out, last = [], 0
    for found in WORD.finditer(text):
        if hits(found.group()):
            out.append(escape(text[last : found.start()]))
            out.append(f"<mark>{escape(found.group())}</mark>")
            last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of the text is escaped above


MARKDOWN_NOISE = re.compile(r"[*_`#>\[\]]|\(https?://[^)]*\)")


def snippet(text: str, terms: Sequence[str], *, width: int = 240) -> SafeString:
    """About `width` characters of `text` (Markdown stripped) around the first matching word,
    escaped and highlighted."""
    plain = re.sub(r"\s+", " ", MARKDOWN_NOISE.sub("", text or "")).strip()
    start = 0
    if terms:
        hits = _matcher(terms)
        first = next((m.start() for m in WORD.finditer(plain) if hits(m.group())), 0)
        start = max(0, first - width // 3)
        if start:
            start = plain.find(" ", start) + 1 or start
    piece = plain[start : start + width]
    if start + width < len(plain):
        piece = piece.rsplit(" ", 1)[0] + " …"
    if start:
        piece = "… " + piece
    return highlight(piece, terms)
