import datetime
from collections import Counter

import pytest
from django.core.paginator import Paginator
from django.db import connection

from panorama.lessons import search, selectors, services
from panorama.lessons.selectors import SearchFilters
from tests.lessons_helpers import make_lesson

pytestmark = pytest.mark.django_db


def titles(lessons) -> list[str]:
    return [lesson.title for lesson in lessons]


def test_search_finds_a_lesson_by_a_word_in_its_text(world):
    make_lesson("Fixed-price contracts", "The supplier could not deliver the records system.")
    make_lesson("Users first", "Research with farmers before building anything.")
    found = selectors.lesson_search(user=None, filters=SearchFilters(q="records"))
    assert titles(found) == ["Fixed-price contracts"]


def test_search_matches_the_last_word_as_a_prefix_while_typing(world):
    make_lesson("Procurement came too late", "Procurement should be considered early.")
    assert titles(selectors.lesson_search(user=None, filters=SearchFilters(q="procu"))) == [
        "Procurement came too late"
    ]


def test_search_ranks_title_matches_first(world):
    make_lesson("Something else", "Governance was weak and governance boards rarely met.")
    make_lesson("Governance", "Boards met.")
    found = titles(selectors.lesson_search(user=None, filters=SearchFilters(q="governance")))
    assert found == ["Governance", "Something else"]


def test_search_is_not_fooled_by_query_syntax(world):
    make_lesson("Quotes", 'A "quoted" lesson')
    make_lesson("Boards", "Boards rarely met.")

    def found(q: str) -> list[str]:
        return sorted(titles(selectors.lesson_search(user=None, filters=SearchFilters(q=q))))

    # Operators and punctuation are not search syntax: the words are taken as they are written.
    for q in ['"quoted', "quoted)", "quoted AND", "(quoted", "quoted*"]:
        assert found(q) == ["Quotes"], q
    assert found("NEAR(") == []  # the word "near", which no lesson holds
    assert found("boards OR quoted") == []  # every word must match; OR is just a word
    assert found("'; drop table") == []
    assert found("boards") == ["Boards"]  # the table is still there
    # A query with no word in it is no search at all: every lesson, as on the empty page.
    for q in ['"', "*", "(((", "!&|"]:
        assert found(q) == ["Boards", "Quotes"], q


def test_highlight_escapes_then_marks():
    html = search.highlight("<script>alert(1)</script> contracts ended", ["contract"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>contracts</mark>" in html


def test_a_word_typed_past_its_stem_still_finds_the_lesson(world):
    make_lesson("Requirements kept changing", "The supplier's design never settled.")
    for typed in ["requ", "requirem", "requirement", "requirements", "required"]:
        assert titles(selectors.lesson_search(user=None, filters=SearchFilters(q=typed))) == [
            "Requirements kept changing"
        ], typed


def test_search_needs_every_word(world):
    make_lesson("Data migration", "Moving records.")
    make_lesson("Data quality", "Checking records.")
    assert titles(selectors.lesson_search(user=None, filters=SearchFilters(q="records migrating"))) == [
        "Data migration"
    ]


@pytest.fixture
def contracts(world):
    """Three public lessons about contracts that differ in each thing a search filters by."""
    world.body_b.sector = "health and care"
    world.body_b.save()
    make_lesson(
        "Contracts in beta",
        "Contracts.",
        phase="beta",
        themes=("commercial", "planning"),
        organisation=world.body_a,
    )
    make_lesson("Contracts in alpha", "Contracts.", phase="alpha", organisation=world.body_a)
    make_lesson(
        "Contracts audited",
        "Contracts.",
        source="audit-report",
        date=datetime.date(2017, 3, 1),
        organisation=world.body_b,
    )


def test_search_filters_narrow_the_matches_and_their_count(contracts):
    cases = [
        (SearchFilters(q="contracts"), {"Contracts in beta", "Contracts in alpha", "Contracts audited"}),
        (SearchFilters(q="contracts", theme="commercial"), {"Contracts in beta"}),
        (SearchFilters(q="contracts", phase="alpha"), {"Contracts in alpha"}),
        (SearchFilters(q="contracts", sector="health and care"), {"Contracts audited"}),
        (SearchFilters(q="contracts", source="audit-report"), {"Contracts audited"}),
        (SearchFilters(q="contracts", year=2017), {"Contracts audited"}),
        (SearchFilters(q="contracts", year=2017, phase="beta"), set()),
    ]
    for filters, expected in cases:
        found = selectors.lesson_search(user=None, filters=filters)
        assert set(titles(found)) == expected, filters
        assert found.count() == len(expected), filters


def test_facet_counts_are_the_counts_of_the_lessons_the_search_finds(world, contracts):
    """Each facet counts, by value, exactly the lessons the same search lists, whatever the filter
    (a theme filter still counts every theme of the matches), for an anonymous reader and a member
    who also sees a restricted lesson."""
    make_lesson(
        "Contracts kept close",
        "Contracts.",
        visibility="restricted",
        date=datetime.date(2019, 1, 1),
        organisation=world.body_a,
    )
    make_lesson("Users first", "Talk to users.", themes=("users",), organisation=world.body_b)
    searches = [
        SearchFilters(q="contracts"),
        SearchFilters(q="contracts", theme="commercial"),
        SearchFilters(q="contracts", phase="alpha"),
        SearchFilters(),
        SearchFilters(theme="commercial"),
        SearchFilters(year=2017),
    ]
    for user in (None, world.editor_a, world.analyst):
        for filters in searches:
            found = list(selectors.lesson_search(user=user, filters=filters))
            expected = {
                "theme": Counter(t.slug for lesson in found for t in lesson.themes.all()),
                "phase": Counter(lesson.phase for lesson in found if lesson.phase),  # none given: no option
                "sector": Counter(lesson.organisation.sector for lesson in found),
                "source": Counter(lesson.source for lesson in found),
                "year": Counter(str(lesson.date.year) for lesson in found),
            }
            facets = {
                facet.name: Counter({value: n for value, _, n in facet.options})
                for facet in selectors.lesson_facets(user=user, filters=filters)
            }
            assert facets == expected, (user, filters)
    member_sees = selectors.lesson_facets(user=world.editor_a, filters=SearchFilters(q="contracts"))
    assert {v: n for v, _, n in next(f for f in member_sees if f.name == "year").options} == {
        "2020": 2,
        "2019": 1,
        "2017": 1,
    }


def test_search_pages_through_every_match_once(world):
    for n in range(25):
        make_lesson(f"Telephony lesson {n}", "Telephony cut over at peak.")
    found = selectors.lesson_search(user=None, filters=SearchFilters(q="telephony"))
    pages = Paginator(found, 10)
    seen = [lesson.title for number in pages.page_range for lesson in pages.page(number)]
    assert pages.count == 25
    assert sorted(seen) == sorted(f"Telephony lesson {n}" for n in range(25))


def test_a_contribution_is_found_only_once_it_is_published(world):
    lesson = make_lesson("Pending telephony lesson", "Telephony.", publish=False, actor=world.editor_a)
    assert titles(selectors.lesson_search(user=world.auditor, filters=SearchFilters(q="telephony"))) == []
    services.lesson_moderate(actor=world.analyst, lesson=lesson, decision="published")
    assert titles(selectors.lesson_search(user=None, filters=SearchFilters(q="telephony"))) == [
        "Pending telephony lesson"
    ]


def test_a_bodys_new_sector_is_what_search_filters_its_lessons_by(world):
    make_lesson("Telephony lesson", "Telephony.", organisation=world.body_a)
    by_sector = SearchFilters(q="telephony", sector="justice")
    assert titles(selectors.lesson_search(user=None, filters=by_sector)) == []
    world.body_a.sector = "justice"
    world.body_a.save()
    assert titles(selectors.lesson_search(user=None, filters=by_sector)) == ["Telephony lesson"]


def test_words_that_look_like_index_markers_reveal_nothing(world):
    make_lesson("Public telephony", "Telephony.", organisation=world.body_a)
    make_lesson("Restricted telephony", "Telephony.", organisation=world.body_a, visibility="restricted")
    for q in ["telephony zzvrestricted", f"telephony zzo{world.body_a.pk}", "zzmpublished telephony"]:
        assert titles(selectors.lesson_search(user=world.editor_b, filters=SearchFilters(q=q))) == [
            "Public telephony"
        ], q


def test_a_lesson_deleted_by_any_route_is_no_longer_counted_or_found(world):
    kept = make_lesson("Telephony cut-over", "Rehearse the telephony cut-over.")
    gone = make_lesson("Telephony contract", "The telephony contract ran out.")
    services.lesson_delete(actor=world.analyst, lesson=gone)
    also_gone = make_lesson("Telephony again", "Telephony, a third time.")
    also_gone.delete()  # not through the service: as the admin or a cascade would
    found = selectors.lesson_search(user=None, filters=SearchFilters(q="telephony"))
    assert found.count() == 1 and titles(found[0:20]) == [kept.title]


def test_a_lesson_restored_from_the_audit_trail_is_found_again(world):
    from panorama.core import audit
    from panorama.core.models import AuditEvent

    lesson = make_lesson("Telephony cut-over", "Rehearse the telephony cut-over.", themes=("planning",))
    services.lesson_delete(actor=world.analyst, lesson=lesson)
    assert selectors.lesson_search(user=None, filters=SearchFilters(q="telephony")).count() == 0
    audit.restore(actor=world.admin, event=AuditEvent.objects.get(action="lessons.lesson.deleted"))
    found = selectors.lesson_search(user=None, filters=SearchFilters(q="telephony", theme="planning"))
    assert found.count() == 1 and titles(found[0:20]) == ["Telephony cut-over"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's FTS5 matches prefixes itself (lessons_lesson_fts)"
)
def test_postgresql_finds_by_whole_prefix_entries_what_a_prefix_scan_finds(world):
    make_lesson("Managing cases", "The caseload grew; managers and management met weekly.")
    make_lesson("Managerial records", "An apiary of APIs and AI tools, case by case.")
    make_lesson("Cases managed", "Case-handling was managed well.", visibility="public-sector")
    make_lesson("Nothing alike", "Weather and farming.")

    def ids(sql: str, params: list) -> set[int]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[0] for row in cursor.fetchall()}

    queries = ["manag", "case manag", "caseload", "managerial", "case", "api", "apia", "ai", "weather farm"]
    for user in (None, world.editor_a, world.analyst):
        for q in queries:
            query = selectors._search_query(user=user, filters=SearchFilters(q=q), terms=search.words(q))
            by_prefix_scan = ids(
                "SELECT lesson_id FROM lessons_lessonsearch WHERE search_vector @@ to_tsquery('simple', %s)",
                [query.expression()],
            )
            assert ids(*search.matching_ids_sql(query)) == by_prefix_scan, q
    # Words of four letters or more are matched as whole entries of the prefix index; shorter ones
    # fall back to the words. An anonymous reader never gets the public-sector lesson.
    anonymous = selectors._search_query(
        user=None, filters=SearchFilters(q="case manag"), terms=["case", "manag"]
    )
    assert anonymous.pg_condition()[0].startswith("lessons_word_prefixes(search_vector) @@")
    short = selectors._search_query(user=None, filters=SearchFilters(q="ai"), terms=["ai"])
    assert short.pg_condition()[0].startswith("search_vector @@")
    # The conditions are the indexes' own expressions, so the planner can use them (on a table this
    # small it would rather scan it whole, so it is told not to).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query, index in ((anonymous, "lessons_search_prefixes_gin"), (short, "lessons_search_words_gin")):
            sql, params = search.matching_ids_sql(query)
            cursor.execute(f"EXPLAIN {sql}", params)
            assert index in " ".join(row[0] for row in cursor.fetchall())
    found = titles(selectors.lesson_search(user=None, filters=SearchFilters(q="case manag")))
    assert sorted(found) == ["Managerial records", "Managing cases"]
