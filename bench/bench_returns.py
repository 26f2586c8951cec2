"""Returns: a 100,000-line finance return for a real body and year of the `--scale uk` picture,
validated and committed through the real `finance` return kind, against `frictionless validate` on
the same file with the finance kind's published Table Schema, measured side by side in one run.

The file is what Social Security Scotland would send for 2025-26: the finance return's own
columns, a quarter of the lines for the body's own programmes (by their register references), the
rest business as usual. It is imported through `returns.services.return_import` — the service the
CLI, the web confirmation and the API call — which reads and checks every cell, plans against the
body's lines and programmes, writes the lines, the audit trail and the body's totals in one
transaction. Each timed import starts from the picture as it was (the lines an earlier run created
are deleted first, untimed) so that every run creates 100,000 lines. The imports run in a fresh
process; then `panorama import finance FILE --organisation SSS --period 2025-26` runs once as its
own process, and its peak memory (maximum resident set) is the memory figure.
"""

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import Figure

ROWS = 100_000
REPEAT = 5  # the figures are medians of five, with the best beside them: the machine is shared
ROOT = Path(__file__).resolve().parent.parent
BODY, YEAR = "SSS", "2025-26"
DESCRIPTION = "Benchmark line"  # every line of the file is described so, so that it can be removed

LINE_TYPES = ("actual", "budget", "forecast")
NATURES = ("change", "run")
FUNDING = ("capital", "resource")
CATEGORIES = ("staff", "contractors", "software", "hardware", "cloud and hosting", "services", "other")


def programme_references() -> list[str]:
    from panorama.programmes.models import Programme

    refs = Programme.objects.filter(organisation__short_name=BODY).exclude(external_ref="")
    return sorted(refs.values_list("external_ref", flat=True))


def write_file(path: Path, references: list[str], rows: int = ROWS) -> None:
    from panorama.finance.return_kinds import FINANCE

    rng = random.Random(2026)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(c.name for c in FINANCE.columns) + "\r\n")
        for i in range(rows):
            programme = references[i % len(references)] if i % 4 == 0 else ""
            handle.write(
                f"{rng.choice(LINE_TYPES)},{rng.choice(NATURES)},{rng.choice(FUNDING)},{programme},"
                f"{rng.choice(CATEGORIES)},{DESCRIPTION} {i},{rng.randint(0, 5_000_000)}.{rng.randint(0, 99):02d}\r\n"
            )


def remove_lines() -> int:
    """Put the picture back as it was: delete the benchmark's lines and their import events."""
    from panorama.core.models import AuditEvent
    from panorama.core.periods import period_from_label
    from panorama.finance.models import FinanceLine
    from panorama.finance.services import finance_totals_refresh
    from panorama.organisations.models import Organisation

    body, period = Organisation.objects.get(short_name=BODY), period_from_label(YEAR)
    deleted, _ = FinanceLine.objects.filter(
        organisation=body, period=period, description__startswith=DESCRIPTION
    ).delete()
    AuditEvent.objects.filter(
        action="finance.return.applied", organisation_id=body.pk, snapshot__period=YEAR
    ).delete()
    finance_totals_refresh(organisation_ids=[body.pk], period_ids=[period.pk])
    return deleted


def database_write() -> list[float]:
    """The database's own share of an import: the lines the last import wrote are read back as the
    driver's values, deleted, and written again through the driver alone, in the statements
    `core.bulk.insert_rows` uses (on SQLite a 100-row INSERT run again and again, on PostgreSQL
    COPY), then committed; nothing is read from the file, checked, planned or prepared. Seconds of
    each of REPEAT runs: the floor under any import of these rows, whatever Python does."""
    from django.db import connection

    from panorama.core.bulk import ROWS_PER_STATEMENT
    from panorama.finance.models import FinanceLine

    table = FinanceLine._meta.db_table
    columns = [f.column for f in FinanceLine._meta.concrete_fields if not f.primary_key]
    column_sql = ", ".join(columns)
    select = f"SELECT {column_sql} FROM {table} WHERE description LIKE %s ORDER BY id"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(select, [DESCRIPTION + "%"])
        rows = cursor.fetchall()
    raw = connection.connection  # the driver's own connection, in autocommit: BEGIN and COMMIT are ours
    timings = []
    for _ in range(REPEAT):
        remove_lines()
        if connection.vendor == "sqlite":
            per = ROWS_PER_STATEMENT
            row_sql = "(" + ", ".join("?" * len(columns)) + ")"
            many = f"INSERT INTO {table} ({column_sql}) VALUES " + ", ".join([row_sql] * per)  # noqa: S608
            params = [tuple(v for row in rows[i : i + per] for v in row) for i in range(0, len(rows), per)]
            started = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            raw.executemany(many, params)
            raw.execute("COMMIT")
        else:
            started = time.perf_counter()
            copy_sql = f"COPY {table} ({column_sql}) FROM STDIN"
            with raw.transaction(), raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        timings.append(time.perf_counter() - started)
    return timings


def worker(path: str) -> None:
    """In a fresh process: import the file REPEAT times, each from the picture as it was."""
    import django

    django.setup()
    from panorama.finance.models import FinanceLine
    from panorama.returns.services import return_import

    timings, counts = [], None
    for _ in range(REPEAT):
        remove_lines()
        started, cpu = time.perf_counter(), time.process_time()
        result = return_import(kind="finance", path=path, organisation=BODY, period=YEAR)
        timings.append((time.perf_counter() - started, time.process_time() - cpu))
        if not result.committed:
            print("RETURNS-JSON " + json.dumps({"ok": False, "problems": result.problem_messages[:5]}))
            return
        counts = result.counts
        stored = FinanceLine.objects.filter(description__startswith=DESCRIPTION).count()
        del result
    floor = database_write()
    remove_lines()
    checks = []  # the same service with dry_run: every check and the plan, nothing written
    for _ in range(REPEAT):
        started = time.perf_counter()
        result = return_import(kind="finance", path=path, organisation=BODY, period=YEAR, dry_run=True)
        checks.append(time.perf_counter() - started)
        assert result.ok and not result.committed, result.problem_messages[:5]
        del result
    print(
        "RETURNS-JSON "
        + json.dumps(
            {
                "ok": True,
                "timings": timings,
                "checks": checks,
                "floor": floor,
                "counts": counts,
                "stored": stored,
                "rows": ROWS,
            }
        )
    )


def command_run(path: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """`panorama import` as a user runs it, in its own process: (wall seconds, peak MB, output)."""
    panorama = str(Path(sys.executable).with_name("panorama"))
    started = time.perf_counter()
    proc = subprocess.Popen(
        [panorama, "import", "finance", str(path), "--organisation", BODY, "--period", YEAR],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"panorama import failed: {output}")
    return seconds, usage.ru_maxrss / 1024, output.strip()


def _frictionless(folder: Path) -> list[tuple[float, float]]:
    """(wall seconds, CPU seconds) of each of REPEAT runs of `frictionless validate`."""
    frictionless = str(Path(sys.executable).with_name("frictionless"))
    timings = []
    for _ in range(REPEAT):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_before = before.ru_utime + before.ru_stime
        started = time.perf_counter()
        proc = subprocess.run(
            [frictionless, "validate", "finance.csv", "--schema", "schema.json", "--json"],
            cwd=folder,
            capture_output=True,
            text=True,
        )
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        timings.append((time.perf_counter() - started, used.ru_utime + used.ru_stime - cpu_before))
        report = json.loads(proc.stdout)
        if not report.get("valid"):
            raise RuntimeError(f"frictionless found the benchmark file invalid: {proc.stdout[:2000]}")
    return timings


def run(database: str) -> list[Figure]:
    from panorama.returns.registry import kind_get
    from panorama.returns.template_files import schema_json

    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "finance.csv"
        references = programme_references()
        write_file(path, references)
        (folder / "schema.json").write_text(schema_json(kind_get("finance")))
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
        if not ours["ok"] or ours["stored"] != ROWS or ours["counts"]["create"] != ROWS:
            raise RuntimeError(f"the benchmark import failed: {ours}")
        command_seconds, peak_mb, output = command_run(path, env)
        remove_lines()
        theirs = _frictionless(folder)
    walls = [wall for wall, _ in ours["timings"]]
    cpus = [cpu for _, cpu in ours["timings"]]
    their_walls = [wall for wall, _ in theirs]
    their_cpus = [cpu for _, cpu in theirs]
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    their_wall, their_cpu = statistics.median(their_walls), statistics.median(their_cpus)
    rate = ROWS / wall
    speedup = their_wall / wall
    note = (
        f"{ROWS:,}-line finance return for {BODY} {YEAR} ({len(references)} of its programmes named), "
        f"median of {REPEAT} (best in brackets): read, checked, planned and committed in {wall:.2f} s "
        f"({min(walls):.2f} s) wall, {cpu:.2f} s CPU ({ROWS / cpu:,.0f} rows per CPU-second); "
        f"`frictionless validate` {their_wall:.2f} s ({min(their_walls):.2f} s) wall, {their_cpu:.2f} s CPU "
        f"({their_cpu / cpu:.1f}× by CPU time, {min(their_walls) / min(walls):.1f}× best against best); "
        f"`panorama import` end to end, start-up included, {command_seconds:.2f} s; "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    checked = statistics.median(ours["checks"])
    floor = statistics.median(ours["floor"])
    # The table keeps figures only; the seconds behind them go here, for bench/notes_returns.md.
    with (ROOT / "var" / "bench" / "returns-last-run.txt").open("a") as log:
        runs = ", ".join(f"{w:.2f}" for w in walls)
        checks = ", ".join(f"{c:.2f}" for c in ours["checks"])
        floors = ", ".join(f"{c:.2f}" for c in ours["floor"])
        log.write(
            f"{time.strftime('%Y-%m-%d %H:%M')} {database}: {note}; runs {runs} s; dry runs {checks} s;"
            f" the database's own write {floors} s\n"
        )
    on_sqlite = database == "SQLite"
    return [
        Figure(
            "returns",
            f"100,000-line finance return checked and previewed, nothing written (`--dry-run`), "
            f"times faster than `frictionless validate` ({database})",
            their_wall / checked,
            "×",
            "—",
            None,
            f"median of {REPEAT}: {checked:.2f} s ({min(ours['checks']):.2f} s best) against "
            f"{their_wall:.2f} s; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}",
        ),
        Figure(
            "returns",
            f"100,000-line finance return validated and committed, rows per second ({database})",
            rate,
            "rows/s",
            "≥ 50,000 on SQLite" if on_sqlite else "—",
            rate >= 50_000 if on_sqlite else None,
            note,
        ),
        Figure(
            "returns",
            f"100,000-line finance return, peak memory of `panorama import` ({database})",
            peak_mb,
            "MB",
            "≤ 300 MB",
            peak_mb <= 300,
            note,
        ),
        Figure(
            "returns",
            f"the same 100,000 rows written and committed by the database driver alone, "
            f"against a third of `frictionless validate`'s time ({database})",
            floor * 1000,
            "ms",
            "—",
            None,
            f"median of {REPEAT}: {floor:.2f} s ({min(ours['floor']):.2f} s best); a third of "
            f"`frictionless validate` is {their_wall / 3:.2f} s",
        ),
        Figure(
            "returns",
            f"100,000-line finance return, times faster than `frictionless validate` alone ({database})",
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
    os.environ.setdefault("PANORAMA_REQUIRE_2FA", "false")
    import django

    django.setup()
    for figure in run("SQLite" if not os.environ.get("DATABASE_URL") else "PostgreSQL"):
        print(f"{figure.value:12,.1f} {figure.unit:6} {figure.measure} — {figure.note}")
