"""Full-text search over lessons, the same behaviour on both databases.

SQLite: an FTS5 table (`lessons_lesson_fts`, bm25 with titles weighted ten times), joined through
the unmanaged `LessonText` model. PostgreSQL: a weighted `tsvector` column with a GIN index,
matched with `@@` and ranked by `ts_rank`. Both are kept by `index_lessons`, which services call
after every write, and which rebuilds everything in one statement for bulk loads.

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
from html import escape

from django.db import connection
from django.db.models import F, FloatField, QuerySet, Value
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"[^\W_]+", re.UNICODE)

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
BODY_SQL = (
    "what_happened || ' ' || why || ' ' || recommendation || ' ' || programme_name || ' ' || source_title"
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
        if word not in STOP_WORDS and len(word) > 1:
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


def _prefixes(terms: Sequence[str], *, prefix_last: bool) -> list[str]:
    """Every word matches as the prefix of its stem. A word still being typed ("requirem") is
    its own stem, so it already finds what the finished word will."""
    return [stem(t) for t in terms]


def _sqlite_expression(terms: Sequence[str], *, any_term: bool, prefix_last: bool) -> str:
    # words are letters and digits only, so no quote can appear inside them
    quoted = [f'"{p}"*' for p in _prefixes(terms, prefix_last=prefix_last)]
    return (" OR " if any_term else " AND ").join(quoted)


def _pg_expression(terms: Sequence[str], *, any_term: bool, prefix_last: bool) -> str:
    parts = [f"{p}:*" for p in _prefixes(terms, prefix_last=prefix_last)]
    return (" | " if any_term else " & ").join(parts)


def match(
    lessons: QuerySet, terms: Sequence[str], *, any_term: bool = False, prefix_last: bool = True
) -> QuerySet:
    """`lessons` narrowed to those matching `terms` (all of them, or any), annotated with `score`
    (higher is better). With no terms, every lesson matches with score 0."""
    terms = [t for t in terms if WORD.fullmatch(t)]
    if not terms:
        return lessons.annotate(score=Value(0.0, output_field=FloatField()))
    if is_postgresql():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(
            _pg_expression(terms, any_term=any_term, prefix_last=prefix_last),
            config="simple",
            search_type="raw",
        )
        return lessons.filter(search_vector__matches=query).annotate(
            score=SearchRank(F("search_vector"), query, weights=[0.1, 0.2, 0.4, 1.0])
        )
    expression = _sqlite_expression(terms, any_term=any_term, prefix_last=prefix_last)
    # bm25 is lower-is-better; negate it so that both databases sort by score descending.
    return lessons.filter(fts__match=expression).annotate(score=-F("fts__rank"))


def _placeholders(values: Sequence[int]) -> str:
    return ", ".join(["%s"] * len(values))


def index_lessons(*, ids: Iterable[int] | None = None) -> None:
    """(Re)build the full-text index for these lessons, or for all of them in one statement."""
    id_list = None if ids is None else list(ids)
    if id_list == []:
        return
    # Only placeholders and fixed column names are put into these statements; values are parameters.
    where = "" if id_list is None else f" WHERE id IN ({_placeholders(id_list)})"
    params = id_list or []
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "UPDATE lessons_lesson SET search_vector = "  # noqa: S608
                "setweight(to_tsvector('simple', title), 'A') || "
                f"setweight(to_tsvector('simple', {BODY_SQL}), 'B'){where}",
                params,
            )
            return
        if id_list is None:
            cursor.execute("DELETE FROM lessons_lesson_fts")
        else:
            statement = f"DELETE FROM lessons_lesson_fts WHERE rowid IN ({_placeholders(id_list)})"  # noqa: S608
            cursor.execute(statement, id_list)
        cursor.execute(
            f"INSERT INTO lessons_lesson_fts(rowid, title, body) SELECT id, title, {BODY_SQL} FROM lessons_lesson{where}",  # noqa: S608
            params,
        )


def unindex_lessons(*, ids: Sequence[int]) -> None:
    if ids and not is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM lessons_lesson_fts WHERE rowid IN ({_placeholders(ids)})", list(ids))  # noqa: S608


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
