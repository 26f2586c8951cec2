"""The all-or-nothing import behind the web, the CLI and the API (`returns.services.return_import`),
through the programme progress and register kinds."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from panorama.core.models import AuditEvent
from panorama.core.periods import period_from_label
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme, ProgressUpdate
from panorama.returns.mappings import mapping_load
from panorama.returns.models import ReturnWindow, WindowStatus
from panorama.returns.services import return_import

from .shared_data import real_file

CANADA_MAPPING = Path(__file__).resolve().parents[1] / "panorama/returns/data/mappings/gc-it-projects.toml"

PROGRESS_CSV = (
    "programme_ref,confidence,phase,narrative,milestones_met,milestones_missed,wlc_forecast,end_forecast\n"
    "ADP,amber,live,Rolled out nationally,3,1,£212m,31/03/2027\n"
    "CHILD,green,beta,On track,2,0,45000000,30/09/2026\n"
)


@pytest.fixture
def programmes(world):
    adp = Programme.objects.create(
        organisation=world.body_a,
        title="Adult Disability Payment",
        external_ref="ADP",
        wlc_baseline=Decimal("190000000"),
        wlc_forecast=Decimal("200000000"),
    )
    child = Programme.objects.create(organisation=world.body_a, title="Child Payment", external_ref="CHILD")
    other = Programme.objects.create(organisation=world.body_b, title="PASS", external_ref="PASS")
    return adp, child, other


def send_progress(world, text: str = PROGRESS_CSV, **given):
    """A progress return from SSS's editor for 2025-26 Q3, as the web upload sends it; `given`
    changes any of that (another period, body or sender, a dry run)."""
    arguments = {
        "kind": "progress",
        "data": text.encode(),
        "filename": "q3.csv",
        "organisation": world.body_a,
        "period": "2025-26 Q3",
        "actor": world.editor_a,
    }
    return return_import(**{**arguments, **given})


def test_progress_return_creates_updates_and_keeps_programmes_in_step(world, programmes):
    adp, child, _ = programmes
    result = send_progress(world)
    assert result.ok, result.problem_messages
    assert result.committed and result.counts == {"create": 2, "change": 0, "unchanged": 0}
    update = ProgressUpdate.objects.get(programme=adp)
    assert (update.confidence, update.milestones_met, update.wlc_forecast) == (
        "amber",
        3,
        Decimal("212000000.00"),
    )
    assert update.submitted_by == world.editor_a
    adp.refresh_from_db()
    assert adp.confidence == "amber" and adp.phase == "live" and adp.wlc_forecast == Decimal("212000000.00")
    assert adp.wlc_baseline == Decimal("190000000")  # the original baseline is never touched
    assert adp.last_update == period_from_label("2025-26 Q3").end
    assert AuditEvent.objects.filter(action="programmes.progress_update.created").count() == 2
    assert (
        AuditEvent.objects.filter(action="programmes.programme.changed", object_id=str(adp.pk)).count() == 1
    )


def test_the_same_file_twice_changes_nothing(world, programmes):
    assert send_progress(world).ok
    events = AuditEvent.objects.count()
    again = send_progress(world)
    assert again.ok and again.counts == {"create": 0, "change": 0, "unchanged": 2}
    assert AuditEvent.objects.count() == events


def test_an_older_quarter_does_not_overwrite_the_programmes_current_values(world, programmes):
    adp = programmes[0]
    assert send_progress(world).ok
    older = PROGRESS_CSV.replace("ADP,amber", "ADP,red")
    assert send_progress(world, older, filename="q2.csv", period="2025-26 Q2").ok
    adp.refresh_from_db()
    assert adp.confidence == "amber"


def test_one_bad_row_means_nothing_is_written(world, programmes):
    bad = PROGRESS_CSV + "NOPE,green,beta,,1,0,1,31/03/2026\n"
    result = send_progress(world, bad)
    assert not result.ok and not result.committed
    assert result.problem_messages[0].startswith(
        "Row 4, Programme reference: 'NOPE' — SSS has no programme with this reference or title"
    )
    assert not ProgressUpdate.objects.exists()


def test_another_bodys_programme_is_not_found(world, programmes):
    text = "programme_ref,confidence\nPASS,green\n"
    result = send_progress(world, text)
    assert "SSS has no programme with this reference" in result.problem_messages[0]


def test_dry_run_plans_but_writes_nothing(world, programmes):
    result = send_progress(world, dry_run=True)
    assert result.ok and not result.committed and result.counts["create"] == 2
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "organisation, period, actor, message",
    [
        ("body_b", "2025-26 Q3", "editor_a", "You cannot send returns for Disclosure Scotland"),
        ("body_a", "2025-26 Q3", "viewer_a", "You cannot send returns for Social Security Scotland"),
        ("NOWHERE", "2025-26 Q3", "editor_a", "There is no public body called 'NOWHERE'"),
        ("body_a", "2025-27 Q3", "editor_a", "Unknown period: '2025-27 Q3' is not a financial year"),
        (
            "body_a",
            "2025-26",
            "editor_a",
            "The programme progress return is for a quarter, like 2025-26 Q3, not 2025-26.",
        ),
        (None, "2025-26 Q3", "editor_a", "Say which body this programme progress return is for."),
        ("body_a", None, "editor_a", "Say which period this programme progress return covers"),
    ],
)
def test_who_for_and_when_are_checked_before_the_file(
    world, programmes, organisation, period, actor, message
):
    org = getattr(world, organisation) if organisation in ("body_a", "body_b") else organisation
    result = send_progress(world, organisation=org, period=period, actor=getattr(world, actor))
    assert not result.ok
    assert result.problem_messages[0].startswith(message)
    assert not ProgressUpdate.objects.exists()


def test_a_closed_window_refuses_returns(world, programmes):
    ReturnWindow.objects.create(
        kind="progress",
        period=period_from_label("2025-26 Q3"),
        due_on="2026-01-31",
        status=WindowStatus.CLOSED,
    )
    result = send_progress(world, actor=world.analyst)
    assert result.problem_messages == [
        "The 2025-26 Q3 window for the programme progress return is closed, so no more returns can be sent "
        "for it. Ask the portfolio team to reopen it if this is a correction."
    ]


def test_unknown_kind_is_a_problem_not_a_crash(world):
    result = return_import(kind="nonsense", data=b"a,b\n1,2\n", filename="x.csv")
    assert result.problem_messages[0].startswith("There is no return kind called 'nonsense'")


def test_only_analysts_import_the_register(world):
    text = "reference,organisation,title\nX-1,SSS,A programme\n"
    refused = return_import(kind="programmes", data=text.encode(), filename="r.csv", actor=world.editor_a)
    assert refused.problem_messages == ["Only the portfolio team can import the programme register."]
    assert return_import(kind="programmes", data=text.encode(), filename="r.csv", actor=world.analyst).ok
    assert Programme.objects.get(external_ref="X-1").organisation == world.body_a


def test_register_never_overwrites_an_original_baseline(world, programmes):
    text = "reference,organisation,title,wlc_baseline\nADP,SSS,Adult Disability Payment,250000000\n"
    result = return_import(kind="programmes", data=text.encode(), filename="r.csv", actor=world.analyst)
    assert "original baseline is £190.0m and is never overwritten" in result.problem_messages[0]


def test_canadas_it_projects_import_through_the_shipped_mapping(world):
    with real_file("gc-it-projects-combined.csv").open(encoding="utf-8", newline="") as handle:
        source = list(csv.DictReader(handle))
    departments = {row["department"] for row in source}
    latest_total = sum(
        (
            Decimal(row["latestBudget"].replace("$", "").replace(",", ""))
            for row in source
            if row["latestBudget"]
        ),
        Decimal(0),
    )
    completed = sum(1 for row in source if row["estimatedStatus"].startswith("completed"))

    mapping = mapping_load(CANADA_MAPPING)
    result = return_import(
        kind="programmes", path=real_file("gc-it-projects-combined.csv"), mapping=mapping, actor=world.analyst
    )
    assert result.ok, result.problem_messages[:5]
    assert result.counts == {"create": len(source), "change": 0, "unchanged": 0}

    imported = Programme.objects.filter(source__startswith="Government of Canada")
    assert imported.count() == len(source) == 1126
    created = Organisation.objects.filter(kind="Government of Canada department")
    assert created.count() == len(departments) == 55
    assert all(o.illustrative and o.sector == "central government" for o in created)
    assert sum(p.wlc_forecast or 0 for p in imported) == latest_total
    assert imported.filter(phase="live").count() == completed
    aafc = Programme.objects.get(external_ref="aafc-agriclient-crm")
    assert aafc.end_forecast.isoformat() == "2022-07-31" and aafc.organisation.short_name == "aafc"

    again = return_import(
        kind="programmes", path=real_file("gc-it-projects-combined.csv"), mapping=mapping, actor=world.analyst
    )
    assert again.ok and again.counts["unchanged"] == len(source)
