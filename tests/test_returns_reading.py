"""Real-world files: encodings, delimiters, UK dates, money styles, headers not on row 1, blank and
repeated rows, stray spaces and duplicated columns all read as the body meant them."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from panorama.programmes.return_kinds import PROGRESS, REGISTER_COLUMNS
from panorama.returns.converters import Invalid, converter_for
from panorama.returns.kinds import Column
from panorama.returns.services import rows_from_file

MONEY = Column("wlc_forecast", "Forecast whole-life cost", "money")
DATE = Column("end_forecast", "Forecast end date", "date")


@pytest.mark.parametrize(
    "typed, pounds",
    [
        ("1250000", "1250000.00"),
        ("£1,250,000", "1250000.00"),
        ("$2,812,101", "2812101.00"),
        (" £1,250,000.50 ", "1250000.50"),
        ("£1.2m", "1200000.00"),
        ("£1.2bn", "1200000000.00"),
        ("3.5 million", "3500000.00"),
        ("£250k", "250000.00"),
        (1250000, "1250000.00"),
        (1250000.5, "1250000.50"),
    ],
)
def test_money_is_read_in_every_common_style(typed, pounds):
    assert converter_for(MONEY)(typed) == Decimal(pounds)


def test_money_in_a_declared_unit_is_multiplied():
    assert converter_for(MONEY, unit=Decimal(1000000))("1.25") == Decimal("1250000.00")


def test_money_with_a_suffix_in_a_column_declared_in_millions_is_refused():
    with pytest.raises(Invalid, match="has its own unit"):
        converter_for(MONEY, unit=Decimal(1000000))("£1.2bn")


def test_money_suffixes_can_be_switched_off(settings):
    settings.PANORAMA_RETURNS_MONEY_SUFFIXES = False
    with pytest.raises(Invalid) as raised:
        converter_for(MONEY)("£1.2bn")
    assert raised.value.reason == "amounts are in pounds; write 1200000000 or declare the unit"


@pytest.mark.parametrize(
    "typed",
    [
        "31/03/2025",
        "31-03-2025",
        "31.03.2025",
        "31/3/25",
        "31 March 2025",
        "31st March 2025",
        "31 Mar 2025",
        "2025-03-31",
        "March 31, 2025",
        "Mar 31 2025",
        "2025-03-31 00:00:00",
        datetime.datetime(2025, 3, 31, 0, 0),
    ],
)
def test_uk_dates_in_every_common_style(typed):
    assert converter_for(DATE)(typed) == datetime.date(2025, 3, 31)


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("31/02/2025", "there is no 31 February 2025"),
        ("03/31/2025", "there is no month 31: dates are day/month/year"),
        ("March 2025", "gives a month but not a day"),
        ("Smarch 3, 2025", "'smarch' is not a month"),
        ("soon", "is not a date"),
    ],
)
def test_impossible_and_unreadable_dates_say_why(typed, reason):
    with pytest.raises(Invalid, match=reason):
        converter_for(DATE)(typed)


def test_choices_accept_labels_case_and_spacing():
    convert = converter_for(PROGRESS.column("confidence"))
    assert convert("Amber/Red") == "amber-red"
    assert convert(" AMBER RED ") == "amber-red"
    assert convert("Not rated") == "not-rated"
    with pytest.raises(Invalid, match="is not one of the allowed values: green, amber-green"):
        convert("purple")


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def _progress_rows(data: bytes, filename: str = "return.csv", **kwargs):
    result = rows_from_file(PROGRESS, data, filename, **kwargs)
    assert result.ok, [p.message for p in result.problems]
    return result


def test_utf8_with_a_byte_order_mark_and_windows_1252_read_the_same():
    text = "programme_ref,confidence,narrative\r\nA-1,green,Café opened — £2m saved\r\n"
    with_bom = _progress_rows(b"\xef\xbb\xbf" + text.encode("utf-8"))
    windows = _progress_rows(text.encode("cp1252"))
    assert with_bom.rows[0]["narrative"] == windows.rows[0]["narrative"] == "Café opened — £2m saved"
    assert "Windows-1252" in windows.notes[0]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_and_tab_delimiters(delimiter):
    text = delimiter.join(["programme_ref", "confidence", "wlc_forecast"]) + "\n"
    text += delimiter.join(["A-1", "amber", "1250000"]) + "\n"
    rows = _progress_rows(text.encode()).rows
    assert rows[0]["wlc_forecast"] == Decimal("1250000.00")


def test_header_below_title_rows_with_a_declared_unit_keeps_spreadsheet_row_numbers():
    text = (
        "Social Security Scotland: programme progress,,\n"
        "Values in £m,,\n"
        ",,\n"
        "programme_ref,confidence,wlc_forecast\n"
        "A-1,green,1.5\n"
        ",,\n"
        "programme_ref,confidence,wlc_forecast\n"  # the header again, pasted from another sheet
        "A-2,amber,2\n"
        ",,,,\n"
        ",,,,\n"
    )
    result = _progress_rows(text.encode())
    assert result.header_row == 4
    assert [(r["_row"], r["wlc_forecast"]) for r in result.rows] == [
        (5, Decimal("1500000.00")),
        (8, Decimal("2000000.00")),
    ]


def test_unit_in_the_heading_and_stray_spaces_in_headings_and_cells():
    text = (
        " Programme reference ,  Delivery confidence,Forecast whole-life cost (£m) \n  A-1  , Amber ,  2.5 \n"
    )
    row = _progress_rows(text.encode()).rows[0]
    assert row == {
        "_row": 2,
        "programme_ref": "A-1",
        "confidence": "amber",
        "wlc_forecast": Decimal("2500000.00"),
        "confidence_reason": None,
        "phase": None,
        "narrative": None,
        "milestones_met": None,
        "milestones_missed": None,
        "top_risks": None,
        "end_forecast": None,
    }


def test_duplicated_columns_that_agree_are_merged_and_that_disagree_are_reported():
    agree = _progress_rows(b"programme_ref,confidence,confidence\nA-1,green,Green\n")
    assert agree.rows[0]["confidence"] == "green"
    disagree = rows_from_file(PROGRESS, b"programme_ref,confidence,confidence\nA-1,green,red\n", "r.csv")
    assert [p.message for p in disagree.problems] == [
        "Row 2, Delivery confidence: 'red' — differs from 'green' in the other 'confidence' column"
    ]


def test_every_problem_in_a_file_is_reported_at_once_with_row_column_and_value():
    text = (
        "programme_ref,confidence,milestones_met,wlc_forecast,end_forecast\n"
        "A-1,green,2,1000,31/03/2026\n"
        "A-2,purple,2,1000,31/03/2026\n"
        "A-3,amber,two,1000,31/03/2026\n"
        "A-4,amber,1,-50,31/02/2026\n"
        "A-1,red,1,5,01/01/2026\n"
    )
    result = rows_from_file(PROGRESS, text.encode(), "r.csv")
    assert [p.message for p in result.problems] == [
        "Row 3, Delivery confidence: 'purple' — is not one of the allowed values: "
        "green, amber-green, amber, amber-red, red, not-rated",
        "Row 4, Milestones met: 'two' — is not a whole number",
        "Row 5, Forecast whole-life cost: '-50' — negative amounts are not allowed here",
        "Row 5, Forecast end date: '31/02/2026' — there is no 31 February 2026",
        "Row 6, Programme reference: 'A-1' — the same programme reference as row 2; each may appear only once",
    ]
    assert result.problems[1].row == 4 and result.problems[1].column == "Milestones met"


def test_xlsx_with_real_dates_numbers_and_percent_cells():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["A return for Q3"])
    sheet.append([c.name for c in PROGRESS.columns[:2]] + ["end_forecast", "wlc_forecast"])
    sheet.append(["A-1", "Amber/Green", datetime.datetime(2026, 3, 31), 1250000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = _progress_rows(buffer.getvalue(), "q3.xlsx").rows[0]
    assert row["_row"] == 3
    assert row["end_forecast"] == datetime.date(2026, 3, 31)
    assert row["confidence"] == "amber-green"
    assert row["wlc_forecast"] == Decimal("1250000.00")


def test_register_columns_have_unique_names():
    names = [c.name for c in REGISTER_COLUMNS]
    assert len(names) == len(set(names))


def test_excels_sep_hint_line_sets_the_delimiter_and_does_not_shift_row_numbers():
    # Excel hides the hint line and shows the headings on row 1: so do the messages.
    result = _progress_rows(b"sep=;\nprogramme_ref;confidence;wlc_forecast\nA-1;green;1000.50\n")
    assert result.header_row == 1
    assert result.rows[0]["_row"] == 2
    assert result.rows[0]["wlc_forecast"] == Decimal("1000.50")
