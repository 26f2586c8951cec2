"""Every drill-down list behind the picture's figures links each of its items to the item's own page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from panorama.core.periods import period_from_label
from panorama.finance.models import ProgrammeFunding
from panorama.picture import figures, lists
from panorama.programmes.models import ProgressUpdate
from panorama.returns.models import ReturnWindow, Submission
from panorama.strategy.models import OutcomeActual, OutcomeMeasure

from .test_picture_figures import strategy_world  # noqa: F401 - a fixture

PERIOD = "2025-26 Q3"


@pytest.fixture
def picture_world(world, strategy_world):  # noqa: F811
    from panorama.programmes.models import Programme

    quarter, before = period_from_label(PERIOD), period_from_label("2025-26 Q2")
    better = Programme.objects.get(title="ScotAccount")
    ProgressUpdate.objects.create(programme=better, period=before, confidence="amber")
    ProgressUpdate.objects.create(programme=better, period=quarter, confidence="green")
    window = ReturnWindow.objects.create(kind="services", period=quarter, due_on=quarter.end)
    window.expected.add(world.body_a, world.body_b)
    Submission.objects.create(organisation=world.body_a, kind="services", period=quarter, status="accepted")
    ProgrammeFunding.objects.create(
        programme=better,
        period=period_from_label("2025-26"),
        required=Decimal("1000"),
        secured=Decimal("400"),
    )
    # Going the wrong way inside the period: 30 then 25 against a target of 80.
    measure = OutcomeMeasure.objects.get(commitment=strategy_world["owned"])
    OutcomeActual.objects.create(measure=measure, date=datetime.date(2025, 10, 15), value=30)
    OutcomeActual.objects.create(measure=measure, date=datetime.date(2025, 12, 15), value=25)
    _other_records(world, better)
    return strategy_world


def _other_records(world, programme) -> None:
    """One record for each list of the other families: a legacy system near its end of support,
    a workforce line with vacancies, a lesson marked useful, a platform in use and built on, a
    body's stance on a technology that moved in the quarter."""
    from panorama.collaboration.models import PlatformAdoption
    from panorama.finance.models import LegacySystem
    from panorama.programmes.models import Platform

    from .lessons_helpers import make_lesson
    from .skills_fixtures import line, load_roles

    LegacySystem.objects.create(
        organisation=world.body_a,
        name="Benefits mainframe",
        business_function="Payments",
        end_of_support=datetime.date.today() - datetime.timedelta(days=30),
        annual_run_cost=Decimal("250000"),
        risk=4,
    )
    role = next(iter(load_roles().values()))
    line(world.body_a, 2025, role, 10, 6, 1, 3)
    lesson = make_lesson("Plan the data migration early")
    type(lesson).objects.filter(pk=lesson.pk).update(useful_count=2)
    platform = Platform.objects.create(slug="scotaccount", name="ScotAccount", kind="identity")
    PlatformAdoption.objects.create(
        platform=platform, organisation=world.body_a, adopted_on=datetime.date(2024, 4, 1), status="live"
    )
    programme.platforms.add(platform)
    from panorama.radar import services as radar

    cloud = radar.technology_create(
        actor=None,
        data={"name": "Public cloud hosting", "description": "x", "category": "platforms and cloud"},
    )
    radar.stance_set(
        actor=None,
        organisation=world.body_a,
        technology=cloud,
        stance="trialling",
        since=datetime.date(2025, 11, 3),
    )


def _own_pages(name: str, item) -> list[str]:
    """The pages an item of list `name` must link to: its own, and its body's."""
    match lists.family(name):
        case "commitments":
            return [item.get_absolute_url()] + ([item.owner.get_absolute_url()] if item.owner else [])
        case "programmes":
            return [item.get_absolute_url(), item.organisation.get_absolute_url()]
        case "bodies" | "platform-adoptions" | "lessons-useful":
            return [item.get_absolute_url()]
        case "legacy-exposed":
            return [item.get_absolute_url(), item.organisation.get_absolute_url()]
        case "skills-by-role":
            return [item["url"]]
        case _:
            return [item.url]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(lists.TITLES))
def test_every_item_of_the_list_links_to_its_own_page(client, world, picture_world, name):
    client.force_login(world.analyst)
    items = list(lists.items(name, figures.scope_for(PERIOD)))
    assert items, f"the test picture leaves {name} empty"
    page = client.get(reverse("picture:list", kwargs={"name": name}), {"period": PERIOD}).content.decode()
    for item in items:
        for url in _own_pages(name, item):
            assert url and f'href="{url.replace("&", "&amp;")}"' in page, (name, url)


@pytest.mark.django_db
def test_money_rows_link_to_the_records_they_add_up(picture_world):
    scope = figures.scope_for(PERIOD)
    (sector,) = lists.items("money-by-sector", scope)
    assert sector.url == f"{reverse('finance:bodies')}?sector=central+government&year=2025-26&basis=actual"
    (ambition,) = lists.items("money-by-ambition", scope)
    assert ambition.url == f"{reverse('strategy:strategy', kwargs={'slug': 'changing-nation'})}#part-3"
