import datetime

import pytest
from django.urls import reverse

from panorama.core.models import Notification
from panorama.lessons import services
from panorama.lessons.models import Lesson, LessonFeedback, Theme
from tests.lessons_helpers import make_lesson, make_programme

pytestmark = pytest.mark.django_db


def lesson_post(**overrides) -> dict:
    return {
        "title": "Test the cut-over",
        "what_happened": "We **did not** rehearse. <script>alert(1)</script> [x](javascript:alert(1))",
        "themes": ["planning"],
        "severity": "high",
        "date": "2024-03-01",
        "source": "post-implementation-review",
        "visibility": "public",
        **overrides,
    }


def test_search_page_highlights_matches_and_counts_facets(client, world):
    make_lesson(
        "Records <b>migration</b>", "Moving records took twice as long.", themes=("data",), phase="beta"
    )
    make_lesson("Users first", "Talk to users.", themes=("users",))
    response = client.get(reverse("lessons:list"), {"q": "records"})
    html = response.content.decode()
    assert "<mark>Records</mark> &lt;b&gt;migration&lt;/b&gt;" in html
    assert "Users first" not in html
    assert "1 lesson for “records”" in html
    assert "Data</a> (1)" in html


def test_search_page_downloads_csv_of_the_results(client, world):
    make_lesson("=cmd lesson", "Formula-looking title.")
    response = client.get(reverse("lessons:list"), {"q": "formula", "format": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert "'=cmd lesson" in body


def test_member_contribution_waits_for_an_analyst_then_is_published(client, world):
    client.force_login(world.editor_b)
    response = client.post(reverse("lessons:create"), lesson_post())
    lesson = Lesson.objects.get()
    assert response.status_code == 302 and lesson.status == "pending"
    assert client.get(reverse("lessons:list"), {"q": "cut-over"}).content.count(b"Test the cut-over") == 0
    client.force_login(world.analyst)
    client.post(
        reverse("lessons:moderate", kwargs={"public_id": lesson.public_id}), {"decision": "published"}
    )
    lesson.refresh_from_db()
    assert lesson.status == "published"
    assert Notification.objects.filter(recipient=world.editor_b, key__startswith="lessons.moderated").exists()
    client.force_login(world.editor_b)
    page = client.get(lesson.get_absolute_url()).content.decode()
    assert "<strong>did not</strong>" in page
    assert "<script>alert" not in page and "javascript:" not in page


def test_rejection_needs_a_reason(client, world):
    lesson = make_lesson("Pending", actor=world.editor_b, publish=False)
    client.force_login(world.analyst)
    client.post(reverse("lessons:moderate", kwargs={"public_id": lesson.public_id}), {"decision": "rejected"})
    lesson.refresh_from_db()
    assert lesson.status == "pending"


def test_invalid_lesson_lists_every_problem_and_saves_nothing(client, world):
    client.force_login(world.editor_a)
    response = client.post(
        reverse("lessons:create"),
        lesson_post(title="", themes=[], date="not a date", visibility="restricted"),
    )
    assert response.status_code == 200
    summary = response.content.decode().split('class="ds_error-summary__list"')[1].split("</ul>")[0]
    assert summary.count("<li") >= 3
    assert not Lesson.objects.exists()


def test_restricted_lesson_needs_its_body(world):
    with pytest.raises(services.ValidationError):
        make_lesson("No body", visibility="restricted")


def test_stale_edit_is_refused(client, world):
    lesson = make_lesson("Original", organisation=world.body_a)
    services.lesson_update(
        actor=world.analyst, lesson=lesson, version=lesson.version, data={"title": "Changed"}
    )
    client.force_login(world.editor_a)
    response = client.post(
        reverse("lessons:edit", kwargs={"public_id": lesson.public_id}),
        lesson_post(title="Mine", version=1, organisation=world.body_a.pk),
    )
    assert "has changed since this page was loaded" in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.title == "Changed"


def test_edit_reindexes_the_lesson_for_search(client, world):
    lesson = make_lesson("Before", organisation=world.body_a)
    services.lesson_update(actor=world.analyst, lesson=lesson, version=1, data={"title": "Afterwards quokka"})
    assert (
        "Afterwards <mark>quokka</mark>"
        in client.get(reverse("lessons:list"), {"q": "quokka"}).content.decode()
    )


def test_reader_verdict_is_kept_once_and_counted(client, world):
    lesson = make_lesson("Verdicts")
    client.force_login(world.viewer_a)
    url = reverse("lessons:feedback", kwargs={"public_id": lesson.public_id})
    client.post(url, {"useful": "yes"})
    client.post(url, {"useful": "no"})
    lesson.refresh_from_db()
    assert (lesson.useful_count, lesson.not_useful_count) == (0, 1)
    assert LessonFeedback.objects.count() == 1


def test_programme_page_shows_fitting_lessons_with_reasons(client, world):
    make_lesson("Replacing case systems", "Replace legacy case management in stages.", phase="discovery")
    programme = make_programme(world.body_a, "Replace the case management system")
    html = client.get(
        reverse("lessons:for-programme", kwargs={"public_id": programme.public_id})
    ).content.decode()
    assert "Replacing case systems" in html
    assert "Why it is here: mentions" in html


def test_review_with_criteria_and_recommendations_feeds_theme_statistics(client, world):
    client.force_login(world.editor_a)
    post = {
        "organisation": world.body_a.pk,
        "programme_name": "Benefits",
        "kind": "ssa-beta",
        "date": "2024-05-02",
        "confidence": "amber",
        "visibility": "public",
        "criterion_1": "met",
        "criterion_11": "not-met",
    }
    response = client.post(reverse("lessons:review-create"), post)
    assert response.status_code == 302, response.content.decode()[:3000]
    review = world.body_a.assurance_reviews.get()
    assert dict(review.criteria.values_list("criterion", "result")) == {1: "met", 11: "not-met"}
    add = reverse("lessons:recommendation-add", kwargs={"public_id": review.public_id})
    client.post(add, {"text": "Hire.", "theme": "resourcing", "priority": "critical"})
    client.post(add, {"text": "Govern.", "theme": "governance", "priority": "essential"})
    data = client.get("/api/v1/assurance/themes", {"year": 2024}).json()
    rows = {row["theme"]: row for row in data["themes"]}
    assert data["reviews"] == 1 and data["recommendations"] == 2
    assert rows["resourcing"]["share_of_reports"] == 1.0
    assert rows["resourcing"]["share_of_recommendations"] == 0.5
    assert rows["resourcing"]["share_of_critical"] == 1.0
    assert client.get("/api/v1/assurance/themes", {"year": 2023}).json()["reviews"] == 0
    page = client.get(reverse("lessons:assurance-themes"), {"year": 2024}).content.decode()
    assert "Resourcing and capability" in page


def test_criteria_are_refused_on_a_gate_review(client, world):
    client.force_login(world.editor_a)
    response = client.post(
        reverse("lessons:review-create"),
        {
            "organisation": world.body_a.pk,
            "programme_name": "X",
            "kind": "gate-review",
            "date": "2024-05-02",
            "confidence": "amber",
            "visibility": "public",
            "criterion_2": "met",
        },
    )
    assert "Only service-standard assessments" in response.content.decode()


def test_editor_cannot_file_a_review_for_another_body(client, world):
    client.force_login(world.editor_b)
    response = client.post(
        reverse("lessons:review-create"),
        {
            "organisation": world.body_a.pk,
            "programme_name": "X",
            "kind": "health-check",
            "date": "2024-05-02",
            "confidence": "red",
            "visibility": "public",
        },
    )
    assert response.status_code == 200
    assert not world.body_a.assurance_reviews.exists()


def test_api_ranks_and_filters(client, world):
    make_lesson(
        "Procurement early",
        "Think about procurement from the start.",
        themes=("commercial",),
        phase="discovery",
    )
    make_lesson("Other", "Procurement is mentioned once.", themes=("users",), phase="beta")
    body = client.get("/api/v1/lessons", {"q": "procurement"}).json()
    assert [r["title"] for r in body["results"]] == ["Procurement early", "Other"]
    body = client.get("/api/v1/lessons", {"q": "procurement", "phase": "beta"}).json()
    assert [r["title"] for r in body["results"]] == ["Other"]
    assert client.get("/api/v1/lessons", {"theme": "nope"}).status_code == 404  # no such theme
    assert client.get("/api/v1/lessons", {"theme": "Not a slug!"}).status_code == 400
    assert "/api/v1/lessons" in client.get("/api/v1/openapi.json").json()["paths"]


def test_theme_list_is_the_fixed_reference_data(db):
    assert Theme.objects.filter(kind="principle").count() == 5
    assert Theme.objects.filter(kind="assurance").count() == 8


def test_lesson_dates_accept_iso(world):
    lesson = make_lesson("Dated", date=datetime.date(2019, 6, 20))
    assert lesson.date.year == 2019
