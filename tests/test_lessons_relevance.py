"""Relevance is measured: on a labelled set, the lessons picked for each programme are mostly the
ones a person who knows the field would pick (precision@5 with an asserted floor)."""

import pytest

from panorama.lessons import selectors, services
from tests.lessons_helpers import make_lesson, make_programme
from tests.lessons_relevance_set import LESSONS, PROGRAMMES, precision_at_5

pytestmark = pytest.mark.django_db

FLOOR = 0.8


@pytest.fixture
def labelled(world):
    keys = {}
    for key, (title, text, themes, phase) in LESSONS.items():
        keys[make_lesson(title, text, themes=themes, phase=phase).pk] = key
    return keys


def picked_keys(programme, keys) -> list[str]:
    return [keys[s.lesson.pk] for s in selectors.lessons_for_programme(programme=programme, limit=5)]


def test_precision_at_5_on_the_labelled_set_meets_the_floor(world, labelled):
    scores = {}
    for name, (title, summary, phase, relevant) in PROGRAMMES.items():
        programme = make_programme(world.body_a, title, summary, phase=phase)
        scores[name] = precision_at_5(picked_keys(programme, labelled), relevant)
    mean = sum(scores.values()) / len(scores)
    print(f"precision@5 = {mean:.2f}", scores)
    assert mean >= FLOOR, scores


def test_not_useful_feedback_for_a_programme_stops_that_lesson_being_offered_to_it(world, labelled):
    title, summary, phase, relevant = PROGRAMMES["case-management"]
    programme = make_programme(world.body_a, title, summary, phase=phase)
    first = selectors.lessons_for_programme(programme=programme, limit=5)[0].lesson
    services.lesson_feedback_set(actor=world.editor_a, lesson=first, useful=False, programme=programme)
    assert first not in [s.lesson for s in selectors.lessons_for_programme(programme=programme, limit=5)]


def test_useful_feedback_lifts_a_lesson(world):
    first = make_lesson("Widget telephony lesson", "Widget telephony.")
    second = make_lesson("Widget telephony lesson again", "Widget telephony.")
    programme = make_programme(world.body_a, "Widget telephony")
    before = [s.lesson for s in selectors.lessons_for_programme(programme=programme)]
    behind = before[1]
    assert {first, second} == set(before)
    for person in (world.editor_a, world.viewer_a):
        services.lesson_feedback_set(actor=person, lesson=behind, useful=True)
    after = [s.lesson for s in selectors.lessons_for_programme(programme=programme)]
    assert after[0] == behind


def test_open_recommendation_themes_steer_the_picks(world, labelled):
    import datetime

    programme = make_programme(world.body_a, "Something quite new", "Nothing in common with any lesson.")
    assert selectors.lessons_for_programme(programme=programme) == []
    review = services.review_create(
        actor=world.analyst,
        data={
            "organisation": world.body_a,
            "programme": programme,
            "kind": "gate-review",
            "date": datetime.date(2025, 5, 1),
        },
    )
    services.recommendation_add(
        actor=world.analyst,
        review=review,
        text="Fill the vacancies.",
        theme=selectors.Theme.objects.get(slug="resourcing"),
        priority="critical",
    )
    picked = selectors.lessons_for_programme(programme=programme)
    assert picked and all(any(t.slug == "resourcing" for t in s.lesson.themes.all()) for s in picked)
