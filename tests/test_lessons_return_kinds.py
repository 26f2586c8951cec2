"""The `lessons` and `assurance-reviews` return kinds: plan reports every problem and writes nothing;
apply writes what the plan says; sending the same rows again changes nothing."""

import datetime

import pytest
from django.core.management import call_command

from panorama.lessons import selectors, services
from panorama.lessons.models import AssuranceReview, Lesson
from panorama.lessons.return_kinds import ASSURANCE_REVIEWS, LESSONS
from panorama.returns.kinds import Context
from tests.lessons_helpers import make_programme

pytestmark = pytest.mark.django_db


def lesson_row(number: int, **overrides) -> dict:
    return {
        "_row": number,
        "reference": f"PIR-{number}",
        "title": f"Rehearse the cut-over {number}",
        "what_happened": "The rehearsal found defects.",
        "why": "",
        "recommendation": "Rehearse with real data.",
        "themes": "planning; data",
        "phase": "beta",
        "severity": "high",
        "date": datetime.date(2024, 7, 1),
        "source": "post-implementation-review",
        "source_title": "",
        "source_url": "",
        "programme": "Licensing",
        "visibility": "public-sector",
        **overrides,
    }


def test_lessons_return_creates_pending_lessons_then_changes_nothing_on_a_resend(world):
    context = Context(organisation=world.body_a, period=None, actor=world.editor_a)
    rows = [lesson_row(2), lesson_row(3)]
    plan = LESSONS.plan(context, rows)
    assert not plan.problems and plan.counts == {"create": 2, "change": 0, "unchanged": 0}
    LESSONS.apply(context, plan)
    lessons = Lesson.objects.filter(organisation=world.body_a)
    assert lessons.count() == 2 and set(lessons.values_list("status", flat=True)) == {"pending"}
    assert sorted(lessons.first().themes.values_list("slug", flat=True)) == ["data", "planning"]
    again = LESSONS.plan(context, rows)
    assert again.counts == {"create": 0, "change": 0, "unchanged": 2}
    changed = LESSONS.plan(context, [lesson_row(2, title="Rehearse twice"), lesson_row(3)])
    assert changed.counts["change"] == 1
    LESSONS.apply(context, changed)
    assert Lesson.objects.filter(title="Rehearse twice").exists()


def test_lessons_return_reports_every_bad_row(world):
    context = Context(organisation=world.body_a, period=None, actor=world.editor_a)
    plan = LESSONS.plan(
        context,
        [
            lesson_row(2, themes="planning; nonsense"),
            lesson_row(3, themes=""),
            lesson_row(4, source_url="ftp://x"),
        ],
    )
    assert [(p.row, p.column) for p in plan.problems] == [(2, "Themes"), (3, "Themes"), (4, "Source address")]


def review_row(number: int, review: str = "GR-1", **overrides) -> dict:
    return {
        "_row": number,
        "review": review,
        "kind": "ssa-beta",
        "gate": "",
        "date": datetime.date(2025, 6, 12),
        "programme": "Licensing",
        "confidence": "amber",
        "visibility": "restricted",
        "number": number - 1,
        "recommendation": f"Recommendation {number - 1}",
        "theme": "resourcing",
        "priority": "critical",
        "status": "open",
        "criteria_met": "1; 2",
        "criteria_not_met": "11",
        **overrides,
    }


def test_assurance_reviews_return_groups_rows_into_reviews(world):
    context = Context(organisation=world.body_a, period=None, actor=world.analyst)
    rows = [review_row(2), review_row(3, theme="governance")]
    plan = ASSURANCE_REVIEWS.plan(context, rows)
    assert not plan.problems and plan.counts["create"] == 1
    ASSURANCE_REVIEWS.apply(context, plan)
    review = AssuranceReview.objects.get(external_ref="GR-1")
    assert review.recommendations.count() == 2
    assert dict(review.criteria.values_list("criterion", "result")) == {1: "met", 2: "met", 11: "not-met"}
    assert ASSURANCE_REVIEWS.plan(context, rows).counts == {"create": 0, "change": 0, "unchanged": 1}


def test_assurance_reviews_return_refuses_inconsistent_or_impossible_rows(world):
    context = Context(organisation=world.body_a, period=None, actor=world.analyst)
    plan = ASSURANCE_REVIEWS.plan(
        context,
        [
            review_row(2),
            review_row(3, date=datetime.date(2025, 7, 1)),
            review_row(4, review="GR-2", kind="gate-review"),
        ],
    )
    messages = " ".join(p.message for p in plan.problems)
    assert "same date" in messages
    assert "Only service-standard assessments record criteria" in messages
    assert not AssuranceReview.objects.exists()


def file_in_template_layout(kind: str, path, rows: list[str], capsys) -> str:
    """A CSV file under the header `panorama template KIND --format csv` publishes."""
    call_command("template", kind, "--format", "csv")
    path.write_text("\n".join([capsys.readouterr().out.strip(), *rows]) + "\n")
    return str(path)


def test_lessons_and_reviews_import_from_the_command_line_in_the_published_layout(world, tmp_path, capsys):
    make_programme(world.body_a, "Licensing")
    lessons = file_in_template_layout(
        "lessons",
        tmp_path / "lessons.csv",
        [
            "PIR-1,Rehearse the cut-over,The rehearsal found defects.,,Rehearse with real data.,"
            "planning; data,beta,high,31/03/2024,post-implementation-review,,,Licensing,public"
        ],
        capsys,
    )
    call_command("import", "lessons", lessons, "--organisation", "SSS")
    assert "1 created" in capsys.readouterr().out
    lesson = Lesson.objects.get(external_ref="PIR-1", organisation=world.body_a)
    assert (lesson.status, lesson.date) == ("pending", datetime.date(2024, 3, 31))
    # Contributions wait for moderation before anyone can find them.
    found = selectors.lesson_search(user=world.analyst, filters=selectors.SearchFilters(q="rehearse"))
    assert list(found) == []
    services.lesson_moderate(actor=world.analyst, lesson=lesson, decision="published")
    found = selectors.lesson_search(user=None, filters=selectors.SearchFilters(q="rehearse"))
    assert [found_lesson.pk for found_lesson in found] == [lesson.pk]

    reviews = file_in_template_layout(
        "assurance-reviews",
        tmp_path / "reviews.csv",
        [
            "GR-9,gate-review,4,2025-06-12,Licensing,amber,restricted,1,Name a service owner,leadership,critical,open,,"
        ],
        capsys,
    )
    call_command("import", "assurance-reviews", reviews, "--organisation", "SSS")
    review = AssuranceReview.objects.get(external_ref="GR-9")
    assert review.recommendations.get().priority == "critical"


def test_lessons_import_prints_every_problem_and_writes_nothing(world, tmp_path, capsys):
    path = file_in_template_layout(
        "lessons",
        tmp_path / "lessons.csv",
        [
            "PIR-1,Fine,Text.,,,planning,beta,high,2024-03-31,case-study,,,,public",
            "PIR-2,Bad theme,Text.,,,nonsense,beta,high,2024-03-31,case-study,,,,public",
            "PIR-3,Bad source,Text.,,,planning,beta,high,2024-03-31,case-study,,ftp://x,,public",
        ],
        capsys,
    )
    with pytest.raises(SystemExit) as exited:
        call_command("import", "lessons", path, "--organisation", "SSS")
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Row 3, Themes: nonsense" in err
    assert "Row 4, Source address" in err
    assert not Lesson.objects.exists()
