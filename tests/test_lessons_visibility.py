"""An outsider never sees another body's restricted lesson: not in search results, facet counts,
"more like this", a programme's picks, or by its address."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from panorama.lessons import selectors
from panorama.lessons.selectors import SearchFilters
from tests.lessons_helpers import make_lesson, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons(world):
    return {
        "public": make_lesson("Public contracts lesson", "Contracts fixed price.", organisation=world.body_a),
        "sector": make_lesson(
            "Sector contracts lesson",
            "Contracts fixed price.",
            organisation=world.body_a,
            visibility="public-sector",
        ),
        "restricted": make_lesson(
            "Restricted contracts lesson",
            "Contracts fixed price zanzibar.",
            organisation=world.body_a,
            visibility="restricted",
            themes=("commercial",),
            phase="beta",
        ),
        "pending": make_lesson(
            "Pending contracts lesson", "Contracts.", organisation=world.body_a, publish=False
        ),
    }


def seen(user, q="contracts") -> set[str]:
    return {lesson.title for lesson in selectors.lesson_search(user=user, filters=SearchFilters(q=q))}


def test_each_audience_sees_only_its_lessons(world, lessons):
    anonymous = AnonymousUser()
    assert seen(anonymous) == {"Public contracts lesson"}
    assert seen(world.editor_b) == {"Public contracts lesson", "Sector contracts lesson"}
    assert seen(world.viewer_a) == {
        "Public contracts lesson",
        "Sector contracts lesson",
        "Restricted contracts lesson",
    }
    assert seen(world.auditor) == seen(world.viewer_a)


def test_outsider_never_sees_a_restricted_lesson_in_search_or_facets(world, lessons):
    assert seen(world.editor_b, q="zanzibar") == set()
    facets = {
        f.name: f for f in selectors.lesson_facets(user=world.editor_b, filters=SearchFilters(q="contracts"))
    }
    # Only the restricted lesson has the commercial theme or the beta phase, so an outsider's facets
    # offer neither, under any label or count.
    assert "commercial" not in [value for value, _, _ in facets["theme"].options]
    assert "beta" not in [value for value, _, _ in facets["phase"].options]
    # The analyst who reads everything is offered both, counted once: the facet is not just empty.
    everything = {
        f.name: f for f in selectors.lesson_facets(user=world.analyst, filters=SearchFilters(q="contracts"))
    }
    assert [(v, n) for v, _, n in everything["theme"].options if v == "commercial"] == [("commercial", 1)]
    assert [(v, n) for v, _, n in everything["phase"].options if v == "beta"] == [("beta", 1)]
    assert sum(n for _, _, n in facets["source"].options) == 2


def test_outsider_never_sees_a_restricted_lesson_in_more_like_this(world, lessons):
    similar = selectors.lesson_more_like_this(user=world.editor_b, lesson=lessons["public"])
    assert lessons["restricted"] not in similar
    assert lessons["sector"] in similar
    assert lessons["restricted"] in selectors.lesson_more_like_this(
        user=world.viewer_a, lesson=lessons["public"]
    )


def test_outsiders_programme_is_never_offered_a_restricted_lesson(world, lessons):
    programme = make_programme(world.body_b, "Contracts zanzibar replacement")
    offered = [s.lesson for s in selectors.lessons_for_programme(programme=programme)]
    assert lessons["restricted"] not in offered
    own = make_programme(world.body_a, "Contracts zanzibar replacement two")
    assert lessons["restricted"] in [s.lesson for s in selectors.lessons_for_programme(programme=own)]


def test_outsider_gets_404_for_restricted_lesson(client, world, lessons):
    url = reverse("lessons:detail", kwargs={"public_id": lessons["restricted"].public_id})
    client.force_login(world.editor_b)
    assert client.get(url).status_code == 404
    client.force_login(world.viewer_a)
    assert client.get(url).status_code == 200


def test_outsider_never_sees_a_restricted_lesson_through_the_api(client, world, lessons):
    client.force_login(world.editor_b)
    body = client.get("/api/v1/lessons", {"q": "contracts"}).json()
    assert {r["title"] for r in body["results"]} == {"Public contracts lesson", "Sector contracts lesson"}
    assert body["count"] == 2


def test_pending_lesson_is_seen_only_by_its_contributor_and_analysts(client, world):
    lesson = make_lesson("Mine", "Waiting.", actor=world.editor_b, publish=False)
    url = reverse("lessons:detail", kwargs={"public_id": lesson.public_id})
    for person, status in [(world.editor_b, 200), (world.analyst, 200), (world.editor_a, 404)]:
        client.force_login(person)
        assert client.get(url).status_code == status, person


def test_a_lesson_that_writes_out_index_markers_is_still_hidden_from_outsiders(world):
    """Markers are matched only where the indexer puts them, never in a lesson's own words."""
    make_lesson(
        "Restricted telephony ZZVPUBLIC",
        # As words, in capitals, joined by hyphens and underscores, and in the why and recommendation.
        f"Telephony zzvpublic zzvpublicsector zzo{world.body_b.pk} zzmpublished x-zzvpublic x_zzvpublic.",
        organisation=world.body_a,
        visibility="restricted",
        why="Zzvpublic zzmpublished.",
        recommendation=f"zzo{world.body_b.pk}.zzvpublic",
    )
    make_lesson("Public telephony", "Telephony.", organisation=world.body_a)
    assert seen(world.editor_b, q="telephony") == {"Public telephony"}
    assert seen(AnonymousUser(), q="telephony") == {"Public telephony"}
