import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client

from panorama.lessons import demo, selectors
from panorama.lessons.models import AssuranceReview, Lesson
from panorama.organisations.services import organisations_load_reference
from tests.conftest import make_person
from tests.lessons_helpers import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies(db):
    organisations_load_reference()


def test_demo_loads_real_and_illustrative_lessons_once(bodies):
    demo.load(scale="demo", stdout=io.StringIO())
    counts = (Lesson.objects.count(), AssuranceReview.objects.count())
    assert Lesson.objects.filter(illustrative=False).count() == len(demo.REAL_LESSONS)
    # Each illustrative pattern told a few times, differently, not hundreds of near-copies.
    assert 40 <= Lesson.objects.filter(illustrative=True).count() <= 4 * len(demo.PATTERNS)
    assert AssuranceReview.objects.filter(illustrative=True).count() >= 100
    demo.load(scale="demo", stdout=io.StringIO())
    assert (Lesson.objects.count(), AssuranceReview.objects.count()) == counts


def test_a_newcomer_replacing_a_case_management_system_is_shown_cap_futures_i6_and_nhs24(bodies):
    from panorama.organisations.models import Organisation

    demo.load(scale="demo", stdout=io.StringIO())
    programme = make_programme(
        Organisation.objects.get(short_name="COPFS"),
        "Replace our case management system",
        "Replace the legacy case management system our staff use to manage cases.",
        phase="discovery",
    )
    shown = {s.lesson.programme_name for s in selectors.lessons_for_programme(programme=programme, limit=10)}
    assert {"CAP Futures", "i6", "NHS 24 Future Programme"} <= shown
    # ...and the programme's own page shows the best of them, with the way to all of them.
    page = Client().get(programme.get_absolute_url())
    assert page.status_code == 200
    assert b"Lessons that fit this programme" in page.content
    top = selectors.lessons_for_programme(programme=programme, user=AnonymousUser(), limit=5)
    assert top and all(pick.lesson.title.encode() in page.content.replace(b"&#x27;", b"'") for pick in top)


def test_uk_scale_adds_lessons_in_bulk_and_indexes_them(bodies):
    demo.load_uk(target=300, stdout=io.StringIO())
    demo.load_uk(target=300, stdout=io.StringIO())
    assert Lesson.objects.filter(external_ref__startswith="uk:").count() == 300
    analyst = make_person("analyst@central.test", role="analyst")
    found = selectors.lesson_search(user=analyst, filters=selectors.SearchFilters(q="illustrative case 123"))
    assert [lesson.external_ref for lesson in found][:1] == ["uk:123"]


def test_push_lessons_command_reports_what_it_did(bodies):
    out = io.StringIO()
    call_command("push_lessons", stdout=out)
    assert "Lessons pushed to 0 programme(s)." in out.getvalue()
