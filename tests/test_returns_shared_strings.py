"""The shared-strings bomb: a small, valid XLSX whose shared strings would take openpyxl minutes
and gigabytes is refused, quickly and in little memory, with a sentence that says why."""

import time
import tracemalloc

import pytest

from panorama.returns import reading

from .shared_strings_bomb import shared_strings_bomb


def read_measured(data: bytes) -> tuple[str, float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(reading.Unreadable) as refused:
            reading.read(data, "q3.xlsx")
        return str(refused.value), time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_workbook_with_too_many_shared_strings_is_refused_quickly_in_little_memory(settings):
    settings.PANORAMA_RETURNS_MAX_SHARED_STRINGS = 100_000
    bomb = shared_strings_bomb(300_000)
    assert len(bomb) < 2_000_000  # small to send
    message, seconds, peak = read_measured(bomb)
    assert "more than 100,000 different texts" in message and "CSV" in message
    assert seconds < 2
    assert peak < 20_000_000


def test_a_declared_count_over_the_limit_is_refused_before_counting(settings):
    settings.PANORAMA_RETURNS_MAX_SHARED_STRINGS = 1_000
    message, _, _ = read_measured(shared_strings_bomb(10, declared=5_000_000))
    assert "different texts" in message


def test_a_shared_strings_part_over_its_size_limit_is_refused_unread(settings):
    settings.PANORAMA_RETURNS_MAX_SHARED_STRINGS_BYTES = 1_000_000
    message, _, _ = read_measured(shared_strings_bomb(200_000))
    assert "of text" in message


def test_an_ordinary_workbook_is_read_as_before():
    sheet = reading.read(shared_strings_bomb(50), "q3.xlsx")
    assert sheet.format == "xlsx"
    assert [cells for _, cells in sheet.rows] == [["programme_ref", "confidence"], ["ADP", "green"]]
