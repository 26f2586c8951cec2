"""`panorama template` and `panorama import`, as an operator runs them."""

import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from panorama.programmes.models import Programme, ProgressUpdate
from tests.test_cli import run


def test_template_csv_and_schema_go_to_standard_output(tmp_path):
    csv_result = run("template", "progress", "--format", "csv", data_dir=tmp_path)
    assert csv_result.returncode == 0, csv_result.stderr
    assert csv_result.stdout.startswith("programme_ref,confidence,confidence_reason,phase,")
    schema_result = run("template", "progress", "--format", "schema", data_dir=tmp_path)
    schema = json.loads(schema_result.stdout)
    assert schema["primaryKey"] == ["programme_ref"]
    confidence = next(f for f in schema["fields"] if f["name"] == "confidence")
    assert confidence["constraints"] == {
        "required": True,
        "enum": ["green", "amber-green", "amber", "amber-red", "red", "not-rated"],
    }
    money = next(f for f in schema["fields"] if f["name"] == "wlc_forecast")
    assert money["type"] == "number" and money["constraints"]["minimum"] == 0


def test_template_xlsx_has_drop_downs_guidance_and_an_example_row(tmp_path):
    output = tmp_path / "progress.xlsx"
    call_command("template", "progress", "--format", "xlsx", "--output", str(output))
    workbook = load_workbook(output)
    assert workbook.sheetnames == ["progress", "Lists", "Guidance"]
    sheet = workbook["progress"]
    assert [c.value for c in sheet[1]][:2] == ["programme_ref", "confidence"]
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules["B2:B1001"].type == "list" and rules["B2:B1001"].formula1 == "Lists!$A$2:$A$7"
    assert rules["F2:F1001"].type == "whole"
    assert workbook["Lists"].sheet_state == "hidden"
    guidance_text = [c.value for row in workbook["Guidance"].iter_rows() for c in row if c.value]
    assert "An example row" in guidance_text and "SSS-ADP" in guidance_text


def test_template_xlsx_without_output_is_refused(tmp_path):
    result = run("template", "progress", "--format", "xlsx", data_dir=tmp_path)
    assert result.returncode == 1
    assert "give --output FILE" in result.stderr


def test_template_for_an_unknown_kind_lists_the_kinds(tmp_path):
    result = run("template", "nonsense", data_dir=tmp_path)
    assert result.returncode == 1
    assert "There is no return kind called 'nonsense'. The kinds are: " in result.stderr
    assert "programmes, progress" in result.stderr


@pytest.fixture
def programme(world):
    return Programme.objects.create(
        organisation=world.body_a, title="Adult Disability Payment", external_ref="ADP"
    )


def test_import_succeeds_with_exit_status_zero(programme, tmp_path, capsys):
    path = tmp_path / "q3.csv"
    path.write_text("programme_ref,confidence,milestones_met\nADP,amber,2\n")
    call_command("import", "progress", str(path), "--organisation", "SSS", "--period", "2025-26 Q3")
    assert "1 row: 1 created, 0 changed, 0 unchanged" in capsys.readouterr().out
    assert ProgressUpdate.objects.get().milestones_met == 2


def test_import_dry_run_writes_nothing(programme, tmp_path, capsys):
    path = tmp_path / "q3.csv"
    path.write_text("programme_ref,confidence\nADP,amber\n")
    call_command(
        "import", "progress", str(path), "--organisation", "SSS", "--period", "2025-26 Q3", "--dry-run"
    )
    assert "Dry run — nothing written. 1 row: 1 to create" in capsys.readouterr().out
    assert not ProgressUpdate.objects.exists()


def test_import_prints_every_problem_and_exits_non_zero(programme, tmp_path, capsys):
    path = tmp_path / "q3.csv"
    path.write_text("programme_ref,confidence,milestones_met\nADP,purple,2\nADP,amber,lots\n")
    with pytest.raises(SystemExit) as exited:
        call_command("import", "progress", str(path), "--organisation", "SSS", "--period", "2025-26 Q3")
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "3 problem(s); nothing was written." in err
    assert "Row 2, Delivery confidence: 'purple' — is not one of the allowed values" in err
    assert "Row 3, Milestones met: 'lots' — is not a whole number" in err
    assert "Row 3, Programme reference: 'ADP' — the same programme reference as row 2" in err
    assert not ProgressUpdate.objects.exists()


def test_import_in_a_subprocess_exits_one_without_a_traceback(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x00\x01\x02garbage\xff" * 50)
    migrate = run("migrate", "-v0", data_dir=tmp_path)
    assert migrate.returncode == 0, migrate.stderr
    result = run(
        "import", "progress", str(bad), "--organisation", "X", "--period", "2025-26 Q3", data_dir=tmp_path
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "There is no public body called 'X'" in result.stderr


def test_import_help_is_real(tmp_path):
    for command in ("import", "template"):
        result = run(command, "--help", data_dir=tmp_path)
        assert result.returncode == 0 and "usage:" in result.stdout and len(result.stdout) > 300


def test_bad_mapping_file_is_explained(tmp_path, programme):
    mapping = tmp_path / "m.toml"
    mapping.write_text('kind = "progress"\n[fields]\nconfidence = "RAG"\nnonsense = "x"\n')
    path = tmp_path / "q3.csv"
    path.write_text("Ref,RAG\nADP,Green\n")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as raised:
        call_command(
            "import",
            "progress",
            str(path),
            "--mapping",
            str(mapping),
            "--organisation",
            "SSS",
            "--period",
            "2025-26 Q3",
        )
    message = str(raised.value)
    assert "Field 'nonsense' is not a column of the programme progress return" in message
    assert "The mapping does not say where 'programme_ref' (Programme reference) comes from." in message
