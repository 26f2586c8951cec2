import datetime
from io import StringIO

import pytest
from django.db.models import Count, Min

from panorama.core.demo_clock import demo_today
from panorama.organisations import demo as organisations_demo
from panorama.programmes import demo as programmes_demo
from panorama.programmes.models import LinkKind, Platform, Programme, ProgrammeLink, ProgressUpdate
from panorama.strategy import demo as strategy_demo
from panorama.strategy.models import Commitment, Strategy


def load_demo() -> None:
    for step in (organisations_demo, strategy_demo, programmes_demo):
        step.load(scale="demo", stdout=StringIO())


@pytest.mark.django_db
def test_demo_builds_the_map_and_a_second_run_adds_nothing():
    load_demo()
    counts = (Programme.objects.count(), ProgressUpdate.objects.count(), ProgrammeLink.objects.count())
    load_demo()
    assert (
        Programme.objects.count(),
        ProgressUpdate.objects.count(),
        ProgrammeLink.objects.count(),
    ) == counts

    assert set(Strategy.objects.values_list("slug", flat=True)) == {
        "digital-strategy-2017",
        "a-changing-nation-2021",
    }
    assert [a.title for a in Strategy.objects.get(slug="a-changing-nation-2021").ambitions.all()] == [
        "People and Place",
        "A Strong Digital Economy",
        "Digital Government and Services",
    ]
    assert any(c.unowned for c in Commitment.objects.all())
    assert Commitment.objects.filter(programmes__isnull=True).exists()

    illustrative = Programme.objects.filter(illustrative=True)
    assert illustrative.count() >= 150
    assert illustrative.values("organisation").distinct().count() >= 40
    # A programme reports every quarter since it started: one that began three years ago has at
    # least eight (its latest may wait on an accepted return), a new one only a few.
    older = illustrative.filter(start_baseline__lte=demo_today() - datetime.timedelta(days=3 * 365))
    fewest = older.annotate(n=Count("updates")).aggregate(fewest=Min("n"))["fewest"]
    assert older.exists() and fewest >= 8
    assert illustrative.annotate(n=Count("updates")).filter(n=0).count() == 0
    assert set(ProgrammeLink.objects.values_list("kind", flat=True)) == set(LinkKind.values)

    nhs24 = Programme.objects.get(title="NHS 24 Future Programme")
    assert not nhs24.illustrative
    assert round(nhs24.cost_variance * 100) == 73
    assert set(Platform.objects.values_list("slug", flat=True)) >= {
        "scotaccount",
        "scotpayments",
        "cloud-platform",
        "myaccount",
        "notifications",
    }
