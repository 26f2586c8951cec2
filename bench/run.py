"""Run every benchmark in bench/ on SQLite and on PostgreSQL, and write docs/performance.md.

Each bench_*.py module has `run(database) -> list[Figure]` and runs against a database that
`panorama demo --scale uk` has filled. Benchmarks report speed; the test suite asserts behaviour.
"""

import datetime
import importlib
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
PG_URL = "postgres://panorama:panorama@127.0.0.1:5432/panorama"
DATABASES = {"SQLite": "", "PostgreSQL": PG_URL}


# PANORAMA_BENCH_DB names the PostgreSQL database, so that work trees on one machine keep apart.
BENCH_DB = os.environ.get("PANORAMA_BENCH_DB", "panorama_bench")


def prepare(database_url: str, data_dir: Path) -> None:
    """Build the --scale uk picture once per database; later runs reuse it (PANORAMA_BENCH_FRESH=1
    starts again). The demo is idempotent, so a reused picture is the same picture."""
    env = {**os.environ, "DATABASE_URL": database_url, "PANORAMA_DATA_DIR": str(data_dir)}
    panorama = str(Path(sys.executable).with_name("panorama"))
    marker = data_dir / f".bench-loaded-{BENCH_DB if database_url else 'sqlite'}"
    if os.environ.get("PANORAMA_BENCH_FRESH") == "1":
        marker.unlink(missing_ok=True)
    if database_url and not marker.exists():
        subprocess.run(
            [
                "bash",
                "-c",
                f"su postgres -c 'dropdb --if-exists {BENCH_DB} && createdb -O panorama {BENCH_DB}'",
            ],
            check=True,
        )
    subprocess.run([panorama, "migrate", "-v0"], check=True, env=env)
    if not marker.exists():
        subprocess.run([panorama, "demo", "--scale", "uk"], check=True, env=env)
        marker.touch()


def main() -> None:
    only = sys.argv[1:]  # optional benchmark names, e.g. `python bench/run.py foundation`
    data_dir = ROOT / "var" / "bench"
    data_dir.mkdir(parents=True, exist_ok=True)
    modules = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    if only:
        modules = [m for m in modules if m.removeprefix("bench_") in only]
    results: dict[str, list] = {}
    # PANORAMA_BENCH_DATABASES=SQLite (or PostgreSQL) runs on one database only, while developing.
    chosen = os.environ.get("PANORAMA_BENCH_DATABASES", ",".join(DATABASES)).split(",")
    for label, url in DATABASES.items():
        if label not in chosen:
            continue
        bench_url = url.rsplit("/", 1)[0] + f"/{BENCH_DB}" if url else ""
        prepare(bench_url, data_dir)
        code = (
            "import os, sys, json, importlib, dataclasses, django;"
            "sys.path.insert(0, 'bench'); django.setup();"
            f"mods = {modules!r};"
            "out = [];"
            f"[out.extend(dataclasses.asdict(f) for f in importlib.import_module(m).run({label!r})) for m in mods];"
            "print('BENCH-JSON ' + json.dumps(out))"
        )
        env = {
            **os.environ,
            "DATABASE_URL": bench_url,
            "PANORAMA_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "panorama.settings",
            "PANORAMA_HTTPS": "false",
            # The benchmarks time pages as signed-in people, not the second factor.
            "PANORAMA_REQUIRE_2FA": "false",
        }
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            raise SystemExit(f"benchmarks failed on {label}")
        import json

        line = next(line for line in proc.stdout.splitlines() if line.startswith("BENCH-JSON "))
        results[label] = json.loads(line.removeprefix("BENCH-JSON "))
    write_report(results)


# Text between these markers in docs/performance.md is carried into the next report as it is, for a
# figure measured by hand that no benchmark produces yet (better: a bench/notes_*.md file).
KEPT_START = "<!-- kept by hand -->"
KEPT_END = "<!-- end kept by hand -->"
KEPT = re.compile(re.escape(KEPT_START) + r".*?" + re.escape(KEPT_END), re.S)
# The database a row was measured on, from its measure: "(SQLite)", "(PostgreSQL; 36 queries …)",
# "(SQLite, median of 7 …)", "(PostgreSQL run; wrk …)".
ROW_DATABASE = re.compile(r"\((SQLite|PostgreSQL)[;,) ]")
MACHINE_PREFIX = "- Machine: "


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"{MACHINE_PREFIX}{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def write_report(results: dict[str, list]) -> None:
    report = ROOT / "docs" / "performance.md"
    notes = {p.name: p.read_text() for p in sorted((ROOT / "bench").glob("notes_*.md"))}
    text = assemble_report(
        previous=report.read_text() if report.exists() else "",
        results=results,
        today=f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d}",
        machine=machine(),
        notes=notes,
    )
    report.write_text(text)
    print(text, end="")


def assemble_report(
    *, previous: str, results: dict[str, list], today: str, machine: str, notes: dict[str, str]
) -> str:
    """docs/performance.md from the report before it and this run: this run's rows replace the rows
    of the benchmarks it ran on the databases it ran them on; every other row is kept with the day it
    was measured. Every bench/notes_*.md follows whole (the load and fault figures, measured by
    bench/load.py and bench/faults.py on their own, are kept there), then whatever the report before
    held between the "kept by hand" markers."""
    ran = {(f["benchmark"], label) for label, figures in results.items() for f in figures}
    kept = []
    previous_machine = ""
    in_table = False
    for line in previous.splitlines():
        if line.startswith(MACHINE_PREFIX):
            previous_machine = line
        in_table = line.startswith("| Benchmark |") or (in_table and line.startswith("|"))
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        # Only the figures table's rows: the notes below it have tables of their own.
        if not in_table or len(cells) != 6 or cells[0] == "Benchmark" or line.startswith("|---"):
            continue
        # A row is replaced only if this run measured its benchmark on its database.
        database = ROW_DATABASE.search(cells[1])
        labels = [database.group(1)] if database else list(results)
        if not any((cells[0], label) in ran for label in labels):
            kept.append(line)
    rows = []
    for figures in results.values():
        for f in figures:
            meets = "—" if f["meets"] is None else ("yes" if f["meets"] else "**no**")
            rows.append(
                f"| {f['benchmark']} | {f['measure']} | {f['value']:.1f} {f['unit']} | {f['target']} | {meets} | {today} |"
            )
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (bench/run.py; `python bench/run.py NAME` runs one benchmark). Figures are",
        "medians unless the measure names a percentile, measured on the machine below with SQLite and",
        "PostgreSQL side by side in one run, on the `panorama demo --scale uk` picture. Benchmarks report",
        "speed; the test suite asserts behaviour. The sections after the table are bench/notes_*.md, copied",
        "whole: edit them there. Load (`bench/load.py`) and faults (`bench/faults.py`) are too heavy for",
        "every run; their figures are kept in bench/notes_load.md and bench/notes_operations.md.",
        "",
        machine if results or not previous_machine else previous_machine,
        "",
        "| Benchmark | Measure | Figure | Target | Meets | Measured |",
        "|---|---|---|---|---|---|",
        *sorted(dict.fromkeys(kept + rows), key=lambda r: r.split("|")[1].strip()),  # no row twice
    ]
    for name, note in notes.items():
        lines += ["", f"<!-- bench/{name} -->", note.strip()]
    for block in KEPT.findall(previous):
        lines += ["", block]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    importlib.invalidate_caches()
    main()
