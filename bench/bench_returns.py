"""Returns: a 100,000-row finance-shaped return, validated and committed through the returns
machinery, against `frictionless validate` on the same file with the kind's published Table
Schema, measured side by side in one run.

The return kind here is a finance-shaped one defined for the benchmark (line type, change or run,
capital or resource, programme, cost category, description, amount, date; keyed like the finance
return), whose `apply` writes every line in one bulk insert into a table the benchmark owns, so
the figure is the machinery's own: reading, type checks, duplicate keys, the plan and the commit.
The import runs in a fresh process so that its peak memory (maximum resident set) is its own.
"""

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from harness import Figure

ROWS = 100_000
REPEAT = 3  # best of three, for the import and for frictionless alike: the machine is shared
ROOT = Path(__file__).resolve().parent.parent
TABLE = "bench_return_lines"

LINE_TYPES = ("actual", "budget", "forecast")
NATURES = ("change", "run")
FUNDING = ("capital", "resource")
CATEGORIES = ("staff", "contractors", "software", "hardware", "cloud and hosting", "services", "other")
HEADER = "line_type,change_or_run,capital_or_resource,programme,category,description,amount,spent_on"


def kind():
    from panorama.returns.kinds import Column, Plan, ReturnKind, RowAction

    columns = (
        Column("line_type", "Line type", "choice", required=True, choices=LINE_TYPES),
        Column("change_or_run", "Change or run", "choice", required=True, choices=NATURES),
        Column("capital_or_resource", "Capital or resource", "choice", required=True, choices=FUNDING),
        Column("programme", "Programme", max_length=300),
        Column("category", "Cost category", "choice", required=True, choices=CATEGORIES),
        Column("description", "Description", max_length=200),
        Column("amount", "Amount", "money", required=True, minimum=Decimal(0)),
        Column("spent_on", "Date", "date"),
    )
    key = ("line_type", "change_or_run", "capital_or_resource", "programme", "category", "description")

    def plan(context, rows):
        import operator

        from django.db import connection

        with connection.cursor() as cursor:
            columns = "line_type, change_or_run, capital_or_resource, programme, category, description"
            cursor.execute(f"SELECT {columns} FROM {TABLE}")  # noqa: S608
            existing = set(cursor.fetchall())
        line_of = operator.itemgetter(*key)
        lines = list(map(line_of, rows))
        result = Plan()
        result.actions = [
            RowAction(row["_row"], "unchanged" if line in existing else "create", "")
            for row, line in zip(rows, lines, strict=True)
        ]
        result.payload = [
            (*line, str(row["amount"]), row["spent_on"].isoformat() if row["spent_on"] else None)
            for row, line in zip(rows, lines, strict=True)
            if line not in existing
        ]
        return result

    def apply(context, plan):
        from django.db import connection

        with connection.cursor() as cursor:
            raw = cursor.cursor  # the driver's own cursor: one bulk statement, no per-row wrapping
            if connection.vendor == "postgresql":
                with raw.copy(f"COPY {TABLE} FROM STDIN") as copy:
                    for line in plan.payload:
                        copy.write_row(line)
            else:
                # sqlite3's own executemany (Django's wrapper inspects every row's parameters).
                insert = f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)"  # noqa: S608
                connection.connection.executemany(insert, plan.payload)

    return ReturnKind(
        slug="bench-finance",
        label="Finance-shaped return",
        description="For the benchmark.",
        columns=columns,
        key=key,
        plan=plan,
        apply=apply,
        period_kind=None,
        needs_organisation=False,
    )


def write_file(path: Path, rows: int = ROWS) -> None:
    rng = random.Random(2026)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER + "\r\n")
        for i in range(rows):
            handle.write(
                f"{rng.choice(LINE_TYPES)},{rng.choice(NATURES)},{rng.choice(FUNDING)},Programme {i % 400},"
                f"{rng.choice(CATEGORIES)},Line {i},{rng.randint(0, 5_000_000)}.{rng.randint(0, 99):02d},"
                f"{rng.randint(2025, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\r\n"
            )


def worker(path: str) -> None:
    """In a fresh process: import the file, commit it, and print the figures as JSON."""
    import django

    django.setup()
    from django.db import connection

    from panorama.returns.services import return_import

    found = kind()
    timings = []
    for _ in range(REPEAT):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(
                f"CREATE TABLE {TABLE} (line_type varchar(20), change_or_run varchar(10), "
                "capital_or_resource varchar(10), programme varchar(300), category varchar(40), "
                "description varchar(200), amount numeric(16, 2), spent_on date)"
            )
        started, cpu = time.perf_counter(), time.process_time()
        result = return_import(kind=found, path=path)
        ok, problems = result.ok, result.problem_messages[:3]
        timings.append((time.perf_counter() - started, time.process_time() - cpu))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # noqa: S608
            stored = cursor.fetchone()[0]
            cursor.execute(f"DROP TABLE {TABLE}")
        imported = len(result.rows)
        if not timings[1:]:  # the first run's peak is the import's own (later runs reuse its memory)
            peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        del result
    seconds, cpu_seconds = min(timings)
    print(
        "RETURNS-JSON "
        + json.dumps(
            {
                "ok": ok,
                "problems": problems,
                "rows": imported,
                "stored": stored,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "peak_mb": peak_kb / 1024,
            }
        )
    )


def _frictionless(folder: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of `frictionless validate`, best of REPEAT."""
    frictionless = str(Path(sys.executable).with_name("frictionless"))
    timings = []
    for _ in range(REPEAT):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_before = before.ru_utime + before.ru_stime
        started = time.perf_counter()
        proc = subprocess.run(
            [frictionless, "validate", "lines.csv", "--schema", "schema.json", "--json"],
            cwd=folder,
            capture_output=True,
            text=True,
        )
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        timings.append((time.perf_counter() - started, used.ru_utime + used.ru_stime - cpu_before))
        report = json.loads(proc.stdout)
        if not report.get("valid"):
            raise RuntimeError(f"frictionless found the benchmark file invalid: {proc.stdout[:2000]}")
    return min(timings)


def run(database: str) -> list[Figure]:
    from panorama.returns.template_files import schema_json

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "lines.csv"
        write_file(path)
        (folder / "schema.json").write_text(schema_json(kind()))
        env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}"}
        proc = subprocess.run(
            [sys.executable, "-c", f"import bench_returns; bench_returns.worker({str(path)!r})"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        line = next((x for x in proc.stdout.splitlines() if x.startswith("RETURNS-JSON ")), None)
        if line is None:
            raise RuntimeError(proc.stdout + proc.stderr)
        ours = json.loads(line.removeprefix("RETURNS-JSON "))
        if not ours["ok"] or ours["stored"] != ROWS:
            raise RuntimeError(f"the benchmark import failed: {ours}")
        theirs, theirs_cpu = _frictionless(folder)
    rate = ROWS / ours["seconds"]
    speedup = theirs / ours["seconds"]
    note = (
        f"best of {REPEAT}: {ROWS:,} rows read, checked and committed in {ours['seconds']:.2f} s wall, "
        f"{ours['cpu_seconds']:.2f} s CPU ({ROWS / ours['cpu_seconds']:,.0f} rows per CPU-second); "
        f"frictionless validate {theirs:.2f} s wall, {theirs_cpu:.2f} s CPU "
        f"({theirs_cpu / ours['cpu_seconds']:.1f}× by CPU time)"
    )
    on_sqlite = database == "SQLite"
    return [
        Figure(
            "returns",
            f"100,000-row return validated and committed, rows per second ({database})",
            rate,
            "rows/s",
            "≥ 50,000 on SQLite" if on_sqlite else "—",
            rate >= 50_000 if on_sqlite else None,
            note,
        ),
        Figure(
            "returns",
            f"100,000-row return, peak memory of the import process ({database})",
            ours["peak_mb"],
            "MB",
            "≤ 300 MB",
            ours["peak_mb"] <= 300,
            note,
        ),
        Figure(
            "returns",
            f"100,000-row return, times faster than `frictionless validate` alone ({database})",
            speedup,
            "×",
            "≥ 3×",
            speedup >= 3,
            note,
        ),
    ]


if __name__ == "__main__":  # `python bench/bench_returns.py` on the configured database, for a quick look
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panorama.settings")
    import django

    django.setup()
    for figure in run("SQLite" if not os.environ.get("DATABASE_URL") else "PostgreSQL"):
        print(f"{figure.value:12,.1f} {figure.unit:6} {figure.measure} — {figure.note}")
