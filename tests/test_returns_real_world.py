"""Real published files in layouts Panorama was not designed around (tests/data/real_world/, sources in
its README): each imports through its mapping, its counts and totals match figures computed here from
the file with the csv module, and importing it again changes nothing."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from panorama.finance.models import FinanceLine
from panorama.organisations.models import Collection, Organisation
from panorama.programmes.models import Programme
from panorama.returns.mappings import mapping_load
from panorama.returns.registry import kind_get
from panorama.returns.services import return_import

HERE = Path(__file__).resolve().parent / "data" / "real_world"
MILLION = Decimal(1_000_000)


def _records(name: str) -> list[dict]:
    with (HERE / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _import(kind: str, name: str, mapping: str, **kwargs):
    return return_import(
        kind=kind, path=HERE / name, mapping=mapping_load(HERE / mapping, kind=kind_get(kind)), **kwargs
    )


@pytest.mark.django_db
def test_the_us_it_dashboard_extract_imports_into_its_own_collection(world):
    records = _records("us-it-dashboard-2013-extract.csv")
    in_picture = Programme.objects.in_picture().count()
    result = _import("programmes", "us-it-dashboard-2013-extract.csv", "us-it-dashboard.toml", dry_run=True)
    assert result.ok, result.problem_messages
    assert result.reading == "Read as CSV, UTF-8, separated by commas, header on row 1, 40 records."
    assert result.creates == [
        "Collection 'US federal IT Dashboard 2013'",
        "Body 'Department of Agriculture' (short name USDA), in the collection 'US federal IT Dashboard 2013'",
        "Body 'Department of Commerce' (short name DOC), in the collection 'US federal IT Dashboard 2013'",
    ]
    assert not Organisation.objects.filter(short_name="USDA").exists()

    result = _import("programmes", "us-it-dashboard-2013-extract.csv", "us-it-dashboard.toml")
    assert result.committed, result.problem_messages
    imported = Programme.objects.filter(organisation__collection__name="US federal IT Dashboard 2013")
    assert imported.count() == len(records) == 40
    assert set(imported.values_list("organisation__short_name", flat=True)) == {"USDA", "DOC"}
    expected_total = sum((Decimal(r["PlannedCost"]) * MILLION).quantize(Decimal("0.01")) for r in records)
    assert sum(p.wlc_baseline for p in imported) == expected_total
    quoted = imported.get(external_ref="1108")
    assert quoted.title == "NRM Release 5.7 (February, 2012)"
    assert {p.phase for p in imported} == {""}  # the file gives no phase: none is made up
    # Kept apart from the national picture.
    assert Programme.objects.in_picture().count() == in_picture

    again = _import("programmes", "us-it-dashboard-2013-extract.csv", "us-it-dashboard.toml")
    assert again.counts == {"create": 0, "change": 0, "unchanged": 40} and again.creates == []


@pytest.mark.django_db
def test_the_uk_major_projects_extract_counts_every_project_as_major(world):
    records = _records("uk-gmpp-2024-25-extract.csv")
    result = _import("programmes", "uk-gmpp-2024-25-extract.csv", "uk-gmpp.toml")
    assert result.committed, result.problem_messages
    collection = Collection.objects.get(name="UK Government Major Projects Portfolio 2024-25")
    imported = Programme.objects.filter(organisation__collection=collection)
    assert imported.count() == len(records) == 30
    assert imported.values("organisation").distinct().count() == len({r["department"] for r in records}) == 5
    costed = [r for r in records if r["cost_m"]]
    assert sum(p.wlc_forecast or 0 for p in imported) == sum(Decimal(r["cost_m"]) * MILLION for r in costed)
    withheld = imported.filter(wlc_forecast__isnull=True)
    assert withheld.count() == len(records) - len(costed) == 4
    assert all(p.major for p in withheld) and imported.major().count() == 30
    ratings = {r["project_id"]: r["rating"].lower() or "not-rated" for r in records}
    assert dict(imported.values_list("external_ref", "confidence")) == ratings
    assert sorted(imported.get(external_ref="CO_0027_2021-Q4").tags.values_list("name", flat=True)) == ["ICT"]
    # The collection's major programmes are not counted among the picture's.
    assert not Programme.objects.in_picture().filter(organisation__collection=collection).exists()

    again = _import("programmes", "uk-gmpp-2024-25-extract.csv", "uk-gmpp.toml")
    assert again.counts["unchanged"] == 30 and again.counts["create"] == again.counts["change"] == 0


@pytest.mark.django_db
def test_a_councils_spend_file_with_repeated_headings_imports_as_a_finance_return(world):
    records = _records("craven-spend-2017-03-digital.csv")  # DictReader keeps the last of two headings
    with (HERE / "craven-spend-2017-03-digital.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    result = _import(
        "finance",
        "craven-spend-2017-03-digital.csv",
        "craven-spend.toml",
        organisation=world.body_a,
        period="2016-17",
    )
    assert result.committed, result.problem_messages
    lines = FinanceLine.objects.filter(organisation=world.body_a)
    assert lines.count() == len(records) == 10
    total = sum(Decimal(r["Amount"].replace(",", "")) for r in records)
    assert sum(line.amount for line in lines) == total == Decimal("51796.69")
    capital = sum(Decimal(r[9].replace(",", "")) for r in rows if r[7].startswith("C"))
    assert sum(line.amount for line in lines.filter(funding="capital", nature="change")) == capital
    assert lines.filter(category="software").count() == 8

    again = _import(
        "finance",
        "craven-spend-2017-03-digital.csv",
        "craven-spend.toml",
        organisation=world.body_a,
        period="2016-17",
    )
    assert again.counts["unchanged"] == 10 and again.counts["create"] == 0
