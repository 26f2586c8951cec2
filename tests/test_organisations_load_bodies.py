"""`panorama load_bodies`: the shipped list with its size and sponsor columns, loaded idempotently;
a bad band named by row, and nothing written."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from panorama.organisations.models import Organisation
from panorama.organisations.services import REFERENCE_CSV

pytestmark = pytest.mark.django_db


def test_the_shipped_list_loads_every_body_with_its_sponsor_and_size_and_a_second_run_changes_nothing():
    with REFERENCE_CSV.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    call_command("load_bodies", stdout=io.StringIO())
    assert Organisation.objects.count() == len(rows)
    ggc = Organisation.objects.get(short_name="NHSGGC")
    assert (ggc.sponsor, ggc.staff_band, ggc.size_approximate) == (
        "Scottish Government: Health and Social Care",
        "20,000 or more",
        False,
    )
    out = io.StringIO()
    call_command("load_bodies", stdout=out)
    assert f"0 created, 0 updated, {len(rows)} unchanged" in out.getvalue()


def test_a_staff_band_that_is_not_a_band_is_named_by_row_and_nothing_is_loaded(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text(
        "name,short_name,sector,kind,sponsor,staff_band,budget_band,size_approximate\n"
        "Good Body,GB,central government,executive agency,SG,50 to 249,under £10m,yes\n"
        "Odd Body,OB,central government,executive agency,SG,about 300,under £10m,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"Row 3: staff_band 'about 300' is not one of"):
        call_command("load_bodies", file=path, stdout=io.StringIO())
    assert not Organisation.objects.exists()


def test_an_older_list_without_the_size_columns_still_loads(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text("name,short_name,sector,kind\nOld Body,OLD,justice,tribunal\n", encoding="utf-8")
    call_command("load_bodies", file=path, stdout=io.StringIO())
    body = Organisation.objects.get(short_name="OLD")
    assert (body.sponsor, body.staff_band, body.budget_band) == ("", "", "")
