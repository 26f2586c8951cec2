import pytest

from panorama.lessons import search, selectors
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
    for q in ['"', "NEAR(", "a AND OR", "*", "x:*", "'; drop table", "(((", "!&|"]:
        list(selectors.lesson_search(user=None, filters=SearchFilters(q=q)))


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
