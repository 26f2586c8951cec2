"""The web upload form takes the reading settings the CLI and the API take (separator, encoding,
header row, sheet): obeyed, stated in the preview's reading sentence, and refused with a clear message
when they cannot be right."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from panorama.core.periods import period_from_label
from panorama.programmes.models import Programme
from panorama.returns.models import PendingUpload, ReturnWindow

HEADER = "programme_ref;confidence;milestones_met;wlc_forecast;end_forecast"


@pytest.fixture
def send_url(world):
    window = ReturnWindow.objects.create(
        kind="progress", period=period_from_label("2025-26 Q3"), due_on=datetime.date(2026, 1, 31)
    )
    window.expected.set([world.body_a])
    Programme.objects.create(organisation=world.body_a, title="Pàrtaidh Ùr", external_ref="ADP")
    return reverse(
        "returns:send", kwargs={"kind": "progress", "organisation": world.body_a.slug, "period": "2025-26-q3"}
    )


def _workbook(sheet: str) -> bytes:
    book = Workbook()
    book.active.title = sheet
    book.active.append(HEADER.split(";"))
    book.active.append(["ADP", "Amber", 2, 1200000, "2027-03-31"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _send(client, url, name: str, data: bytes, **reading):
    return client.post(url, {"file": SimpleUploadedFile(name, data), **reading}, follow=True)


def test_reading_settings_told_on_the_form_are_obeyed_and_stated_in_the_preview(client, world, send_url):
    client.force_login(world.editor_a)
    text = f"Quarter 3 progress for Pàrtaidh Ùr\n{HEADER}\nADP;Amber;2;1200000;31/03/2027\n"
    page = _send(
        client,
        send_url,
        "q3.csv",
        text.encode("latin-1"),
        separator="semicolon",
        encoding="latin-1",
        header_row="2",
    ).content.decode()
    assert (
        "Read as CSV, Latin-1, separated by semicolons, header on row 2, 1 record "
        "(as told: encoding, separator, header row)." in page
    )
    assert "Check and confirm" in page
    assert PendingUpload.objects.get().problem_count == 0


def test_a_sheet_told_is_read_and_one_the_workbook_lacks_is_refused_naming_its_sheets(
    client, world, send_url
):
    client.force_login(world.editor_a)
    page = _send(client, send_url, "q3.xlsx", _workbook("Q3 return"), sheet="Q4").content.decode()
    assert "The workbook has no sheet called &#x27;Q4&#x27;. Its sheets are: Q3 return." in page
    assert not PendingUpload.objects.exists()
    page = _send(client, send_url, "q3.xlsx", _workbook("Q3 return"), sheet="Q3 return").content.decode()
    assert (
        "Read as an Excel workbook, sheet &#x27;Q3 return&#x27;, header on row 1, 1 record (as told: sheet)."
        in page
    )


@pytest.mark.parametrize(
    ("reading", "message"),
    [
        (
            {"encoding": "ebcdic"},
            "&#x27;ebcdic&#x27; is not an encoding Panorama reads: use utf-8, utf-16, windows-1252 or latin-1.",
        ),
        ({"header_row": "0"}, "Header row: Enter a row number of 1 or more: the first row is 1."),
        ({"header_row": "two"}, "Header row: Enter a row number, such as 1."),
        (
            {"sheet": "Return"},
            "Only an Excel workbook has sheets, and this file is not one: leave Sheet empty.",
        ),
    ],
)
def test_reading_settings_that_cannot_be_right_are_refused_and_nothing_is_read(
    client, world, send_url, reading, message
):
    client.force_login(world.editor_a)
    text = f"{HEADER}\nADP;Amber;2;1200000;31/03/2027\n"
    page = _send(client, send_url, "q3.csv", text.encode(), **reading).content.decode()
    assert message in page
    assert 'class="ds_error-summary' in page
    assert '<details class="ds_details" id="reading" open>' in page  # the problem is in view
    assert not PendingUpload.objects.exists()
