"""The real GOV.UK services dataset imports into the services register, and its counts and totals
match figures computed here independently with the csv module."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from panorama.organisations.models import Organisation
from panorama.picture import govuk
from panorama.picture.models import Service, ServicePerformance
from panorama.picture.return_kinds import SERVICES
from panorama.returns.kinds import Context

from .shared_data import real_file


def independent_figures() -> dict:
    with real_file("govuk-services.csv").open(newline="", encoding="utf-8-sig") as handle:
        table = list(csv.reader(handle))
    header, body = table[0], table[1:]

    def total(column: str) -> Decimal:
        index = header.index(column)
        values = [c[index].replace(",", "").strip() for c in body]
        return sum((Decimal(v) for v in values if v and v != "-"), Decimal(0))

    quarter_columns = [i for i, h in enumerate(header) if h[:4].isdigit() and "-Q" in h[:7]]
    reporting = sum(
        1
        for cells in body
        for quarter in sorted({header[i][:7] for i in quarter_columns})
        if any(cells[i].strip() not in ("", "-") for i in quarter_columns if header[i].startswith(quarter))
    )
    return {
        "services": len(body),
        "service_quarters": reporting,
        "volume_2017_q4": total("2017-Q4 Vol."),
        "digital_2017_q4": total("2017-Q4 Digital vol."),
        "volume_2013_q2": total("2013-Q2 Vol."),
        "cpt_2016_q4": total("2016-Q4 CPT (£)"),
        "reporting_2017_q4": sum(
            1
            for cells in body
            if any(
                cells[header.index(f"2017-Q4 {m}")].strip() not in ("", "-")
                for m in ("Vol.", "Digital vol.", "CPT (£)", "Digital CPT (£)")
            )
        ),
    }


def national_context(actor) -> Context:
    context = Context(organisation=None, period=None, actor=actor)
    context.options = dict(govuk.OPTIONS)
    return context


@pytest.mark.django_db
def test_govuk_services_import_matches_the_published_counts_and_totals(world):
    expected = independent_figures()
    rows = list(govuk.rows(real_file("govuk-services.csv")))
    context = national_context(world.analyst)
    plan = SERVICES.plan(context, rows)
    assert not plan.problems, plan.problems[:5]
    SERVICES.apply(context, plan)

    assert Service.objects.count() == expected["services"] == 734
    assert ServicePerformance.objects.count() == expected["service_quarters"]
    # Calendar 2017 Q4 is financial 2017-18 Q3; calendar 2013 Q2 is 2013-14 Q1.
    latest = ServicePerformance.objects.filter(period__label="2017-18 Q3")
    assert sum(p.transactions or 0 for p in latest) == expected["volume_2017_q4"]
    assert sum(p.digital_transactions or 0 for p in latest) == expected["digital_2017_q4"]
    early = ServicePerformance.objects.filter(period__label="2013-14 Q1")
    assert sum(p.transactions or 0 for p in early) == expected["volume_2013_q2"]
    cpt = ServicePerformance.objects.filter(period__label="2016-17 Q3")
    assert sum((p.cost_per_transaction or 0) for p in cpt) == expected["cpt_2016_q4"]
    # Agencies own their services, under their department; an agency with no abbreviation goes by
    # its name; a row naming no agency is the department's own service.
    petitions = Service.objects.get(slug="co-creating-an-e-petition").organisation
    assert (petitions.short_name, petitions.parent.short_name) == ("GDS", "CO")
    assert Service.objects.get(slug="co-honours-nominations").organisation.short_name == "CO"
    companies_house = Organisation.objects.get(name="Companies House")
    assert companies_house.parent.short_name == "BEIS" and companies_house.illustrative


@pytest.mark.django_db
def test_importing_the_govuk_services_twice_changes_nothing(world):
    rows = list(govuk.rows(real_file("govuk-services.csv")))[:400]
    context = national_context(world.analyst)
    SERVICES.apply(context, SERVICES.plan(context, rows))
    counts = (Service.objects.count(), ServicePerformance.objects.count())
    again = SERVICES.plan(context, rows)
    assert not again.problems
    assert again.counts == {"create": 0, "change": 0, "unchanged": len(rows)}
    SERVICES.apply(context, again)
    assert (Service.objects.count(), ServicePerformance.objects.count()) == counts


def test_calendar_quarters_map_onto_financial_quarters():
    assert govuk.financial_quarter(2017, 4) == "2017-18 Q3"
    assert govuk.financial_quarter(2018, 1) == "2017-18 Q4"
    assert govuk.financial_quarter(2012, 2) == "2012-13 Q1"


@pytest.mark.django_db
def test_unknown_bodies_are_refused_unless_the_import_may_add_them(world):
    rows = [
        {"_row": 2, "service": "x", "name": "X", "organisation": "NEW", "organisation_name": "A new body"}
    ]
    plan = SERVICES.plan(Context(organisation=None, period=None, actor=world.analyst), rows)
    assert "create_missing_organisations" in plan.problems[0].message
    assert not Organisation.objects.filter(short_name="NEW").exists()


MAPPING = Path(__file__).resolve().parents[1] / "panorama" / "picture" / "mappings" / "govuk-services.toml"


@pytest.mark.django_db
def test_govuk_latest_quarter_imports_through_the_shipped_mapping(world):
    from panorama.returns import imports
    from panorama.returns.mappings import mapping_load

    expected = independent_figures()
    result = imports.return_import(
        kind="services",
        path=real_file("govuk-services.csv"),
        mapping=mapping_load(MAPPING),
        period="2017-18 Q3",
        actor=world.analyst,
    )
    assert result.committed, [p.message for p in result.problems[:5]]
    assert Service.objects.count() == expected["services"]
    latest = ServicePerformance.objects.filter(period__label="2017-18 Q3")
    assert sum(p.transactions or 0 for p in latest) == expected["volume_2017_q4"]
    assert sum(p.digital_transactions or 0 for p in latest) == expected["digital_2017_q4"]
    assert latest.count() == expected["reporting_2017_q4"]
