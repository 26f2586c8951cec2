"""Files as they come (issue 20): each class of trouble a published register brought, on a small file
of that class made here — semicolons with quoted comments over several lines, Latin-1, two columns with
one heading, one column feeding two fields, bodies to create, values to blank, warnings, and an imported
portfolio kept apart from the national picture."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse

from panorama.core import catalogue
from panorama.organisations.models import Collection, Organisation
from panorama.programmes.models import Programme
from panorama.returns.mappings import MappingError, mapping_parse
from panorama.returns.models import SavedMapping
from panorama.returns.registry import kind_get
from panorama.returns.services import return_import

PROGRAMMES = kind_get("programmes")

# Two organisations' ratings under one heading, an exemption sentence where a cost would be, a
# comment over three lines holding a semicolon, an end before its start: Windows-1252, semicolons.
REGISTER = (
    "Ref;Ministry;Project;Rating;Rating;Cost (£m);Start;End;Notes\r\n"
    'R-1;Ministry of Roads;Bridge portal;Amber;Red;12.5;01/04/2024;31/03/2026;"First line;\r\nsecond line\r\nthird"\r\n'
    "R-2;Ministry of Roads;Toll system;Green;Amber;Exempt under section 43;01/04/2024;31/03/2023;Plain\r\n"
    'R-3;Ministry of Ports;Harbour café;Red;Red;Exempt under section 43;01/04/2025;31/03/2027;"Two\r\nlines"\r\n'
).encode("cp1252")

MAPPING = """
kind = "programmes"
[fields]
reference = "Ref"
organisation = "Ministry"
title = "Project"
summary = "Notes"
start_forecast = "Start"
end_forecast = "End"
wlc_forecast = { column = "Cost (£m)", non_numeric = "blank" }
confidence = { column = "Rating#2", values = { "Green" = "green", "Amber" = "amber", "Red" = "red" } }
[fields.organisation_short_name]
column = "Ministry"
values = { "Ministry of Roads" = "MoR", "Ministry of Ports" = "MoP" }
[options]
create_missing_organisations = true
collection = "Another government's register"
"""


def _import(data: bytes = REGISTER, mapping: str = MAPPING, **kwargs):
    return return_import(
        kind="programmes",
        data=data,
        filename="register.csv",
        mapping=mapping_parse(mapping, kind=PROGRAMMES),
        **kwargs,
    )


@pytest.mark.django_db
def test_semicolons_and_quoted_comments_over_several_lines_are_read_by_whole_records(world):
    result = _import(dry_run=True)
    assert result.ok, result.problem_messages
    assert (
        result.notes[0] == "Read as CSV, Windows-1252, separated by semicolons, header on row 1, 3 records."
    )
    assert result.row_count == 3


@pytest.mark.django_db
def test_the_reading_can_be_told_and_says_so(world):
    result = _import(dry_run=True, reading={"delimiter": "semicolon", "encoding": "latin-1", "header_row": 1})
    assert result.ok, result.problem_messages
    assert result.reading == (
        "Read as CSV, Latin-1, separated by semicolons, header on row 1, 3 records (as told: encoding, separator, header row)."
    )
    wrong = _import(dry_run=True, reading={"delimiter": ","})
    assert wrong.reading.startswith("Read as CSV, Windows-1252, separated by commas")
    assert not wrong.ok


def test_reading_settings_in_a_mapping_are_checked():
    with pytest.raises(MappingError) as raised:
        mapping_parse(
            MAPPING.replace('kind = "programmes"', 'kind = "programmes"\ndelimiter = "colon"\nheader_row = 0')
        )
    assert raised.value.problems == [
        "'colon' is not a separator Panorama reads: use comma, semicolon, tab or bar.",
        "header_row = 0: give the spreadsheet row number of the headings, e.g. 1.",
    ]


@pytest.mark.django_db
def test_a_repeated_heading_is_never_merged_and_the_message_says_how_to_pick_one(world):
    result = _import(mapping=MAPPING.replace('"Rating#2"', '"Rating"'), dry_run=True)
    assert result.problem_messages == [
        "The heading 'Rating' appears 2 times (columns D, E), so field 'confidence' cannot tell which to read. "
        "Name one: 'Rating#1' for column D or 'Rating#2' for column E."
    ]
    by_letter = _import(mapping=MAPPING.replace('"Rating#2"', '"D"'), dry_run=True)
    assert by_letter.ok, by_letter.problem_messages


@pytest.mark.django_db
def test_one_column_feeds_two_fields_and_the_short_names_come_from_the_mapping(world):
    result = _import()
    assert result.committed, result.problem_messages
    assert sorted(
        Organisation.objects.filter(collection__isnull=False).values_list("name", "short_name")
    ) == [
        ("Ministry of Ports", "MoP"),
        ("Ministry of Roads", "MoR"),
    ]
    assert dict(
        Programme.objects.filter(external_ref__startswith="R-").values_list("external_ref", "confidence")
    ) == {
        "R-1": "red",
        "R-2": "amber",
        "R-3": "red",
    }


@pytest.mark.django_db
def test_the_dry_run_lists_the_bodies_it_would_create_and_never_invents_a_short_name(world):
    result = _import(dry_run=True)
    assert result.creates == [
        "Collection 'Another government's register'",
        "Body 'Ministry of Roads' (short name MoR), in the collection 'Another government's register'",
        "Body 'Ministry of Ports' (short name MoP), in the collection 'Another government's register'",
    ]
    assert not Organisation.objects.filter(name__startswith="Ministry").exists()
    long_names = REGISTER.replace(b"Ministry of Roads", b"Ministry of Roads, Bridges and Tunnels")
    without = (
        MAPPING.split("[fields.organisation_short_name]")[0]
        + "[options]\ncreate_missing_organisations = true\n"
    )
    refused = _import(data=long_names, mapping=without, dry_run=True)
    assert refused.problem_messages[0].startswith(
        "Row 2, Body: 'Ministry of Roads, Bridges and Tunnels' — a new body needs a short name, and this name is "
        "longer than 30 characters. Map organisation_short_name"
    )
    assert "MoRBaT" not in " ".join(refused.problem_messages)


@pytest.mark.django_db
def test_values_blanked_by_a_policy_and_an_end_before_its_start_are_warnings_with_rows(world):
    result = _import(organisation="SSS", period="2025-26", dry_run=True)
    assert result.ok
    assert [w.message for w in result.warnings] == [
        "The body given (SSS) was ignored: the programme register names each row's body in the file.",
        "The period given (2025-26) was ignored: the programme register is not for a period.",
        "Forecast whole-life cost: 'Exempt under section 43' was left blank, as the mapping says (2 rows: 3, 4).",
        "Row 3, Forecast end date: '31/03/2023' — Toll system would end before it starts (01/04/2024). "
        "Imported as given; check the source.",
    ]


@pytest.mark.django_db
def test_fields_the_file_lacks_stay_blank(world):
    assert _import().committed
    bridge = Programme.objects.get(external_ref="R-1")
    assert (bridge.phase, bridge.sro, str(bridge.wlc_forecast)) == ("", "", "12500000.00")
    assert bridge.summary == "First line;\r\nsecond line\r\nthird"


@pytest.mark.django_db
def test_a_problem_with_a_multi_line_value_stays_on_one_line_and_the_amount_message_agrees_with_its_unit(
    world,
):
    strict = MAPPING.replace(', non_numeric = "blank"', "").replace(
        'summary = "Notes"', 'summary = "Notes"\nphase = "Notes"'
    )
    result = _import(mapping=strict, dry_run=True)
    assert (
        "Row 3, Forecast whole-life cost: 'Exempt under section 43' — is not an amount; amounts are in £ millions: "
        "write digits only, e.g. 1.25" in result.problem_messages
    )
    assert all("\n" not in m for m in result.problem_messages)
    assert "Row 2, Phase: 'First line; second line third'" in " ".join(result.problem_messages)


@pytest.mark.django_db
def test_an_imported_collection_is_kept_out_of_the_national_figures_until_an_analyst_counts_it(client, world):
    Programme.objects.create(organisation=world.body_a, title="Served", external_ref="S-1")
    before = catalogue.read(scope=catalogue.scope_for(""), reader=AnonymousUser())["programmes.active"].value
    assert _import().committed
    assert (
        catalogue.read(scope=catalogue.scope_for(""), reader=AnonymousUser())["programmes.active"].value
        == before
        == 1
    )
    collection = Collection.objects.get()

    register = client.get(reverse("programmes:list")).content.decode()
    assert "Bridge portal" not in register and "Served" in register
    filtered = client.get(reverse("programmes:list"), {"collection": collection.slug}).content.decode()
    assert "Bridge portal" in filtered and "Served" not in filtered
    api = json.loads(client.get("/api/v1/programmes", {"collection": collection.slug}).content)
    assert sorted(p["reference"] for p in api["results"]) == ["R-1", "R-2", "R-3"]
    assert {p["collection"] for p in api["results"]} == {collection.slug}
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get(
                        reverse("programmes:list"), {"collection": "all", "format": "csv"}
                    ).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    assert sorted(r["source_reference"] for r in rows) == ["R-1", "R-2", "R-3", "S-1"]

    page = client.get(collection.get_absolute_url()).content.decode()
    assert "kept apart from the national picture" in page and "Count it in the national picture" not in page
    client.force_login(world.analyst)
    client.post(
        reverse("programmes:collection-counted", args=[collection.slug]), {"version": 1, "counted": "yes"}
    )
    assert (
        catalogue.read(scope=catalogue.scope_for(""), reader=AnonymousUser())["programmes.active"].value == 4
    )

    again = _import()
    assert again.counts == {"create": 0, "change": 0, "unchanged": 3} and again.creates == []


@pytest.mark.django_db
def test_the_command_line_takes_the_reading_and_prints_it_first_then_warnings_and_bodies(
    world, tmp_path, capsys
):
    data = tmp_path / "register.csv"
    data.write_bytes(REGISTER)
    mapping = tmp_path / "register.toml"
    mapping.write_text(MAPPING)
    call_command(
        "import", "programmes", str(data), "--mapping", str(mapping), "--dry-run", "--delimiter", ";",
        "--encoding", "windows-1252", "--period", "2025-26",
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == (
        "Read as CSV, Windows-1252, separated by semicolons, header on row 1, 3 records (as told: encoding, separator)."
    )
    assert "Warning: The period given (2025-26) was ignored" in err
    assert "Would create: Body 'Ministry of Roads' (short name MoR)" in out
    assert out.strip().endswith(
        "Dry run — nothing written. 3 rows: 3 to create, 0 to change, 0 unchanged; and 3 more to create."
    )


@pytest.mark.django_db
def test_the_web_preview_states_the_reading_the_warnings_and_the_bodies_to_create(client, world):
    client.force_login(world.analyst)
    saved = SavedMapping.objects.create(
        name="Another register",
        kind="programmes",
        definition=mapping_parse(MAPPING, kind=PROGRAMMES).as_dict(),
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(
        reverse("returns:import", kwargs={"kind": "programmes"}),
        {"file": SimpleUploadedFile("register.csv", REGISTER), "mapping": saved.pk},
        follow=True,
    )
    html = page.content.decode()
    assert "Read as CSV, Windows-1252, separated by semicolons, header on row 1, 3 records." in html
    assert "was left blank, as the mapping says (2 rows: 3, 4)" in html
    assert "Body &#x27;Ministry of Roads&#x27; (short name MoR)" in html
    assert not Organisation.objects.filter(short_name="MoR").exists()
    client.post(reverse("returns:upload-confirm", kwargs={"public_id": page.context["pending"].public_id}))
    assert Organisation.objects.get(short_name="MoR").collection.name == "Another government's register"
