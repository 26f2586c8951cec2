import csv
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import client_for
from tests.map_factories import MILLION, make_commitment, make_platform, make_programme

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [p.title for p in response.context["page"]]


def test_register_filters_by_commitment_platform_major_and_body(client, world):
    commitment = make_commitment()
    platform = make_platform()
    serving = make_programme(world.body_a, "Identity for benefits", wlc_baseline=6 * MILLION)
    serving.commitments.add(commitment)
    serving.platforms.add(platform)
    small = make_programme(world.body_b, "Small thing", wlc_baseline=MILLION)
    risky = make_programme(world.body_b, "Small but risky", wlc_baseline=MILLION, high_risk=True)
    url = reverse("programmes:list")

    assert titles(client.get(url, {"commitment": commitment.public_id})) == [serving.title]
    assert titles(client.get(url, {"platform": "scotaccount"})) == [serving.title]
    assert titles(client.get(url, {"major": "yes"})) == [serving.title, risky.title]
    assert titles(client.get(url, {"major": "no"})) == [small.title]
    assert titles(client.get(url, {"organisation": world.body_b.slug, "sort": "title"})) == [
        risky.title,
        small.title,
    ]


def test_register_filters_amber_red_and_red_together(client, world):
    make_programme(world.body_a, "Payments", confidence="green")
    make_programme(world.body_a, "Records", confidence="red")
    make_programme(world.body_b, "Portal", confidence="amber-red")
    url = reverse("programmes:list")
    response = client.get(url, {"confidence": ["amber-red", "red"], "sort": "title"})
    assert titles(response) == ["Portal", "Records"]
    assert titles(client.get(url, {"confidence": "red"})) == ["Records"]
    page = response.content.decode()
    assert re.search(r'value="amber-red"[^>]*checked', page) and re.search(r'value="red"[^>]*checked', page)
    assert not re.search(r'value="green"[^>]*checked', page)


def test_register_searches_and_sorts_worst_confidence_first(client, world):
    make_programme(world.body_a, "Payments", confidence="green")
    make_programme(world.body_a, "Records", confidence="red")
    make_programme(world.body_b, "Portal", confidence="amber-red")
    url = reverse("programmes:list")
    assert titles(client.get(url, {"sort": "confidence"})) == ["Records", "Portal", "Payments"]
    assert titles(client.get(url, {"q": "disclosure"})) == ["Portal"]  # the body's name
    assert titles(client.get(url, {"q": "record"})) == ["Records"]


def test_register_search_finds_a_word_in_any_case_in_title_summary_owner_or_body(client, world):
    make_programme(world.body_a, "Benefits PORTAL", summary="Claims online.")
    make_programme(world.body_a, "Payments", summary="Moves claimants onto the portal.", sro="Ann Other")
    make_programme(world.body_a, "Archive", sro="Jo Portaluppi")
    make_programme(world.body_b, "Checks")
    url = reverse("programmes:list")
    assert titles(client.get(url, {"q": "Portal", "sort": "title"})) == [
        "Archive",
        "Benefits PORTAL",
        "Payments",
    ]
    assert titles(client.get(url, {"q": "ANN OTHER"})) == ["Payments"]
    assert titles(client.get(url, {"q": "ds"})) == ["Checks"]  # the body's short name, whole
    assert titles(client.get(url, {"q": "scotland", "sort": "title"})) == [  # in both bodies' names
        "Archive",
        "Benefits PORTAL",
        "Checks",
        "Payments",
    ]
    assert titles(client.get(url, {"q": "nowhere"})) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no trigram indexes to use")
def test_postgresql_searches_the_register_from_its_trigram_indexes(world):
    from panorama.programmes.models import Programme
    from panorama.programmes.selectors import _text_matches

    make_programme(world.body_a, "Benefits portal")
    matches = Programme.objects.filter(_text_matches("portal", fields=("title", "summary", "sro")))
    sql, params = matches.values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        # On a table this small the planner would rather read it whole, or walk an index of it
        # whole, so it is told not to: what is left is to find the matches from indexes.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(row[0] for row in cursor.fetchall())
    for column in ("title", "summary", "sro"):
        assert f"Bitmap Index Scan on programmes_{column}_trgm" in plan


def test_register_sorts_by_cost_variance(client, world):
    make_programme(
        world.body_a,
        "Overspent",
        wlc_baseline=Decimal("75.8") * MILLION,
        wlc_forecast=Decimal("131.2") * MILLION,
    )
    make_programme(world.body_a, "On budget", wlc_baseline=MILLION, wlc_forecast=MILLION)
    make_programme(world.body_a, "Unknown")
    response = client.get(reverse("programmes:list"), {"sort": "variance"})
    assert titles(response) == ["Overspent", "On budget", "Unknown"]
    assert b"+73%" in response.content


def test_register_csv_is_filtered_and_formula_safe(client, world):
    make_programme(world.body_a, '=HYPERLINK("http://evil")', sro="@admin")
    make_programme(world.body_b, "Other body's programme")
    response = client.get(reverse("programmes:list"), {"organisation": world.body_a.slug, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["senior_responsible_owner"] == "'@admin"


def test_register_xlsx_download_has_every_filtered_row(client, world):
    for n in range(3):
        make_programme(world.body_a, f"Programme {n}", wlc_baseline=MILLION)
    response = client.get(reverse("programmes:list"), {"format": "xlsx", "q": "Programme"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][1] == "title"
    assert sorted(r[1] for r in rows[1:]) == ["Programme 0", "Programme 1", "Programme 2"]


def test_register_page_and_api_list_run_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    commitment = make_commitment()
    for n in range(30):
        programme = make_programme(world.body_a if n % 2 else world.body_b, f"P{n}", wlc_baseline=MILLION)
        programme.commitments.add(commitment)
    client_for(client, world.editor_a)
    with django_assert_max_num_queries(12):
        assert (
            client.get(
                reverse("programmes:list"), {"commitment": commitment.public_id, "sort": "cost"}
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/programmes", {"commitment": commitment.public_id}).status_code == 200


def test_invalid_filter_values_are_ignored_on_the_page_and_refused_by_the_api(client, world):
    make_programme(world.body_a, "Anything")
    response = client.get(reverse("programmes:list"), {"phase": "nonsense"})
    assert response.status_code == 200
    api = client.get("/api/v1/programmes", {"phase": "nonsense"})
    assert api.status_code == 400
    assert "phase" in api.json()["detail"]
    assert client.get("/api/v1/programmes", {"organisation": "no-such-body"}).json()["count"] == 0


def test_register_sorts_titles_and_bodies_whatever_their_case(client, world):
    for title in ["COPFS case system", "Case management", "apply online", "CAP"]:
        make_programme(world.body_a, title)
    url = reverse("programmes:list")
    assert titles(client.get(url, {"sort": "title"})) == [
        "apply online",
        "CAP",
        "Case management",
        "COPFS case system",
    ]
