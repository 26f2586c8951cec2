"""The demo as a Scottish reader would walk it: nothing out of place for the body it belongs to, one
timeline, variety where the real world varies. The demo is loaded once a session (`demo_picture` in
tests/conftest.py). What the demo says does not depend on the database, so this runs on SQLite only."""

import datetime
import itertools
import re

import pytest
from django.db.models import Sum

from panorama.collaboration.models import Overlap
from panorama.core.demo_clock import demo_today
from panorama.core.periods import financial_year_of
from panorama.finance.models import FinanceLine
from panorama.lessons.models import AssuranceReview, Lesson
from panorama.organisations.models import Organisation
from panorama.programmes.models import Confidence, Phase, Programme
from panorama.returns.models import Status, Submission

pytestmark = [pytest.mark.django_db, pytest.mark.one_database]

# Words that give a programme away as belonging to another kind of body, checked against the real
# kinds of the bodies, not against the demo's own templates.
OUT_OF_PLACE = {
    r"\b(laborator|LIMS|pathology|theatre|surgical|ward|HEPMA)": {
        "territorial health board",
        "special health board",
    },
    r"\b(council tax|refuse|bulky uplift|housing repairs|council homes|tenant)": {"council"},
    r"\b(student records|virtual learning|timetabling|enrolment)": {"university", "college"},
}
NOT_AT = {"SAS": r"laborator|LIMS|pathology|theatre", "NHS24": r"laborator|theatre|surgical|ward"}


def test_the_reference_list_covers_the_scottish_public_sector(demo_picture):
    public = Organisation.objects.exclude(sector__in=["industry", "third sector"])
    kinds = dict.fromkeys(public.values_list("kind", flat=True), 0)
    for kind in public.values_list("kind", flat=True):
        kinds[kind] += 1
    assert public.count() >= 200
    assert kinds["council"] == 32
    assert kinds["territorial health board"] == 14
    assert kinds["integration joint board"] == 30  # with NHS Highland's lead agency model: 31 authorities
    assert kinds["university"] >= 15 and kinds["college"] >= 15
    assert not public.filter(sponsor="").exists()
    assert not public.filter(staff_band="").exists() and not public.filter(budget_band="").exists()


def test_no_programme_is_out_of_place_for_its_body(demo_picture):
    wrong = []
    for programme in Programme.objects.filter(illustrative=True).select_related("organisation"):
        text = f"{programme.title} {programme.summary}"
        for pattern, kinds in OUT_OF_PLACE.items():
            body = programme.organisation
            if (
                re.search(pattern, text, re.IGNORECASE)
                and body.kind not in kinds
                and body.short_name != "SPA"
            ):
                wrong.append((body.short_name, programme.title))
        if re.search(NOT_AT.get(programme.organisation.short_name, "^$"), text, re.IGNORECASE):
            wrong.append((programme.organisation.short_name, programme.title))
    assert wrong == []


def test_spend_ranks_bodies_by_their_size(demo_picture):
    year = financial_year_of(demo_today()) - 1
    spend = dict(
        FinanceLine.objects.filter(period__year=year, period__kind="year", line_type="actual")
        .values_list("organisation__short_name")
        .annotate(total=Sum("amount"))
        .values_list("organisation__short_name", "total")
    )
    ranked = sorted(spend, key=spend.get, reverse=True)
    assert spend["NHSGGC"] > 5 * spend["NHSS"]
    assert spend["NHSGGC"] > spend["NHSLO"]  # Scotland's largest board is the largest spender of the two
    assert "NHSGGC" in ranked[:25]
    assert spend["AS"] < 5_000_000 < spend["NHSLO"]
    major_at_audit_scotland = Programme.objects.filter(
        organisation__short_name="AS", wlc_baseline__gte=5_000_000
    )
    assert not major_at_audit_scotland.exists()


def test_meetings_and_assessments_fall_on_working_days_in_phase_order(demo_picture):
    from panorama.collaboration.models import Meeting

    assert [m.held_on for m in Meeting.objects.all() if m.held_on.weekday() >= 5] == []
    order = ["ssa-discovery", "ssa-alpha", "ssa-beta", "ssa-live"]
    reviews = AssuranceReview.objects.filter(programme__isnull=False, kind__in=order).order_by("date")
    seen: dict[int, list[str]] = {}
    for review in reviews:
        seen.setdefault(review.programme_id, []).append(review.kind)
        assert review.date <= demo_today()
    for kinds in seen.values():
        ranks = [order.index(k) for k in kinds]
        assert ranks == sorted(ranks), kinds
    phase_rank = {"discovery": 0, "alpha": 1, "beta": 2, "live": 3, "retired": 3, "stopped": 3}
    for review in reviews.select_related("programme"):
        assert order.index(review.kind) <= phase_rank[review.programme.phase]


def test_unfinished_work_is_not_forecast_to_have_ended_and_retired_work_is_not_rated(demo_picture):
    today = demo_today()
    unfinished = Programme.objects.exclude(phase__in=[Phase.RETIRED, Phase.STOPPED]).filter(
        illustrative=True, end_forecast__lt=today
    )
    assert list(unfinished.values_list("title", "end_forecast")) == []
    rated = Programme.objects.filter(phase=Phase.RETIRED).exclude(confidence=Confidence.NOT_RATED)
    assert list(rated.values_list("title", flat=True)) == []


def test_figures_for_a_past_period_come_only_from_accepted_returns(demo_picture):
    today = demo_today()
    years = (
        FinanceLine.objects.filter(period__end__lt=today)
        .values_list("organisation_id", "period_id")
        .distinct()
    )
    accepted = set(
        Submission.objects.filter(kind="finance", status=Status.ACCEPTED).values_list(
            "organisation_id", "period_id"
        )
    )
    windows = set(Submission.objects.filter(kind="finance").values_list("period_id", flat=True))
    without = [pair for pair in years if pair[1] in windows and pair not in accepted]
    assert without == []
    # A past period's returns are nearly all in: a realistic few late or missing, not most.
    for period_id in windows:
        sent = Submission.objects.filter(kind="finance", period_id=period_id)
        if sent.first().period.end < today - datetime.timedelta(days=60):
            assert sent.filter(status=Status.ACCEPTED).count() >= 0.9 * sent.count()


def test_lessons_are_not_one_sentence_with_a_name_swapped(demo_picture):
    def words(lesson: Lesson) -> set[str]:
        return set(re.findall(r"[a-z]+", f"{lesson.title} {lesson.what_happened}".lower()))

    lessons = [words(lesson) for lesson in Lesson.objects.filter(illustrative=True)]
    near = sum(1 for a, b in itertools.combinations(lessons, 2) if len(a & b) / len(a | b) > 0.8)
    assert len(lessons) >= 40
    assert near <= 10


def test_the_overlap_finder_shows_only_the_overlaps_the_demo_plants(demo_picture):
    from panorama.collaboration.demo import EXTERNAL_REF

    found = Overlap.objects.select_related("programme_a", "programme_b")
    beyond = [
        (o.programme_a.title, o.programme_b.title)
        for o in found
        if not (
            o.programme_a.external_ref.startswith(EXTERNAL_REF)
            and o.programme_b.external_ref.startswith(EXTERNAL_REF)
        )
    ]
    # The finder's "each the other's closest match in another body" rule depends on the whole
    # register, so rewording one generated title can pair two others: the demo check keeps the
    # pairs beyond the planted ones to a few.
    assert len(beyond) <= 6, "\n".join(f"{a} <> {b}" for a, b in beyond)
    assert 5 <= found.count() <= 40


def test_a_quarter_past_its_due_date_is_nearly_all_in_and_its_progress_only_from_accepted_returns(
    demo_picture, client
):
    from django.urls import reverse

    from panorama.programmes.models import ProgressUpdate
    from panorama.returns.models import ReturnWindow

    window = ReturnWindow.objects.filter(kind="progress").order_by("-period__start").first()
    accepted = set(
        Submission.objects.filter(kind="progress", period=window.period, status=Status.ACCEPTED).values_list(
            "organisation_id", flat=True
        )
    )
    reporting = set(
        ProgressUpdate.objects.filter(period=window.period, programme__external_ref__startswith="demo:")
        .exclude(programme__phase__in=[Phase.RETIRED, Phase.STOPPED])
        .values_list("programme__organisation_id", flat=True)
    )
    assert reporting and reporting <= accepted
    expected = window.expected.count()
    missing = list(window.expected.exclude(pk__in=accepted).order_by("name"))
    if window.due_on < demo_today():
        assert 0 < len(missing) <= 0.1 * expected
    # The completeness page names them.
    client.force_login(demo_picture["people"]["analyst"])
    response = client.get(reverse("returns:completeness"), {"period": window.period.label, "missing": "1"})
    shown = {row.organisation for row in response.context["rows"]}
    assert set(missing) <= shown
