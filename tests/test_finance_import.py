"""Finance and legacy-systems returns through the returns machinery, as an operator runs them:
`panorama template` and `panorama import`."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from panorama.finance.models import FinanceLine, FinanceTotal, LegacySystem
from tests.test_cli import run

from .finance_factories import programme

pytestmark = pytest.mark.django_db

HEADER = "line_type,change_or_run,capital_or_resource,programme,category,description,amount\n"


def test_finance_template_and_schema_declare_the_columns(tmp_path):
    result = run("template", "finance", "--format", "csv", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(HEADER.strip())
    schema = json.loads(run("template", "finance", "--format", "schema", data_dir=tmp_path).stdout)
    category = next(f for f in schema["fields"] if f["name"] == "category")
    assert "cloud and hosting" in category["constraints"]["enum"]
    legacy = json.loads(run("template", "legacy-systems", "--format", "schema", data_dir=tmp_path).stdout)
    assert legacy["primaryKey"] == ["name"]


def test_finance_return_imports_from_the_command_line_and_totals_follow(world, tmp_path, capsys):
    programme(world.body_a, "Benefits case management")
    path = tmp_path / "finance.csv"
    path.write_text(
        HEADER
        + "actual,run,resource,,software,Licences,250000.50\n"
        + "actual,change,capital,Benefits case management,contractors,,1200000\n"
    )
    call_command("import", "finance", str(path), "--organisation", "SSS", "--period", "2024-25")
    assert "2 rows: 2 created" in capsys.readouterr().out
    assert FinanceLine.objects.filter(organisation=world.body_a).count() == 2
    assert FinanceTotal.objects.aggregate(s=Sum("amount"))["s"] == Decimal("1450000.50")
    path.write_text(HEADER + "actual,run,resource,,software,Licences,260000\n")
    call_command("import", "finance", str(path), "--organisation", "SSS", "--period", "2024-25")
    assert "1 changed" in capsys.readouterr().out
    assert FinanceTotal.objects.get(nature="run").amount == Decimal("260000.00")


def test_finance_import_prints_every_problem_and_writes_nothing(world, tmp_path, capsys):
    path = tmp_path / "finance.csv"
    path.write_text(
        HEADER
        + "actual,run,resource,,software,,100\n"
        + "actual,keep,resource,,software,,100\n"
        + "actual,run,resource,,software,,100\n"
    )
    with pytest.raises(SystemExit) as exited:
        call_command("import", "finance", str(path), "--organisation", "SSS", "--period", "2024-25")
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "Row 3" in err and "keep" in err
    assert "Row 4" in err and "row 2" in err
    assert not FinanceLine.objects.exists()


def test_finance_import_refuses_another_bodys_programme(world, tmp_path, capsys):
    programme(world.body_b, "Vetting modernisation")
    path = tmp_path / "finance.csv"
    path.write_text(HEADER + "actual,change,capital,Vetting modernisation,staff,,100\n")
    with pytest.raises(SystemExit):
        call_command("import", "finance", str(path), "--organisation", "SSS", "--period", "2024-25")
    assert "is not a programme of this body" in capsys.readouterr().err
    assert not FinanceLine.objects.exists()


def test_legacy_systems_return_imports_from_the_command_line(world, tmp_path, capsys):
    path = tmp_path / "legacy.csv"
    path.write_text(
        "name,business_function,technology,end_of_support,annual_run_cost,risk,users_affected\n"
        "Payments engine,Paying benefits,COBOL,2024-06-30,850000,5,250000\n"
        "Case records,Keeping records,Oracle Forms,2029-03-31,120000.50,2,\n"
    )
    call_command("import", "legacy-systems", str(path), "--organisation", "SSS")
    assert "2 rows: 2 created" in capsys.readouterr().out
    system = LegacySystem.objects.get(name="Payments engine")
    assert system.risk == 5 and system.annual_run_cost == Decimal("850000")
    assert str(system.end_of_support) == "2024-06-30"


def test_every_problem_is_reported_at_once_the_files_and_the_returns_own(world, tmp_path, capsys, client):
    """A bad amount on one row and another body's programme on the next: both, from the command
    line and from the web upload, and nothing written."""
    programme(world.body_b, "Vetting modernisation")
    content = (
        HEADER
        + "actual,run,resource,,software,,not money\n"
        + "actual,change,capital,Vetting modernisation,staff,,100\n"
        + "actual,run,resource,,staff,,100\n"
    )
    path = tmp_path / "finance.csv"
    path.write_text(content)
    with pytest.raises(SystemExit):
        call_command("import", "finance", str(path), "--organisation", "SSS", "--period", "2024-25")
    err = capsys.readouterr().err
    assert "2 problem(s)" in err
    assert (
        err.index("Row 2, Amount") < err.index("Row 3, Programme")
        and "is not a programme of this body" in err
    )

    from panorama.returns.models import PendingUpload

    client.force_login(world.editor_a)
    send = reverse(
        "returns:send", kwargs={"kind": "finance", "organisation": world.body_a.slug, "period": "2024-25"}
    )
    with path.open("rb") as upload:
        page = client.post(send, {"file": upload}, follow=True)
    pending = PendingUpload.objects.get()
    assert [(p["row"], p["column"]) for p in pending.problems] == [(2, "Amount"), (3, "Programme")]
    assert "is not a programme of this body" in page.content.decode()
    assert not FinanceLine.objects.exists()
