"""Each catalogue figure, recomputed without the catalogue: on a small hand-made picture whose
answers are written down, and on the demo, in plain SQL over the tables (never through the
catalogue, the picture's lists or any app's selectors)."""

# ruff: noqa: S608 - the queries are put together from this file's constant fragments, never input.

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from panorama.core import catalogue
from panorama.core.periods import period_from_label, period_get_or_create
from panorama.finance.models import ProgrammeFunding
from tests import finance_factories as money
from tests import skills_fixtures as skills
from tests.conftest import TODAY, make_body
from tests.map_factories import make_commitment, make_platform, make_programme

# The figures (stale updates, legacy support ending soon, the demo's quarters) are read as of today.
pytestmark = pytest.mark.usefixtures("pinned_clock_for_module")

QUARTER = "2025-26 Q3"
OPEN = "status NOT IN ('complete', 'dropped')"
ACTIVE = "phase NOT IN ('retired', 'stopped')"


def sql(query: str, params: list | None = None):
    with connection.cursor() as cursor:
        cursor.execute(query, params or [])
        return cursor.fetchone()[0]


def money_of(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def period_id(label: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM core_period WHERE label = %s", [label])
        row = cursor.fetchone()
    return row[0] if row else None


def recomputed(scope: catalogue.Scope) -> dict:
    """Every figure below, from the tables."""
    as_of = min(scope.end, TODAY)
    stale_before = as_of - datetime.timedelta(days=183)
    year = period_id(scope.year_label)
    quarters = 'SELECT id FROM core_period WHERE start >= %s AND "end" <= %s'
    expected = (
        "SELECT DISTINCT e.organisation_id, w.kind, w.period_id FROM returns_returnwindow w "
        f"JOIN returns_returnwindow_expected e ON e.returnwindow_id = w.id WHERE w.period_id IN ({quarters})"
    )
    received = (
        f"SELECT x.* FROM ({expected}) x WHERE EXISTS (SELECT 1 FROM returns_submission s "
        "WHERE s.organisation_id = x.organisation_id AND s.kind = x.kind AND s.period_id = x.period_id "
        "AND s.status IN ('submitted', 'accepted'))"
    )
    span = [scope.start, scope.end]
    pairs = sql(f"SELECT COUNT(*) FROM ({expected}) x", span)
    values = {
        "returns.bodies_expected": sql(f"SELECT COUNT(DISTINCT organisation_id) FROM ({expected}) x", span)
        or None,
        "returns.bodies_complete": sql(
            f"SELECT COUNT(DISTINCT organisation_id) FROM ({expected}) x WHERE NOT EXISTS ("
            f"SELECT 1 FROM ({expected}) y WHERE y.organisation_id = x.organisation_id "
            f"AND NOT EXISTS (SELECT 1 FROM ({received}) r WHERE r.organisation_id = y.organisation_id "
            "AND r.kind = y.kind AND r.period_id = y.period_id))",
            span * 3,
        )
        if pairs
        else None,
        "returns.received": (
            Decimal(sql(f"SELECT COUNT(*) FROM ({received}) x", span)) / Decimal(pairs) if pairs else None
        ),
        "commitments.total": sql("SELECT COUNT(*) FROM strategy_commitment"),
        "commitments.unowned": sql(
            f"SELECT COUNT(*) FROM strategy_commitment c WHERE {OPEN} "
            "AND (owner_id IS NULL OR accountable_person = '') AND NOT EXISTS (SELECT 1 FROM "
            "collaboration_action a WHERE a.commitment_id = c.id AND a.owns_commitment)"
        ),
        "commitments.without_programme": sql(
            f"SELECT COUNT(*) FROM strategy_commitment c WHERE {OPEN} AND NOT EXISTS "
            "(SELECT 1 FROM programmes_programme_commitments pc WHERE pc.commitment_id = c.id)"
        ),
        "commitments.stale": sql(
            f"SELECT COUNT(*) FROM strategy_commitment WHERE {OPEN} "
            "AND (last_updated IS NULL OR last_updated < %s)",
            [stale_before],
        ),
        "commitments.off_track": sql(
            f"SELECT COUNT(*) FROM strategy_commitment c WHERE {OPEN} AND EXISTS (SELECT 1 FROM "
            "programmes_programme_commitments pc JOIN programmes_programme p ON p.id = pc.programme_id "
            f"WHERE pc.commitment_id = c.id AND p.{ACTIVE} AND p.confidence IN ('amber-red', 'red'))"
        ),
        "programmes.active": sql(f"SELECT COUNT(*) FROM programmes_programme WHERE {ACTIVE}"),
        "programmes.off_track": sql(
            f"SELECT COUNT(*) FROM programmes_programme WHERE {ACTIVE} AND confidence IN ('amber-red', 'red')"
        ),
        "investment.legacy_exposure": money_of(
            sql(
                "SELECT SUM(annual_run_cost) FROM finance_legacysystem WHERE end_of_support <= %s",
                [_near_horizon()],
            )
        ),
        "lessons.applied": sql(
            "SELECT COUNT(*) FROM lessons_lesson WHERE status = 'published' AND visibility = 'public' "
            "AND useful_count > 0"
        ),
        "platforms.adopting_bodies": sql(
            "SELECT COUNT(DISTINCT organisation_id) FROM collaboration_platformadoption "
            "WHERE status IN ('onboarding', 'live')"
        ),
        "platforms.programmes": sql(
            f"SELECT COUNT(*) FROM programmes_programme p WHERE {ACTIVE} AND EXISTS "
            "(SELECT 1 FROM programmes_programme_platforms pp WHERE pp.programme_id = p.id)"
        ),
    }
    values["services.improving"] = _services_improving(scope)
    # Spend: the best basis the year has (actual, else forecast, else budget), from the totals table.
    bases = {
        row
        for (row,) in _rows(
            "SELECT DISTINCT line_type FROM finance_financetotal WHERE period_id = %s", [year]
        )
    }
    basis = next((b for b in ("actual", "forecast", "budget") if b in bases), None)
    if basis:
        spend = "SELECT SUM(amount) FROM finance_financetotal WHERE period_id = %s AND line_type = %s"
        run = money_of(sql(spend + " AND nature = 'run'", [year, basis]))
        change = money_of(sql(spend + " AND nature = 'change'", [year, basis]))
        values |= {
            "investment.run_spend": run,
            "investment.change_spend": change,
            "investment.run_share": run / (run + change) if run + change else None,
        }
    required = money_of(
        sql("SELECT SUM(required) FROM finance_programmefunding WHERE period_id = %s", [year])
    )
    secured = money_of(sql("SELECT SUM(secured) FROM finance_programmefunding WHERE period_id = %s", [year]))
    values |= {
        "investment.funding_required": required,
        "investment.funding_secured": secured,
        "investment.funding_gap": required - secured,
    }
    # Vacancies: the scope's year, else the latest of the five before it with workforce returns.
    for back in range(6):
        label = f"{scope.year - back}-{(scope.year - back + 1) % 100:02d}"
        found = period_id(label)
        if found and sql("SELECT COUNT(*) FROM skills_workforceline WHERE period_id = %s", [found]):
            vacancies = sql("SELECT SUM(vacancies) FROM skills_workforceline WHERE period_id = %s", [found])
            values["skills.vacancies"] = Decimal(str(vacancies)).quantize(Decimal("0.1"), ROUND_HALF_UP)
            break
    return values


def _services_improving(scope: catalogue.Scope) -> int:
    """Published services with more of their measures better than worse, first quarter with the
    measure against the last, over the four quarters to the period's end (take-up, satisfaction and
    completion higher is better; cost per transaction lower)."""
    rows = _rows(
        "SELECT f.service_id, p.start, f.transactions, f.digital_transactions, f.user_satisfaction, "
        "f.completion_rate, f.cost_per_transaction FROM picture_serviceperformance f "
        "JOIN core_period p ON p.id = f.period_id JOIN picture_service s ON s.id = f.service_id "
        'WHERE s.published AND p."end" <= %s AND p.start > %s ORDER BY f.service_id, p.start',
        [scope.end, scope.end.replace(year=scope.end.year - 1)],
    )
    by_service: dict[int, list] = {}
    for service, _, transactions, digital, satisfaction, completion, cost in rows:
        take_up = (
            (Decimal(digital) * 100 / Decimal(transactions)).quantize(Decimal("0.1"))
            if transactions and digital is not None
            else None
        )
        by_service.setdefault(service, []).append((take_up, satisfaction, completion, cost))
    improving = 0
    for measures in by_service.values():
        if len(measures) < 2:
            continue
        score = 0
        for i, better in enumerate((1, 1, 1, -1)):
            seen = [Decimal(str(m[i])) for m in measures if m[i] is not None]
            if len(seen) >= 2 and seen[-1] != seen[0]:
                score += better if seen[-1] > seen[0] else -better
        improving += score > 0
    return improving


def _rows(query: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _near_horizon() -> datetime.date:
    """24 months on (PANORAMA_LEGACY_NEAR_MONTHS), the day capped at the 28th."""
    from django.conf import settings

    today = TODAY
    month = today.month - 1 + settings.PANORAMA_LEGACY_NEAR_MONTHS
    return datetime.date(today.year + month // 12, month % 12 + 1, min(today.day, 28))


def read(label: str, reader) -> dict:
    scope = catalogue.scope_for(label)
    return catalogue.read(scope=scope, reader=reader)


def same(reading: catalogue.Reading, value) -> bool:
    figure = reading.figure
    return catalogue.rounded(reading.value, figure.unit, figure.decimals) == catalogue.rounded(
        value, figure.unit, figure.decimals
    )


# --- A small picture with known answers. -----------------------------------------------------------


@pytest.fixture
def small_picture(world):
    from panorama.collaboration.models import Action, Forum, PlatformAdoption
    from panorama.lessons.models import Lesson
    from panorama.returns.models import ReturnWindow, Submission

    a, b = world.body_a, world.body_b
    c = make_body("NRS", "National Records of Scotland")
    quarter = period_from_label(QUARTER)
    as_of = min(quarter.end, TODAY)

    # Returns for 2025-26 Q3: A sent both, B one of two, C none. 3 bodies, 1 complete, 3 of 5 in.
    progress = ReturnWindow.objects.create(kind="progress", period=quarter, due_on=quarter.end)
    progress.expected.add(a, b, c)
    services = ReturnWindow.objects.create(kind="services", period=quarter, due_on=quarter.end)
    services.expected.add(a, b)
    for body, kind, status in [
        (a, "progress", "accepted"),
        (a, "services", "submitted"),
        (b, "progress", "submitted"),
        (b, "services", "draft"),
    ]:
        Submission.objects.create(organisation=body, kind=kind, period=quarter, status=status)

    # Programmes: three active (one off track by red, one by amber-red), one retired, one stopped.
    p1 = make_programme(a, "ScotAccount", confidence="green", phase="live")
    p2 = make_programme(b, "Case management", confidence="red", phase="beta")
    p3 = make_programme(b, "Old system", confidence="red", phase="retired")
    make_programme(c, "Records", confidence="amber-red", phase="alpha")
    make_programme(a, "Stopped", confidence="amber", phase="stopped")

    # Commitments: c3 has no accountable person but a forum owns it; c5 is served only by a retired
    # programme (so it has a programme, but not an off-track one); c4 is complete.
    def days(n):
        return as_of - datetime.timedelta(days=n)

    c1 = make_commitment("3.1", owner=a, person="CDO", last_updated=days(10))
    c2 = make_commitment("3.2", owner=None, person="CDO", last_updated=days(200))
    c3 = make_commitment("3.3", owner=a, person="", last_updated=None)
    make_commitment("3.4", owner=None, person="", status="complete", last_updated=None)
    c5 = make_commitment("3.5", owner=b, person="Director", last_updated=days(1))
    p1.commitments.add(c1)
    p2.commitments.add(c2)
    p3.commitments.add(c5)
    forum = Forum.objects.create(slug="dlb", name="Digital Leaders Board", purpose="Lead.")
    Action.objects.create(forum=forum, title="Own 3.3", commitment=c3, owns_commitment=True)

    # Platforms: one active programme builds on one (the retired one does not count); A is live on
    # it, B has retired it and C only plans it: one body in use.
    platform = make_platform()
    p1.platforms.add(platform)
    p3.platforms.add(platform)
    PlatformAdoption.objects.create(platform=platform, organisation=a, status="live", adopted_on=as_of)
    PlatformAdoption.objects.create(platform=platform, organisation=b, status="retired", adopted_on=as_of)
    PlatformAdoption.objects.create(platform=platform, organisation=c, status="planned", adopted_on=as_of)

    # Money for 2025-26: actuals (the forecast is not used once actuals are in); funding of P1, P2.
    money.line(a, 2025, "300000", nature="run")
    money.line(a, 2025, "100000", nature="change")
    money.line(b, 2025, "200000", nature="run")
    money.line(b, 2025, "999", nature="change", line_type="forecast")
    money.refresh()
    year = period_get_or_create(year=2025)
    ProgrammeFunding.objects.create(programme=p1, period=year, required=1_000_000, secured=600_000)
    ProgrammeFunding.objects.create(programme=p2, period=year, required=500_000, secured=500_000)
    ProgrammeFunding.objects.create(programme=p2, period=money.year(2024), required=7, secured=0)
    today = TODAY
    money.legacy(a, "Benefits mainframe", end_of_support=today - datetime.timedelta(days=365), cost="100000")
    money.legacy(b, "Disclosure ledger", end_of_support=today + datetime.timedelta(days=365), cost="50000")
    money.legacy(c, "Records store", end_of_support=today + datetime.timedelta(days=5 * 365), cost="999")
    money.legacy(c, "Unknown support", end_of_support=None, cost="777")

    # Workforce returns: 2025-26 has 3.5 vacant posts; 2024-25's 9 are not counted.
    roles = list(skills.load_roles().values())
    skills.line(a, 2025, roles[0], 10, 7, 0.5, 2.5)
    skills.line(b, 2025, roles[1], 4, 3, 0, 1)
    skills.line(b, 2024, roles[1], 12, 3, 0, 9)

    # Services over the four quarters to 2025-26 Q3 (2024-25 Q4 to 2025-26 Q3): only "Apply" improved
    # among the published ones. "Renew" got worse; "Draft" improved but is unpublished; "Old" improved
    # from a quarter before the four; "Mixed" cut its cost but lost as much take-up.
    from panorama.picture.models import Service, ServicePerformance

    def service(body, slug, published=True):
        return Service.objects.create(slug=slug, name=slug.title(), organisation=body, published=published)

    def performance(svc, label, **figures):
        ServicePerformance.objects.create(service=svc, period=period_from_label(label), **figures)

    apply, renew = service(a, "apply"), service(b, "renew")
    draft, old, mixed = service(a, "draft", published=False), service(b, "old"), service(c, "mixed")
    for svc, first, last in [(apply, 70, 82), (renew, 80, 71), (draft, 60, 90)]:
        performance(svc, "2024-25 Q4", user_satisfaction=first)
        performance(svc, "2025-26 Q2", user_satisfaction=(first + last) // 2)
        performance(svc, QUARTER, user_satisfaction=last)
    performance(old, "2024-25 Q3", user_satisfaction=50)
    performance(old, QUARTER, user_satisfaction=90)
    performance(mixed, "2025-26 Q1", transactions=100, digital_transactions=80, cost_per_transaction=5)
    performance(mixed, QUARTER, transactions=100, digital_transactions=60, cost_per_transaction=4)

    # Lessons: only the published public one marked useful counts.
    for title, extra in [
        ("Useful", {"useful_count": 3}),
        ("Not yet useful", {"useful_count": 0}),
        ("Pending", {"useful_count": 2, "status": "pending"}),
        ("Public sector only", {"useful_count": 5, "visibility": "public-sector"}),
    ]:
        Lesson.objects.create(
            title=title,
            what_happened="What happened.",
            why="Why.",
            recommendation="Do it differently.",
            source="assurance-review",
            organisation=a,
            date=datetime.date(2025, 6, 30),
            **{"status": "published", "visibility": "public", **extra},
        )
    return world


EXPECTED = {
    "returns.bodies_expected": 3,
    "returns.bodies_complete": 1,
    "returns.received": Decimal("0.6"),
    "commitments.total": 5,
    "commitments.unowned": 1,  # 3.2 (3.3 is owned by a forum; 3.4 is complete)
    "commitments.without_programme": 1,  # 3.3
    "commitments.stale": 2,  # 3.2 (200 days), 3.3 (never)
    "commitments.off_track": 1,  # 3.2, through Case management (red)
    "programmes.active": 3,
    "programmes.off_track": 2,
    "investment.run_spend": Decimal("500000"),
    "investment.change_spend": Decimal("100000"),
    "investment.run_share": Decimal("0.833"),
    "investment.funding_required": Decimal("1500000"),
    "investment.funding_secured": Decimal("1100000"),
    "investment.funding_gap": Decimal("400000"),
    "investment.legacy_exposure": Decimal("150000"),
    "skills.vacancies": Decimal("3.5"),
    "lessons.applied": 1,
    "platforms.adopting_bodies": 1,
    "platforms.programmes": 1,
    "services.improving": 1,  # Apply
}


@pytest.mark.django_db
def test_analyst_reads_each_figure_as_written_down_and_as_sql_recomputes_it(small_picture):
    readings = read(QUARTER, small_picture.analyst)
    by_sql = recomputed(catalogue.scope_for(QUARTER))
    wrong = {
        key: (readings[key].value, expected, by_sql[key])
        for key, expected in EXPECTED.items()
        if not (same(readings[key], expected) and same(readings[key], by_sql[key]))
    }
    assert not wrong, "figure: (catalogue, written down, SQL)\n" + "\n".join(
        f"{k}: {v}" for k, v in wrong.items()
    )


@pytest.mark.django_db
def test_anonymous_reads_the_same_public_figures_as_the_analyst(small_picture):
    analyst = read(QUARTER, small_picture.analyst)
    anonymous = read(QUARTER, AnonymousUser())
    # The skills analysis is for public-sector staff; the national legacy exposure is published (its
    # list of systems is not: no link to it).
    assert "skills.vacancies" not in anonymous and "skills.unstaffable" not in anonymous
    assert anonymous["investment.legacy_exposure"].records_url == ""
    for key, reading in anonymous.items():
        assert reading.value == analyst[key].value, key
    for key in set(EXPECTED) & set(anonymous):
        assert same(anonymous[key], EXPECTED[key]), key


@pytest.mark.django_db
def test_editor_reads_the_figures_for_the_whole_public_sector(small_picture):
    # The body editor's figures are the national ones (none of these is limited to their bodies).
    editor = read(QUARTER, small_picture.editor_a)
    for key in set(EXPECTED) & set(editor):
        assert same(editor[key], EXPECTED[key]), key
        assert editor[key].reach == "across the public sector", key


# --- The demo, recomputed in SQL. --------------------------------------------------------------------


@pytest.mark.django_db
def test_analyst_reads_the_demo_figures_as_sql_recomputes_them(demo_picture):
    scope = catalogue.scope_for("")
    readings = read(scope.label, demo_picture["people"]["analyst"])
    by_sql = recomputed(scope)
    assert set(EXPECTED) <= set(by_sql) | {"returns.bodies_expected"}
    wrong = {
        key: (readings[key].value, value)
        for key, value in by_sql.items()
        if not (readings[key].value is None and value is None) and not same(readings[key], value)
    }
    assert not wrong, "figure: (catalogue, SQL)\n" + "\n".join(f"{k}: {v}" for k, v in wrong.items())
    # The demo has data for every one of them (no body has sent every return yet: 0, not None).
    assert all(v is not None for v in by_sql.values()), [k for k, v in by_sql.items() if v is None]
