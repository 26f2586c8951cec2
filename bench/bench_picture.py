"""The picture: the national dashboard warm and cold (an analyst, and an anonymous reader), against
its aggregate SQL alone; every drill-down list behind its figures; `/api/v1/picture`; the glossary
of figures and one figure's trend; the size of its first view; and the register's public
programmes JSON served by Panorama against tuned Datasette serving the same table, filtered and
unfiltered, side by side in one run (wrk from its own process, loopback only)."""

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from harness import Figure, median, server_ms, timed

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = "/picture/"
API = "/api/v1/picture"
GLOSSARY = "/picture/figures/"
TREND_FIGURE = "returns.completeness"  # one figure's page: the figure computed for eight quarters
LOAD_SECONDS = 8  # each side of the side-by-side run is bounded in time …
LOAD_REQUESTS = 4000  # … and in requests
LOAD_THREADS = 8


def _analyst():
    from panorama.accounts.models import User

    return User.objects.filter(global_role="analyst").order_by("pk").first()


def _free_port(taken: tuple[int, ...] = ()) -> int:
    """A free port on the loopback: from PANORAMA_PORTS ("8160-8169") when the machine shares ports out."""
    low, _, high = os.environ.get("PANORAMA_PORTS", "0-0").partition("-")
    for candidate in range(int(low), int(high) + 1):
        if candidate in taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port")


def _wait(port: int, path: str, timeout: float = 60) -> bool:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


# The load generator runs in its own process so that it does not share the servers' interpreter.
LOADER = r"""
import http.client, json, sys, threading, time
port, path, seconds, limit, threads = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
done = 0; errors = 0; lock = threading.Lock()
deadline = time.monotonic() + seconds
def work():
    global done, errors
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while time.monotonic() < deadline:
        with lock:
            if done + errors >= limit: return
        try:
            conn.request("GET", path, headers={"Host": "localhost"})
            r = conn.getresponse(); r.read()
            ok = r.status == 200
        except OSError:
            ok = False; conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        with lock:
            if ok: done += 1
            else: errors += 1
started = time.monotonic()
ts = [threading.Thread(target=work) for _ in range(threads)]
[t.start() for t in ts]; [t.join() for t in ts]
print(json.dumps({"ok": done, "errors": errors, "seconds": time.monotonic() - started}))
"""


def _load(port: int, path: str) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            LOADER,
            str(port),
            path,
            str(LOAD_SECONDS),
            str(LOAD_REQUESTS),
            str(LOAD_THREADS),
        ],
        capture_output=True,
        text=True,
        timeout=LOAD_SECONDS + 60,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# wrk (Debian's package) loads each server from its own process: 2 threads, 16 connections, 10 s,
# three rounds with the servers and lists interleaved, so a busy machine weighs on every side alike.
WRK = ["-t2", "-c16", "-d10s", "--latency"]
ROUNDS = 3
# Datasette as one would start it to serve a table fast: no facet suggestions (which count values
# of every column on each request), 50 rows a page, and the file opened immutable (counts kept).
DATASETTE_SETTINGS = [
    "--setting",
    "suggest_facets",
    "off",
    "--setting",
    "default_page_size",
    "50",
    "--immutable",
]


def _wrk(port: int, path: str) -> dict:
    out = subprocess.run(
        ["wrk", *WRK, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, timeout=120
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {"rps": rps, "errors": errors, "p99": float(p99.group(1)) * scale[p99.group(2)] if p99 else 0.0}


def _python_load(port: int, path: str) -> dict:
    """Where wrk is not installed: the bounded Python load generator, in its own process."""
    result = _load(port, path)
    return {"rps": result["ok"] / result["seconds"], "errors": result["errors"], "p99": 0.0}


def _programmes_side_by_side(database: str) -> list[Figure]:
    """Panorama's public programmes JSON (the register's /api/v1/programmes), filtered (red, 2,621
    matches at --scale uk) and unfiltered, against tuned Datasette serving the same table and page
    size, both running at once. Datasette reads SQLite only: on PostgreSQL, Panorama serves from
    PostgreSQL and Datasette from the SQLite copy of the same picture."""
    from django.urls import reverse

    sqlite_file = str(settings.SQLITE_PATH)
    if not Path(sqlite_file).exists():
        return []
    env = {**os.environ, "PANORAMA_HTTPS": "false", "PANORAMA_ALLOWED_HOSTS": "localhost,127.0.0.1"}
    panorama = str(Path(sys.executable).with_name("panorama"))
    datasette = str(Path(sys.executable).with_name("datasette"))
    table = (
        f"/{Path(sqlite_file).stem}/programmes_programme.json"  # Datasette names the database after its file
    )
    ours = reverse("api:programmes")
    lists = {
        "filtered": (
            f"{ours}?confidence=red&page_size=50",
            f"{table}?confidence=red&_size=50&_shape=objects",
        ),
        "unfiltered": (f"{ours}?page_size=50", f"{table}?_size=50&_shape=objects"),
    }
    commands = {
        "Panorama": [panorama, "serve", "--host", "127.0.0.1", "--port", "{port}"],
        "Datasette": [
            datasette,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
            *DATASETTE_SETTINGS,
            sqlite_file,
        ],
    }
    source = {"Panorama": database, "Datasette": "SQLite" if database == "SQLite" else "the SQLite copy"}
    load = _wrk if shutil.which("wrk") else _python_load
    tool = "wrk -t2 -c16 -d10s" if load is _wrk else f"{LOAD_THREADS} Python client threads"
    processes, ports = {}, {}
    samples: dict[tuple[str, str], list[dict]] = {}
    try:
        for name, command in commands.items():
            ports[name] = _free_port(tuple(ports.values()))
            processes[name] = subprocess.Popen(
                [c.replace("{port}", str(ports[name])) for c in command],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        for name in commands:
            for paths in lists.values():
                path = paths[name == "Datasette"]
                if not _wait(ports[name], path):
                    return []
                load(ports[name], path)  # warm up, bounded like a measured run
        for _ in range(ROUNDS):
            for which, paths in lists.items():
                for name in commands:
                    samples.setdefault((name, which), []).append(
                        load(ports[name], paths[name == "Datasette"])
                    )
    finally:
        for process in processes.values():
            _stop(process)
    figures = []
    for which, paths in lists.items():
        rps = {}
        for name in commands:
            runs = samples[(name, which)]
            rps[name] = median([r["rps"] for r in runs])
            errors = sum(r["errors"] for r in runs)
            p99 = median([r["p99"] for r in runs])
            figures.append(
                Figure(
                    "picture",
                    f"programmes JSON {which}, {name} `{paths[name == 'Datasette']}` from {source[name]}, "
                    f"requests/s, median of {ROUNDS} interleaved rounds ({database} run; {tool}; "
                    f"p99 {p99:.0f} ms; errors: {errors})",
                    rps[name],
                    "req/s",
                    "—",
                    None,
                )
            )
        ratio = rps["Panorama"] / rps["Datasette"] if rps["Datasette"] else 0.0
        figures.append(
            Figure(
                "picture",
                f"programmes JSON {which}, Panorama on {database} ÷ tuned Datasette on SQLite ({database} run)",
                ratio,
                "×",
                "≥ 1.5×",
                ratio >= 1.5,
            )
        )
    return figures


# The first request of a new process: the bench's own process has already served other benchmarks'
# pages, so the cold figure comes from a fresh interpreter (time after Django is set up).
COLD = r"""
import json, time, django
django.setup()
from django.test import Client
from panorama.accounts.models import User
client = Client(HTTP_HOST="localhost")
analyst = User.objects.filter(global_role="analyst").order_by("pk").first()
if analyst is not None:
    client.force_login(analyst)
started = time.perf_counter()
response = client.get("/picture/")
print(json.dumps({"ms": (time.perf_counter() - started) * 1000, "status": response.status_code}))
"""


def _cold_ms() -> float:
    out = subprocess.run(
        [sys.executable, "-c", COLD], capture_output=True, text=True, cwd=ROOT, env=os.environ, timeout=300
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["status"] == 200, result
    return result["ms"]


def run(database: str) -> list[Figure]:
    client = Client(HTTP_HOST="localhost")
    analyst = _analyst()
    if analyst is not None:
        client.force_login(analyst)
    figures = []
    # Cold: median of three fresh processes, each timing its first request (templates, URL
    # configuration, connection and every figure computed from nothing).
    cold = median([_cold_ms() for _ in range(3)])
    figures.append(
        Figure("picture", f"dashboard, cold first view ({database})", cold, "ms", "≤ 1000 ms", cold <= 1000)
    )
    # Warm: the same process serving the page again. Nothing is kept between requests, so every
    # request computes every figure from the database (this is also the first view after a change).
    warm = median(server_ms(client, DASHBOARD, repeat=21))
    # Its SQL alone: the same statements, run straight on the connection.
    with CaptureQueriesContext(connection) as captured:
        client.get(DASHBOARD)
    statements = [q["sql"] for q in captured.captured_queries]

    def run_sql() -> None:
        with connection.cursor() as cursor:
            for sql in statements:
                if re.match(r"\s*(SELECT|WITH)", sql, re.I):
                    cursor.execute(sql)
                    cursor.fetchall()

    sql_ms = median(timed(run_sql, repeat=21))
    figures.append(
        Figure(
            "picture",
            f"dashboard, median server time warm, every figure computed ({database})",
            warm,
            "ms",
            "≤ 150 ms",
            warm <= 150,
        )
    )
    ratio = warm / sql_ms if sql_ms else 0.0
    figures.append(
        Figure(
            "picture",
            f"dashboard ÷ its SQL alone ({database}; {len(statements)} queries, SQL {sql_ms:.1f} ms)",
            ratio,
            "×",
            "≤ 3×",
            ratio <= 3,
        )
    )
    # First view, compressed: the page and the styles, logo and icon it loads.
    page = client.get(DASHBOARD, HTTP_ACCEPT_ENCODING="gzip")
    total = len(page.content) if page.get("Content-Encoding") == "gzip" else len(gzip.compress(page.content))
    plain = client.get(DASHBOARD).content
    for asset in set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', plain)):
        path = Path(settings.STATIC_ROOT) / asset.decode().removeprefix("/static/")
        if path.exists():
            total += len(gzip.compress(path.read_bytes()))
    figures.append(
        Figure(
            "picture",
            f"dashboard first view, compressed ({database})",
            total / 1024,
            "KB",
            "≤ 250 KB",
            total <= 250 * 1024,
        )
    )
    figures.extend(_reader_pages(client, database))
    figures.extend(_programmes_side_by_side(database))
    return figures


def _reader_pages(analyst: Client, database: str) -> list[Figure]:
    """The dashboard for an anonymous reader, each list behind a figure (its first page, as an
    analyst, who may open every one), the API's picture, the glossary and one trend. Warm, as the
    dashboard: nothing is kept between requests."""
    from django.urls import reverse

    from panorama.picture import lists

    anonymous = Client(HTTP_HOST="localhost")
    figures = []
    warm = median(server_ms(anonymous, DASHBOARD, repeat=21))
    figures.append(
        Figure(
            "picture",
            f"dashboard, median server time warm, anonymous reader ({database})",
            warm,
            "ms",
            "≤ 150 ms",
            warm <= 150,
        )
    )
    for name in lists.TITLES:
        path = reverse("picture:list", kwargs={"name": name})
        ms = median(server_ms(analyst, path, repeat=11))
        figures.append(
            Figure(
                "picture",
                f"list behind a figure `{name}`, first page, analyst, warm ({database})",
                ms,
                "ms",
                "≤ 150 ms",
                ms <= 150,
            )
        )
    api = median(server_ms(analyst, API, repeat=21))
    figures.append(
        Figure(
            "picture",
            f"`{API}`, every figure, analyst, warm ({database})",
            api,
            "ms",
            "≤ 100 ms",
            api <= 100,
        )
    )
    glossary = median(server_ms(analyst, GLOSSARY, repeat=11))
    figures.append(
        Figure(
            "picture",
            f"glossary of figures `{GLOSSARY}`, analyst, warm ({database}; no target)",
            glossary,
            "ms",
            "—",
            None,
        )
    )
    trend_path = reverse("picture:figure", kwargs={"key": TREND_FIGURE})
    trend = median(server_ms(analyst, trend_path, repeat=7))
    figures.append(
        Figure(
            "picture",
            f"one figure's trend `{trend_path}` (eight quarters), analyst, warm ({database}; no target)",
            trend,
            "ms",
            "—",
            None,
        )
    )
    return figures
