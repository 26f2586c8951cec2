"""The national picture: each headline figure counts exactly the list its link opens."""

import datetime
import json

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from panorama.core import catalogue
from panorama.picture import figures, lists
from panorama.programmes.models import Programme
from panorama.strategy.models import Ambition, Commitment, OutcomeActual, OutcomeMeasure, Strategy
from tests.conftest import TODAY


@pytest.fixture
def strategy_world(world, pinned_clock):
    strategy = Strategy.objects.create(
        slug="changing-nation", title="A changing nation", short_title="A changing nation"
    )
    ambition = Ambition.objects.create(strategy=strategy, number=3, title="Digital Government and Services")
    today = TODAY

    def commitment(ref, **extra):
        defaults = {
            "owner": world.body_a,
            "accountable_person": "Chief Digital Officer",
            "last_updated": today,
        }
        return Commitment.objects.create(
            ambition=ambition, reference=ref, text=f"We will {ref}", **{**defaults, **extra}
        )

    c = {
        "owned": commitment("3.1"),
        "no_owner": commitment("3.2", owner=None),
        "no_person": commitment("3.3", accountable_person=""),
        "stale": commitment("3.4", last_updated=today - datetime.timedelta(days=200)),
        "never": commitment("3.5", last_updated=None),
        "done": commitment("3.6", owner=None, status="complete", last_updated=None),
    }
    green = Programme.objects.create(organisation=world.body_a, title="ScotAccount", confidence="green")
    red = Programme.objects.create(organisation=world.body_b, title="Case management", confidence="red")
    Programme.objects.create(organisation=world.body_b, title="Old system", confidence="red", phase="retired")
    green.commitments.add(c["owned"], c["no_owner"])
    red.commitments.add(c["stale"])
    measure = OutcomeMeasure.objects.create(
        commitment=c["owned"], name="Take-up", unit="%", baseline=10, target=80
    )
    OutcomeActual.objects.create(measure=measure, date=today - datetime.timedelta(days=90), value=30)
    OutcomeActual.objects.create(measure=measure, date=today - datetime.timedelta(days=1), value=25)
    return c


def values(label: str = "", reader=None) -> dict:
    """Each figure's value for the period, as the catalogue reads it for this reader."""
    scope = catalogue.scope_for(label)
    return {k: r.value for k, r in catalogue.read(scope=scope, reader=reader or AnonymousUser()).items()}


@pytest.mark.django_db
def test_picture_counts_each_gap(strategy_world):
    p = values()
    assert p["commitments.total"] == 6
    assert p["commitments.unowned"] == 2  # no owner, no accountable person; the complete one is closed
    assert p["commitments.without_programme"] == 2  # 3.3 and 3.5 (3.6 is complete)
    assert p["commitments.stale"] == 2
    assert p["commitments.off_track"] == 1
    assert p["commitments.not_moving"] == 1  # take-up fell from 30 to 25
    assert p["programmes.active"] == 2 and p["programmes.off_track"] == 1
    # No returns data: null, not zero.
    assert p["returns.bodies_expected"] is None and p["returns.completeness"] is None


@pytest.mark.django_db
def test_every_figure_links_to_a_list_of_exactly_that_many(client, strategy_world):
    data = client.get(reverse("api:picture")).json()
    for name in [
        "commitments_total",
        "commitments_unowned",
        "commitments_without_programme",
        "commitments_stale",
        "programmes_total",
        "programmes_off_track",
    ]:
        listed = client.get(data["links"][name]).json()
        assert listed["count"] == data[name], name
        page = client.get(data["pages"][name])
        assert page.status_code == 200
        csv = b"".join(client.get(data["pages"][name] + "&format=csv").streaming_content).decode("utf-8-sig")
        assert len(csv.strip().splitlines()) == data[name] + 1, name


@pytest.mark.django_db
def test_picture_api_refuses_a_period_that_is_not_one(client, world):
    assert client.get(reverse("api:picture"), {"period": "last quarter"}).status_code == 400
    response = client.get(reverse("api:picture"), {"period": "2025-27"})
    assert response.status_code == 404 and "financial year" in response.json()["detail"]
    assert client.get(reverse("api:picture"), {"period": "2025-26 Q2"}).json()["period"] == "2025-26 Q2"


@pytest.mark.django_db
def test_body_lists_are_only_for_those_who_read_everything(client, world):
    url = reverse("picture:list", kwargs={"name": "bodies-missing"})
    assert client.get(url).status_code == 404
    client.force_login(world.editor_a)
    assert client.get(url).status_code == 404
    client.force_login(world.auditor)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_dashboard_says_no_data_yet_for_sections_without_data(client, world):
    page = client.get(reverse("picture:dashboard")).content.decode()
    assert "No return windows name the bodies expected to report" in page
    assert "The skills analysis is for signed-in public-sector staff" in page


@pytest.mark.django_db
def test_dashboard_shows_gaps_with_links(client, strategy_world, world):
    client.force_login(world.analyst)
    page = client.get(reverse("picture:dashboard")).content.decode()
    scope = figures.scope_for("")
    assert (
        lists.page_url("commitments-unowned", scope).replace("&", "&amp;") in page
        or lists.page_url("commitments-unowned", scope) in page
    )
    assert "With no owner" in page and "Digital Government and Services" in page


@pytest.mark.django_db
def test_dashboard_chart_downloads_as_csv(client, strategy_world):
    response = client.get(reverse("picture:chart", kwargs={"name": "ambitions"}))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("A changing nation: Digital Government and Services")


@pytest.mark.django_db
def test_body_profile_compares_with_the_sector_median(client, strategy_world, world):
    response = client.get(reverse("organisations:detail", kwargs={"slug": world.body_a.slug}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sector median" in page and "ScotAccount" in page
    assert "Spend and legacy" not in page  # restricted sections are for the body's people
    client.force_login(world.viewer_a)
    assert (
        "Spend and legacy"
        in client.get(reverse("organisations:detail", kwargs={"slug": world.body_a.slug})).content.decode()
    )
    data = json.loads(client.get(reverse("api:picture-programmes"), {"which": "off-track"}).content)
    assert [p["title"] for p in data["results"]] == ["Case management"]


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False)
def test_programmes_improving_compares_the_last_two_quarters(world):
    from panorama.core.periods import period_from_label
    from panorama.programmes.models import ProgressUpdate

    # On 7 December 2026 the picture opens on 2026-27 Q3 and compares it with Q2.
    before, now = period_from_label("2026-27 Q2"), period_from_label("2026-27 Q3")
    better = Programme.objects.create(organisation=world.body_a, title="Better", confidence="amber")
    worse = Programme.objects.create(organisation=world.body_a, title="Worse", confidence="red")
    unrated = Programme.objects.create(organisation=world.body_a, title="First rated now", confidence="green")
    for programme, old, new in [
        (better, "red", "amber"),
        (worse, "green", "red"),
        (unrated, "not-rated", "green"),
    ]:
        ProgressUpdate.objects.create(programme=programme, period=before, confidence=old)
        ProgressUpdate.objects.create(programme=programme, period=now, confidence=new)
    improving = figures.programmes_improving(figures.scope_for(""))
    assert list(improving.values_list("title", flat=True)) == ["Better"]


@pytest.mark.django_db
def test_completeness_counts_bodies_that_sent_every_expected_return(client, world):
    from panorama.core.periods import period_from_label
    from panorama.returns import models

    quarter = period_from_label("2025-26 Q3")
    window = models.ReturnWindow.objects.create(kind="services", period=quarter, due_on=quarter.end)
    window.expected.add(world.body_a, world.body_b)
    models.Submission.objects.create(
        organisation=world.body_a, kind="services", period=quarter, status="accepted"
    )
    models.Submission.objects.create(
        organisation=world.body_b, kind="services", period=quarter, status="draft"
    )
    p = values("2025-26 Q3")
    assert (p["returns.bodies_expected"], p["returns.bodies_complete"], p["returns.completeness"]) == (
        2,
        1,
        0.5,
    )
    client.force_login(world.analyst)
    missing = client.get(reverse("api:picture-bodies"), {"period": "2025-26 Q3", "which": "missing"}).json()
    assert [b["slug"] for b in missing["results"]] == [world.body_b.slug]
    page = client.get(
        reverse("organisations:detail", kwargs={"slug": world.body_b.slug}), {"period": "2025-26 Q3"}
    )
    assert "Draft" in page.content.decode()


def test_register_figures_of_an_earlier_quarter_are_those_kept_at_its_close(world, django_assert_num_queries):
    """The default period is found once: the page's scope says it is the default, so the check for
    figures kept at a quarter's close does not look it up again."""
    from panorama.picture.models import FigureSnapshot

    now = catalogue.scope_for("")
    assert now.is_default and not catalogue.scope_for(now.label).is_default
    assert catalogue.scope_for(now.label) == now  # the mark is not part of the period
    earlier = now.previous()
    key = "commitments.total"
    kept = catalogue.read([key], scope=earlier, reader=world.analyst)[key]
    assert kept.value is None and kept.note.startswith(f"Not kept for {earlier.label}")
    FigureSnapshot.objects.create(key=key, period=earlier.label, value=7, taken_on=earlier.end)
    kept = catalogue.read([key], scope=earlier, reader=world.analyst)[key]
    assert kept.value == 7 and kept.basis == "kept at the quarter's close"
    with django_assert_num_queries(1):  # the count itself: no default period, no snapshots
        computed = catalogue.read([key], scope=now, reader=world.analyst)[key]
    assert computed.value == Commitment.objects.count() and not computed.note
