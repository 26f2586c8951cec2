"""`make bench` writes docs/performance.md (bench/run.py's `assemble_report`): a run of some
benchmarks on some databases replaces only their rows, and nothing measured elsewhere is lost."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _notes() -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted((ROOT / "bench").glob("notes_*.md"))}


def _figure(benchmark: str, measure: str, value: float) -> dict:
    return {
        "benchmark": benchmark,
        "measure": measure,
        "value": value,
        "unit": "ms",
        "target": "—",
        "meets": None,
    }


def test_a_run_on_one_database_keeps_every_row_it_did_not_measure(run):
    previous = (ROOT / "docs" / "performance.md").read_text()
    results = {"SQLite": [_figure("picture", "dashboard, cold first view (SQLite)", 1.0)]}
    text = run.assemble_report(
        previous=previous, results=results, today="2026-12-08", machine="- Machine: test", notes=_notes()
    )
    rows = [line for line in text.splitlines() if line.startswith("| picture |")]
    assert "| picture | dashboard, cold first view (SQLite) | 1.0 ms | — | — | 2026-12-08 |" in rows
    # The SQLite run's own picture rows are replaced (the tuned Datasette ones among them) ...
    assert not [
        r for r in rows if "(SQLite run;" in r or "cold first view (SQLite)" in r and "1.0 ms" not in r
    ]
    # ... and the PostgreSQL run's stay, Datasette's side by side included.
    for line in previous.splitlines():
        if line.startswith("| picture |") and ("(PostgreSQL" in line):
            assert line in text
    # Other benchmarks' rows are kept as they were, with the day they were measured.
    for line in previous.splitlines():
        if line.startswith(("| operations |", "| lessons |", "| reports |")):
            assert line in text


def test_every_notes_section_is_copied_whole(run):
    text = run.assemble_report(
        previous="", results={}, today="2026-12-08", machine="- Machine: test", notes=_notes()
    )
    for name, note in _notes().items():
        assert f"<!-- bench/{name} -->\n{note.strip()}" in text
    for heading in (
        "## Meaning",
        "## Load",
        "## Operations: background work, accepting a return, and faults",
    ):
        assert heading in text
    assert "**Faults**" in text and "Datasette" in text


def test_text_kept_by_hand_between_markers_survives_a_run(run):
    block = f"{run.KEPT_START}\n## Measured by hand\n\n| a | b | c | d | e | f |\n{run.KEPT_END}"
    previous = (
        run.assemble_report(previous="", results={}, today="2026-12-07", machine="- Machine: test", notes={})
        + "\n"
        + block
        + "\n"
    )
    results = {"SQLite": [_figure("foundation", "home page (SQLite)", 2.0)]}
    again = run.assemble_report(
        previous=previous, results=results, today="2026-12-08", machine="- Machine: test", notes={}
    )
    assert again.count(block) == 1
    assert "| a | b |" not in again.split(run.KEPT_START)[0]  # not taken for a figure row


def test_the_committed_report_is_what_the_assembly_makes_of_it(run):
    # No notes section or row is missing from docs/performance.md: a report assembled from it with
    # no new figures is the report itself.
    previous = (ROOT / "docs" / "performance.md").read_text()
    text = run.assemble_report(
        previous=previous, results={}, today="2026-12-08", machine="- Machine: elsewhere", notes=_notes()
    )
    assert text == previous
