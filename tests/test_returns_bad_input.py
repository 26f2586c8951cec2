"""The bad-input corpus: every file in tests/returns_corpus (and the large ones made here) is
uploaded through the web page by an editor. Each gets a clear message, nothing is written, and
the app stays up (the page answers 200 with the problem in its error summary)."""

import html
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from panorama.core.periods import period_from_label
from panorama.programmes.models import Programme, ProgressUpdate
from panorama.returns.models import ReturnWindow, Submission, WindowStatus
from panorama.returns.services import return_import

CORPUS = Path(__file__).parent / "returns_corpus"

EXPECTED = {
    "empty.csv": "The file is empty: it has no header row and no data.",
    "blank-lines-only.csv": "The file is empty: it has no header row and no data.",
    "header-only.csv": "The file has a header row but no data: add at least one row under the header.",
    "header-only-with-blank-rows.csv": "The file has a header row but no data",
    "header-only.xlsx": "The file has a header row but no data",
    "wrong-columns.csv": "No header row found: none of the first 30 rows has this return's columns.",
    "missing-required-column.csv": "The file has no Delivery confidence column: it needs a 'confidence' column",
    "misspelt-column.csv": "Column B, 'confidense', is not a column of this return — did you mean 'confidence'?",
    "duplicate-keys.csv": "Row 3, Programme reference: 'ADP' — the same programme reference as row 2",
    "duplicate-keys-differing-case.csv": "Row 3, Programme reference: 'adp' — the same programme reference as row 2",
    "non-numeric-money.csv": "Row 2, Forecast whole-life cost: 'lots' — is not an amount; amounts are in pounds: write digits only, e.g. 1250000",
    "money-with-words.csv": "Row 2, Forecast whole-life cost: 'about £3m' — is not an amount; amounts are in pounds",
    "money-unknown-suffix.csv": "'zillion' is not a unit Panorama knows; amounts are in pounds",
    "money-suffix-in-declared-unit.csv": "has its own unit ('bn') but the column is declared in £ millions",
    "negative-money.csv": "Row 2, Forecast whole-life cost: '-5000' — negative amounts are not allowed here",
    "negative-money-in-brackets.csv": "Row 2, Forecast whole-life cost: '(5,000)' — negative amounts are not allowed",
    "negative-count.csv": "Row 2, Milestones met: '-1' — must not be negative",
    "fractional-count.csv": "Row 2, Milestones met: '2.5' — must be a whole number",
    "impossible-date.csv": "Row 2, Forecast end date: '31/02/2027' — there is no 31 February 2027",
    "impossible-month.csv": "Row 2, Forecast end date: '01/13/2027' — there is no month 13",
    "us-style-date.csv": "'12/25/2027' — there is no month 25: dates are day/month/year",
    "date-in-words.csv": "Row 2, Forecast end date: 'next spring' — is not a date",
    "month-without-day.csv": "'March 2027' — gives a month but not a day",
    "bad-choice.csv": "Row 2, Delivery confidence: 'purple' — is not one of the allowed values",
    "blank-required-value.csv": "Row 2, Delivery confidence: blank — this column is required",
    "formula-dde.csv": "Row 2, Progress this quarter: '=cmd|' /C calc'!A0' — looks like a spreadsheet formula",
    "formula-plus.csv": "'+cmd|' /C calc'!A0' — looks like a spreadsheet formula",
    "formula-at.csv": "'@SUM(1+1)*cmd|' /C calc'!A0' — looks like a spreadsheet formula",
    "formula-in-money.csv": "Row 2, Forecast whole-life cost: '=1+1' — looks like a spreadsheet formula",
    "formula-hyperlink.csv": '=HYPERLINK("http://evil.example","Click")\' — looks like a spreadsheet formula',
    "formula.xlsx": "Row 2, Forecast whole-life cost: '=1000*1000' — looks like a spreadsheet formula",
    "formula-dde.xlsx": "Row 2, Progress this quarter: '=cmd|' /C calc'!A0' — looks like a spreadsheet formula",
    "cell-over-32000-characters.csv": "is 32,001 characters long; a cell may hold at most 32,000",
    "differing-duplicated-columns.csv": "Row 2, Delivery confidence: 'red' — differs from 'green' in the other",
    "unknown-programme.csv": "Row 2, Programme reference: 'NOPE' — SSS has no programme with this reference",
    "not-rated-without-reason.csv": "Row 2, Reason not rated: blank — say why Adult Disability Payment is not rated.",
    "binary-garbage.csv": "This is not a CSV file: it contains binary data.",
    "png-named-csv.csv": "This is not a CSV file: it contains binary data.",
    "nul-bytes.csv": "This is not a CSV file: it contains binary data.",
    "mixed-encodings.csv": "The file mixes character encodings: line 2 is UTF-8 but line 3 is not",
    "bom-then-windows-1252.csv": "The file mixes character encodings: it says it is UTF-8, but line 2 is not.",
    "macro-enabled.xlsm": "Macro-enabled workbooks (.xlsm) are not accepted, because macros can run code.",
    "macros-inside.xlsx": "The workbook contains macros, which are not accepted because they can run code.",
    "password-protected.xlsx": "The workbook is password-protected, so Panorama cannot read it.",
    "old-excel-97.xls": "This is an old Excel 97–2003 (.xls) or other Office file.",
    "damaged.xlsx": "The workbook is damaged and cannot be opened.",
    "zip-named-xlsx.xlsx": "This zip file is not an Excel workbook.",
    "opendocument.ods": "OpenDocument spreadsheets (.ods) are not accepted.",
    "csv-named-xlsx.xlsx": "'csv-named-xlsx.xlsx' is named as a spreadsheet but is not one Panorama can read",
}


def test_every_file_in_the_corpus_has_an_expected_message():
    files = {p.name for p in CORPUS.iterdir() if p.suffix != ".py" and not p.name.startswith("__")}
    assert files == set(EXPECTED)
    assert len(files) + 3 >= 40  # with the three made by fixtures below


@pytest.fixture
def sending(client, world):
    Programme.objects.create(organisation=world.body_a, title="Adult Disability Payment", external_ref="ADP")
    client.force_login(world.editor_a)
    url = reverse(
        "returns:send", kwargs={"kind": "progress", "organisation": world.body_a.slug, "period": "2025-26-q3"}
    )

    def upload(name: str, data: bytes) -> str:
        response = client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)
        assert response.status_code == 200
        assert not Submission.objects.exists() and not ProgressUpdate.objects.exists()
        return html.unescape(response.content.decode())

    return upload


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gets_a_clear_message_and_writes_nothing(sending, name):
    page = sending(name, (CORPUS / name).read_bytes())
    assert "There is a problem with" in page or "There are problems with" in page
    assert EXPECTED[name] in page


def test_file_over_the_size_limit_is_refused_unread(sending, settings):
    settings.PANORAMA_RETURNS_MAX_BYTES = 50_000
    data = ("programme_ref,confidence\n" + "ADP,green\n" * 6000).encode()
    page = sending("big.csv", data)
    assert "The file is 0.06 MB; the largest file Panorama accepts is 0.05 MB" in page


def test_file_over_the_row_limit_is_refused(sending, settings):
    settings.PANORAMA_RETURNS_MAX_ROWS = 5
    data = ("programme_ref,confidence\n" + "".join(f"P{i},green\n" for i in range(6))).encode()
    page = sending("rows.csv", data)
    assert "The file has more than 5 rows, the most one return may have." in page


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """An .xlsx whose one sheet unpacks to 300 MB of zeros (about 300 KB compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b"\0" * 1_000_000
            for _ in range(300):
                sheet.write(chunk)
    return buffer.getvalue()


def test_xlsx_zip_bomb_is_refused_before_it_is_unpacked(sending, zip_bomb):
    assert len(zip_bomb) < 2_000_000
    page = sending("bomb.xlsx", zip_bomb)
    assert "The workbook would unpack to 300 MB, more than the 250 MB Panorama accepts." in page


def test_a_highly_compressed_member_under_the_total_limit_is_refused_too(sending, settings, zip_bomb):
    settings.PANORAMA_RETURNS_MAX_UNPACKED_BYTES = 10_000_000_000
    page = sending("bomb.xlsx", zip_bomb)
    assert "compressed suspiciously hard (a 'zip bomb')" in page


GOOD = b"programme_ref,confidence\nADP,green\n"


@pytest.mark.parametrize(
    "organisation, period, persona, message",
    [
        ("NOWHERE", "2025-26 Q3", "editor_a", "There is no public body called 'NOWHERE'."),
        ("SSS", "2024-26 Q3", "editor_a", "Unknown period: '2024-26 Q3' is not a financial year"),
        ("SSS", "Q3 2025", "editor_a", "Unknown period: 'Q3 2025' is not a period"),
        ("DS", "2025-26 Q3", "editor_a", "You cannot send returns for Disclosure Scotland"),
    ],
)
def test_unknown_body_or_period_and_someone_elses_body(world, organisation, period, persona, message):
    Programme.objects.create(organisation=world.body_a, title="ADP", external_ref="ADP")
    result = return_import(
        kind="progress",
        data=GOOD,
        filename="q3.csv",
        organisation=organisation,
        period=period,
        actor=getattr(world, persona),
    )
    assert result.problem_messages[0].startswith(message)
    assert not ProgressUpdate.objects.exists()


def test_someone_elses_body_over_the_web_is_not_found(client, world):
    client.force_login(world.editor_b)
    url = reverse(
        "returns:send", kwargs={"kind": "progress", "organisation": world.body_a.slug, "period": "2025-26-q3"}
    )
    assert client.post(url, {"file": SimpleUploadedFile("q3.csv", GOOD)}).status_code == 404
    assert not Submission.objects.exists()


def test_unknown_period_in_the_address_is_not_found(client, world):
    client.force_login(world.editor_a)
    url = reverse(
        "returns:send", kwargs={"kind": "progress", "organisation": world.body_a.slug, "period": "2025-27-q9"}
    )
    assert client.get(url).status_code == 404


def test_return_for_a_closed_period_is_refused(sending, world):
    ReturnWindow.objects.create(
        kind="progress",
        period=period_from_label("2025-26 Q3"),
        due_on="2026-01-31",
        status=WindowStatus.CLOSED,
    )
    page = sending("q3.csv", GOOD)
    assert "The 2025-26 Q3 window for the programme progress return is closed" in page
