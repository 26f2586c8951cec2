"""Mappings: the worked example in docs/mappings.md works exactly as written."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from panorama.programmes.models import Programme, ProgressUpdate
from panorama.returns.mappings import MappingError, mapping_parse
from panorama.returns.registry import kind_get
from panorama.returns.services import return_import

DOC = Path(__file__).resolve().parents[1] / "docs" / "mappings.md"


def _worked_example() -> str:
    text = DOC.read_text()
    section = text[text.index("## A worked example") :]
    return re.search(r"```toml\n(.*?)```", section, re.S)[1]


TRACKER = (
    "Project,RAG,Why not rated,Spend forecast (£m),Finish,Commentary\n"
    "ADP,Amber/Red,,212.5,31.03.27,Case transfer slower than planned\n"
    "Child Payment,Exempt,Rated by the programme board,45,30.09.26,Stable\n"
)


def test_the_worked_example_in_the_docs_imports_the_tracker(world):
    Programme.objects.create(organisation=world.body_a, title="ADP", external_ref="ADP")
    Programme.objects.create(organisation=world.body_a, title="Child Payment")
    mapping = mapping_parse(_worked_example(), kind=kind_get("progress"))
    result = return_import(
        kind="progress",
        data=TRACKER.encode(),
        filename="tracker.csv",
        mapping=mapping,
        organisation=world.body_a,
        period="2025-26 Q3",
        actor=world.editor_a,
    )
    assert result.ok, result.problem_messages
    assert result.counts["create"] == 2
    adp = ProgressUpdate.objects.get(programme__external_ref="ADP")
    assert (adp.confidence, adp.wlc_forecast, adp.end_forecast.isoformat()) == (
        "amber-red",
        Decimal("212500000.00"),
        "2027-03-31",
    )
    child = ProgressUpdate.objects.get(programme__title="Child Payment")
    assert (child.confidence, child.confidence_reason) == ("not-rated", "Rated by the programme board")


def test_a_translation_with_otherwise_and_a_default():
    mapping = mapping_parse(
        '{"kind": "progress", "fields": {"programme_ref": "Ref", '
        '"confidence": {"column": "RAG", "values": {"On track": "green"}, "otherwise": "amber", "default": "not-rated"}}}'
    )
    spec = mapping.fields["confidence"]
    assert [spec.translate(v) for v in ("ON TRACK ", "Wobbly", "")] == ["green", "amber", "not-rated"]


def test_every_mistake_in_a_mapping_is_reported_together():
    with pytest.raises(MappingError) as raised:
        mapping_parse(
            'kind = "progress"\nunit = "furlongs"\n[fields]\nwlc_forcast = "X"\nconfidence = { colour = "RAG" }\n',
            kind=kind_get("progress"),
        )
    assert raised.value.problems == [
        "Field 'wlc_forcast' is not a column of the programme progress return; the columns are: programme_ref, "
        "confidence, confidence_reason, phase, narrative, milestones_met, milestones_missed, top_risks, "
        "wlc_forecast, end_forecast.",
        "Field 'confidence': 'colour' is not a field setting (column, date_format, default, invalid, non_numeric, otherwise, unit, value, values).",
        "Field 'confidence' needs a 'column' or a fixed 'value'.",
        "The mapping does not say where 'programme_ref' (Programme reference) comes from.",
        "'furlongs' is not a unit: use pounds, k (thousands), m (millions) or bn (billions).",
    ]


def test_a_mapping_for_another_kind_is_refused():
    with pytest.raises(MappingError, match="The mapping is for 'finance' returns, not 'progress'."):
        mapping_parse(
            '{"kind": "finance", "fields": {"programme_ref": "x", "confidence": "y"}}',
            kind=kind_get("progress"),
        )


def _blocks(heading: str) -> list[str]:
    text = DOC.read_text()
    section = text[text.index(heading) :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"```(?:text|toml)\n(.*?)```", section, re.S)


@pytest.mark.django_db
def test_the_worked_example_for_another_governments_register_says_exactly_what_the_docs_show(
    world, tmp_path, capsys
):
    from django.core.management import call_command

    source, mapping, dry_run = _blocks("## Worked example: another government's register")
    (tmp_path / "register.csv").write_bytes(source.encode("cp1252"))
    (tmp_path / "ministry.toml").write_text(mapping)
    arguments = [
        "import",
        "programmes",
        str(tmp_path / "register.csv"),
        "--mapping",
        str(tmp_path / "ministry.toml"),
    ]
    call_command(*arguments, "--dry-run")
    out, err = capsys.readouterr()
    assert (err + out).splitlines() == dry_run.strip().splitlines()
    call_command(*arguments)
    call_command(*arguments)
    assert capsys.readouterr().out.splitlines()[-1].endswith("3 rows: 0 created, 0 changed, 3 unchanged.")
