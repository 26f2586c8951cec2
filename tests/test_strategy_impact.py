"""Impact: whether each outcome measure is moving toward its target, on the commitment page, the
strategy page and in the demo; and who owns a commitment a forum has taken on."""

import datetime
import io
from collections import Counter

import pytest

from panorama.collaboration import services as collaboration
from panorama.organisations import demo as organisations_demo
from panorama.picture import figures
from panorama.strategy import demo, selectors
from panorama.strategy.models import Commitment, OutcomeActual, OutcomeMeasure
from tests.map_factories import make_commitment

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


def measure_with(values, *, baseline=10, direction="up", commitment=None) -> OutcomeMeasure:
    measure = OutcomeMeasure.objects.create(
        commitment=commitment or make_commitment(),
        name="People online",
        unit="%",
        baseline=baseline,
        target=100 if direction == "up" else 0,
        direction=direction,
    )
    for day, value in values:
        OutcomeActual.objects.create(measure=measure, date=day, value=value)
    return measure


@pytest.mark.parametrize(
    ("values", "direction", "trend"),
    [
        ([("2025-03-31", 12), ("2026-03-31", 14)], "up", "toward"),
        ([("2025-03-31", 12), ("2026-03-31", 12)], "up", "flat"),
        ([("2025-03-31", 12), ("2026-03-31", 11)], "up", "away"),
        ([("2026-03-31", 11)], "up", "toward"),  # one value: compared with the baseline, 10
        ([("2026-03-31", 10)], "up", "flat"),
        ([], "up", "no data"),
        ([("2025-03-31", 12), ("2026-03-31", 11)], "down", "toward"),
        ([("2025-03-31", 12), ("2026-03-31", 13)], "down", "away"),
        ([("2026-03-31", 9)], "down", "toward"),
    ],
)
def test_trend_compares_the_latest_value_with_the_one_before_it_in_the_measures_direction(
    values, direction, trend
):
    measure = measure_with(values, direction=direction)
    assert selectors.measure_trend(measure=measure, as_of=TODAY) == trend
    assert selectors.measure_trends(as_of=TODAY)[measure.pk] == trend
    not_moving = trend in ("flat", "away")
    assert (measure.pk in selectors.measures_not_moving(as_of=TODAY)) is not_moving


def test_trend_ignores_values_after_the_day_it_is_judged_on():
    measure = measure_with([("2025-03-31", 12), ("2026-03-31", 11)])
    assert selectors.measure_trend(measure=measure, as_of=datetime.date(2025, 12, 31)) == "toward"
    assert selectors.measure_trend(measure=measure, as_of=datetime.date(2024, 12, 31)) == "no data"
    assert selectors.measures_not_moving(as_of=datetime.date(2025, 12, 31)) == []


def test_dashboard_counts_the_measures_the_strategy_rule_finds_not_moving():
    stuck = measure_with([("2025-03-31", 12), ("2025-06-30", 12)])
    measure_with([("2025-03-31", 12), ("2025-06-30", 13)], commitment=make_commitment("3.5"))
    scope = figures.scope_for("2025-26 Q1")
    assert figures.measures_not_moving(scope) == [stuck.pk]
    assert list(figures.commitments_not_moving(scope)) == [stuck.commitment]


def test_commitment_page_shows_baseline_target_latest_and_the_trend_in_words(client):
    commitment = make_commitment("1.1")
    measure_with([("2025-03-31", 12), ("2026-03-31", 11)], commitment=commitment)
    OutcomeMeasure.objects.filter(commitment=commitment).update(baseline_date="2024-03-31")
    page = client.get(commitment.get_absolute_url())
    text = page.content.decode()
    assert "Going the wrong way" in text
    assert "10 %" in text and "100 %" in text  # baseline and target
    assert "11 % (31 Mar 2026), against 12 % the time before" in text
    chart = page.context["measures"][0].chart
    assert chart.rows[0] == ["2024-03-31", 10, 100]  # the chart starts at the baseline
    csv_text = b"".join(client.get(chart.csv_url).streaming_content).decode()
    assert csv_text.count("\n") == 4 and ",baseline" in csv_text


def test_strategy_page_lists_open_commitments_not_moving_toward_target(client):
    flat = make_commitment("3.1")
    measure_with([("2025-03-31", 12), ("2026-03-31", 12)], commitment=flat)
    done = make_commitment("3.0", status="complete")  # closed: the dashboard leaves it out too
    measure_with([("2025-03-31", 12), ("2026-03-31", 12)], commitment=done)
    moving = make_commitment("3.2")
    measure_with([("2025-03-31", 12), ("2026-03-31", 13)], commitment=moving)
    page = client.get(flat.ambition.strategy.get_absolute_url())
    assert [row.commitment for row in page.context["not_moving"]] == [flat]
    assert "People online: flat, no nearer the target." in page.content.decode()
    assert flat.get_absolute_url().encode() in page.content
    assert moving.get_absolute_url().encode() not in page.content.split(b'id="not-moving"')[1]


def test_commitment_page_names_the_forum_that_owns_it_not_nobody(client, world):
    commitment = make_commitment("1.3")
    forum = collaboration.forum_create(actor=world.analyst, name="Digital Leaders' Forum", purpose="Plan.")
    collaboration.forum_member_add(
        actor=world.analyst, forum=forum, person=world.editor_a, organisation=world.body_a, role="chair"
    )
    collaboration.action_create(
        actor=world.editor_a,
        forum=forum,
        data={
            "title": "Lead delivery of commitment 1.3",
            "commitment": commitment,
            "owns_commitment": True,
            "owner": world.editor_a,
        },
    )
    text = client.get(commitment.get_absolute_url()).content.decode()
    owner = text.split("Owner</dt>")[1].split("</dd>")[0]
    assert f'<a href="{forum.get_absolute_url()}">Digital Leaders&#x27; Forum</a>' in owner
    assert "Lead delivery of commitment 1.3" in owner
    assert "Nobody" not in owner
    assert "Editor, who holds the forum" in text.split("Accountable</dt>")[1].split("</dd>")[0]
    assert ">Unowned<" not in text


def test_commitment_page_names_the_owning_body_and_accountable_person(client, world):
    commitment = make_commitment("3.3", owner=world.body_a, person="Director of Digital")
    text = client.get(commitment.get_absolute_url()).content.decode()
    assert world.body_a.get_absolute_url() in text.split("Owner</dt>")[1].split("</dd>")[0]
    assert "Director of Digital" in text.split("Accountable</dt>")[1].split("</dd>")[0]


def test_commitment_with_no_owner_and_no_forum_says_nobody(client):
    text = client.get(make_commitment("3.4").get_absolute_url()).content.decode()
    assert "Nobody" in text.split("Owner</dt>")[1].split("</dd>")[0]
    assert ">Unowned<" in text


def test_demo_gives_most_commitments_measures_moving_every_way_once():
    out = io.StringIO()
    organisations_demo.load(scale="demo", stdout=out)
    demo.load(scale="demo", stdout=out)
    counts = (OutcomeMeasure.objects.count(), OutcomeActual.objects.count())
    demo.load(scale="demo", stdout=out)
    assert (OutcomeMeasure.objects.count(), OutcomeActual.objects.count()) == counts

    with_measures = Commitment.objects.filter(measures__isnull=False).distinct().count()
    assert Commitment.objects.count() == 24 and with_measures >= 16
    assert Commitment.objects.filter(measures__isnull=True).exists()
    trends = Counter(selectors.measure_trends(as_of=TODAY).values())
    assert trends["toward"] and trends["flat"] and trends["away"] and not trends["no data"]
    assert not OutcomeMeasure.objects.filter(source="").exists()
    assert not OutcomeActual.objects.filter(date__gt=TODAY).exists()
