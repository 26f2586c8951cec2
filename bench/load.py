"""Load: a steady rate of mixed reads against two `panorama serve` processes on one database, while
returns are imported through the CLI. Reports errors, latency percentiles by kind of request, the
imports, and each server's memory (resident set of its master and workers) at start and end.

    PANORAMA_DATA_DIR=var/ukpg DATABASE_URL=postgres://…/panorama_bench \\
        .venv/bin/python bench/load.py --seconds 600 --rate 200 --ports 8160,8161

The database must hold the `panorama demo --scale uk` picture (bench/run.py builds it). Requests go
to the loopback only, at a fixed rate decided in advance (an open loop): latency is measured from
the moment a request was due, so a server that stalls is charged for the requests queued behind it.
Every loop is bounded in time; the script stops its servers itself.
"""

import argparse
import http.client
import json
import os
import queue
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PANORAMA = str(Path(sys.executable).with_name("panorama"))
PASSWORD = "panorama-demo-2026"  # noqa: S105 (the demo people's published password: `panorama demo --sign-ins`)
CLIENT_THREADS = 64
TIMEOUT = 30  # seconds a request may take, or wait to be sent, before it counts as an error

# What the setup finds in the picture: bodies with programmes, a programme, the latest quarter; and a
# progress return for each body, with fresh confidence ratings, to import while the load runs.
SETUP = r"""
import json, random
from django.db.models import Count
from panorama.core.models import Period
from panorama.organisations.models import Organisation
from panorama.programmes.models import Programme
period = Period.objects.filter(progress_updates__isnull=False, kind="quarter").order_by("-start").first()
bodies = list(
    Organisation.objects.filter(short_name__in=["SSS", "DS", "NHS24", "EDC"])
    .annotate(n=Count("programmes")).filter(n__gt=0).order_by("short_name")
)
random.seed(7)
files = []
for body in bodies:
    rows = ["programme_ref,confidence,milestones_met,milestones_missed"]
    for p in Programme.objects.filter(organisation=body).active().order_by("title"):
        rows.append(f'"{(p.reference or p.title).replace(chr(34), chr(34) * 2)}",{{confidence}},{{met}},0')
    files.append({"short_name": body.short_name, "template": "\n".join(rows) + "\n"})
programme = Programme.objects.order_by("pk").first()
print("SETUP " + json.dumps({
    "period": period.label,
    "bodies": [b.slug for b in bodies],
    "imports": files,
    "programme": str(programme.public_id),
    "illustrative_bodies": list(Organisation.objects.filter(illustrative=True).order_by("pk").values_list("slug", flat=True)[:40]),
}))
"""


def public_paths(setup: dict) -> list[str]:
    bodies = setup["bodies"] + setup["illustrative_bodies"][:10]
    return [
        "/",
        "/picture/",
        "/programmes/",
        "/programmes/?confidence=red",
        "/programmes/?sort=cost&page=3",
        f"/programmes/{setup['programme']}/",
        "/organisations/",
        *[f"/organisations/{slug}/" for slug in bodies],
        "/picture/figures/",
        "/lessons/",
        "/open-data/",
        "/strategy/",
    ]


def api_paths(setup: dict) -> list[str]:
    return [
        "/api/v1/programmes?confidence=red&page_size=50",
        "/api/v1/programmes?page_size=50",
        "/api/v1/programmes?page_size=50&page=7",
        "/api/v1/programmes?sort=variance&page_size=20",
        "/api/v1/programmes?phase=live&page_size=50",
        *[f"/api/v1/programmes?organisation={slug}" for slug in setup["bodies"]],
        f"/api/v1/programmes/{setup['programme']}",
        "/api/v1/organisations",
        "/api/v1/picture",
        "/api/v1/returns/kinds",
    ]


def signed_in_paths(setup: dict) -> list[tuple[str, str]]:
    """(who, path): an analyst and an editor of a body."""
    body = setup["bodies"][0]
    return [
        ("analyst@demo.scot", "/picture/"),
        ("analyst@demo.scot", "/programmes/?confidence=red"),
        ("analyst@demo.scot", "/returns/"),
        ("analyst@demo.scot", f"/organisations/{body}/"),
        ("analyst@demo.scot", "/investment/"),
        (f"editor@{body}.demo.scot", f"/organisations/{body}/"),
        (f"editor@{body}.demo.scot", "/returns/"),
        (f"editor@{body}.demo.scot", "/programmes/"),
    ]


# --- Servers ---------------------------------------------------------------------------------------


def start_server(port: int, env: dict, work: Path) -> subprocess.Popen:
    """A server whose errors (and gunicorn's log) go to server-PORT.log in the work directory."""
    log = (work / f"server-{port}.log").open("w")
    return subprocess.Popen(
        [PANORAMA, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def wait_for(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz", headers={"Host": "localhost"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server on port {port} did not start")


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its living children have used, in seconds."""
    total = 0
    for current in _tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn's master and workers), in MB."""
    total = 0
    for current in _tree(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(found.group(1)) if found else 0
    return total / 1024


# --- Clients ---------------------------------------------------------------------------------------


def sign_in(port: int, email: str) -> str:
    """Sign in through the form, as a browser does; the Cookie header to send afterwards."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/sign-in/", headers={"Host": "localhost"})
    response = conn.getresponse()
    page = response.read().decode()
    cookies = dict(re.findall(r"(csrftoken)=([^;]+)", response.getheader("Set-Cookie", "")))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD})
    conn.request(
        "POST",
        "/sign-in/",
        body=body,
        headers={
            "Host": "localhost",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": "http://localhost/sign-in/",
        },
    )
    response = conn.getresponse()
    response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("sessionid="):
            cookies["sessionid"] = value.split(";", 1)[0].split("=", 1)[1]
    if "sessionid" not in cookies:
        raise SystemExit(f"{email} could not sign in (status {response.status})")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = {}
        self.answered: list[float] = []  # requests answered without error
        self.by_path: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.late = 0

    def add(self, kind: str, path: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.samples.setdefault(kind, []).append(ms)
            self.by_path.setdefault(path, []).append(ms)
            if error:
                self.errors.append(f"{kind} {path}: {error}")
            else:
                self.answered.append(ms)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


def client(jobs: queue.Queue, results: Results, cookies: dict[str, str], give_up: float) -> None:
    connections: dict[int, http.client.HTTPConnection] = {}
    while True:
        job = jobs.get()
        if job is None:
            return
        due, port, kind, who, path = job
        if time.monotonic() - due > give_up:
            # The servers are so far behind that this request would be sent long after its time:
            # it counts as an error and is not sent, so that the run ends when it should.
            results.add(kind, path, (time.monotonic() - due) * 1000, "not sent: more than the timeout late")
            continue
        headers = {"Host": "localhost", "Accept-Encoding": "gzip"}
        if who:
            headers["Cookie"] = cookies[(who, port)]
        error = None
        # A kept-alive connection the server has closed while idle (gunicorn keeps one 2 s) fails
        # at once on its next request: as browsers and HTTP libraries do, try once more on a new one.
        for attempt in (1, 2):
            reused, sent = port in connections, time.monotonic()
            try:
                conn = connections.get(port) or http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
                connections[port] = conn
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    error = f"status {response.status}"
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    connections.pop(port, None)
                break
            except (OSError, http.client.HTTPException) as exc:
                connections.pop(port, None)
                # Closed at once: the server had closed it before the request came (a worker that
                # died on the request, after its timeout, is an error and is not tried again).
                quick = time.monotonic() - sent < 0.5
                stale = quick and isinstance(exc, (ConnectionResetError, BrokenPipeError))
                if not (reused and stale and attempt == 1):
                    error = f"{type(exc).__name__}: {exc}"
                    break
        results.add(kind, path, (time.monotonic() - due) * 1000, error)


# --- Imports ---------------------------------------------------------------------------------------


def importer(stop: threading.Event, setup: dict, env: dict, every: float, work: Path, log: list) -> None:
    rng = random.Random(11)
    ratings = ["green", "amber-green", "amber", "amber-red", "red"]
    turn = 0
    while not stop.wait(every if turn else 5):
        item = setup["imports"][turn % len(setup["imports"])]
        turn += 1
        text = "\n".join(
            line.replace("{confidence}", rng.choice(ratings)).replace("{met}", str(rng.randint(0, 6)))
            for line in item["template"].splitlines()
        )
        path = work / f"progress-{item['short_name']}.csv"
        path.write_text(text + "\n")
        started = time.monotonic()
        done = subprocess.run(
            [
                PANORAMA,
                "import",
                "progress",
                str(path),
                "--organisation",
                item["short_name"],
                "--period",
                setup["period"],
                "--as",
                "analyst@demo.scot",
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        log.append(
            {
                "body": item["short_name"],
                "rows": text.count("\n"),
                "seconds": round(time.monotonic() - started, 2),
                "ok": done.returncode == 0,
                "said": (done.stdout + done.stderr).strip().splitlines()[-1:] if done.returncode else [],
            }
        )


# --- The run ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600, help="How long the load runs (default 600).")
    parser.add_argument("--rate", type=float, default=200, help="Requests a second (default 200).")
    parser.add_argument("--ports", default="8160,8161", help="Two ports for the two servers.")
    parser.add_argument("--import-every", type=float, default=20, help="Seconds between CLI imports.")
    parser.add_argument("--json", help="Also write the results to this file.")
    parser.add_argument(
        "--warm-rounds",
        type=int,
        default=4,
        help="Times each address is sent to each server first (default 4).",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        print("note: DATABASE_URL is empty, so this runs on SQLite", file=sys.stderr)
    env = {
        **os.environ,
        "PANORAMA_HTTPS": "false",
        "PANORAMA_REQUIRE_2FA": "false",
        "PANORAMA_ALLOWED_HOSTS": "localhost,127.0.0.1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    work = Path(os.environ.get("PANORAMA_DATA_DIR", ROOT / "var")) / "load"
    work.mkdir(parents=True, exist_ok=True)
    found = subprocess.run(
        [PANORAMA, "shell", "-c", SETUP],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    setup = json.loads(next(line for line in found.stdout.splitlines() if line.startswith("SETUP "))[6:])
    ports = [int(p) for p in args.ports.split(",")]
    servers = {port: start_server(port, env, work) for port in ports}
    # The worker runs the background work the imports ask for (open data after a return).
    worker = subprocess.Popen(
        [PANORAMA, "worker"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(work / "worker.log").open("w"),
    )
    stop = threading.Event()
    imports: list[dict] = []
    try:
        for port in ports:
            wait_for(port)
        people = sorted({who for who, _ in signed_in_paths(setup)})
        cookies = {(who, port): sign_in(port, who) for who in people for port in ports}
        mix = (
            [("public", "", p) for p in public_paths(setup)] * 4
            + [("signed in", who, p) for who, p in signed_in_paths(setup)] * 4
            + [("api", "", p) for p in api_paths(setup)] * 4
        )

        # Warm up: every address through each server, several at a time and as often as a server
        # has worker processes, so that (nearly) every worker has met every page and loaded what
        # it loads once (templates, the lessons' meaning matrix): the run then measures servers in
        # use, and memory that still grows is growth, not a first load.
        def warm(port: int, kind: str, who: str, path: str) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            headers = {"Host": "localhost", **({"Cookie": cookies[(who, port)]} if who else {})}
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{kind} {path} answered {response.status} on warming up")

        addresses = list(dict.fromkeys(mix))
        for _ in range(args.warm_rounds):
            warmers = [
                threading.Thread(target=warm, args=(port, *address))
                for port in ports
                for address in addresses
            ]
            for i in range(0, len(warmers), 8):
                for thread in warmers[i : i + 8]:
                    thread.start()
                for thread in warmers[i : i + 8]:
                    thread.join()
        rss_start = {port: rss_mb(process.pid) for port, process in servers.items()}
        cpu_start = sum(cpu_seconds(process.pid) for process in servers.values())
        own_start = time.process_time()
        load_start = os.getloadavg()
        rss_samples: list[dict] = []

        def sample_rss() -> None:
            while not stop.wait(60):
                rss_samples.append(
                    {
                        "second": round(time.monotonic() - started),
                        **{str(port): round(rss_mb(p.pid)) for port, p in servers.items()},
                        "load": round(os.getloadavg()[0], 1),
                    }
                )

        results = Results()
        jobs: queue.Queue = queue.Queue()
        clients = [
            threading.Thread(target=client, args=(jobs, results, cookies, TIMEOUT), daemon=True)
            for _ in range(CLIENT_THREADS)
        ]
        for thread in clients:
            thread.start()
        loader = threading.Thread(
            target=importer, args=(stop, setup, env, args.import_every, work, imports), daemon=True
        )
        loader.start()
        rng = random.Random(3)
        total = int(args.seconds * args.rate)
        started = time.monotonic()
        threading.Thread(target=sample_rss, daemon=True).start()
        for n in range(total):
            due = started + n / args.rate
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            kind, who, path = rng.choice(mix)
            jobs.put((due, ports[n % len(ports)], kind, who, path))
        for _ in clients:
            jobs.put(None)
        for thread in clients:
            thread.join(timeout=TIMEOUT * 3)
        elapsed = time.monotonic() - started
        stop.set()
        loader.join(timeout=300)
        rss_end = {port: rss_mb(process.pid) for port, process in servers.items()}
        # The servers' CPU per request (workers replaced during the run take theirs with them).
        cpu = {
            "servers_seconds": round(sum(cpu_seconds(p.pid) for p in servers.values()) - cpu_start, 1),
            "load_generator_seconds": round(time.process_time() - own_start, 1),
        }
        load_end = os.getloadavg()
    finally:
        stop.set()
        worker.terminate()
        for process in servers.values():
            process.terminate()
        for process in servers.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    # What the servers said about any answer that failed (Django logs a 500 with its traceback).
    for port in ports:
        said = (work / f"server-{port}.log").read_text(errors="replace").splitlines()
        failed = [i for i, line in enumerate(said) if "Internal Server Error" in line or "Traceback" in line]
        if failed:
            print(
                f"server on {port} logged {len(failed)} failures; the first:",
                *said[failed[0] : failed[0] + 30],
                sep="\n",
            )
    report(
        args, results, imports, rss_start, rss_end, elapsed, setup, rss_samples, (load_start, load_end), cpu
    )


def report(
    args,
    results: Results,
    imports: list,
    rss_start: dict,
    rss_end: dict,
    elapsed: float,
    setup,
    rss_samples,
    loads,
    cpu,
) -> None:
    everything = [ms for values in results.samples.values() for ms in values]
    rows = []
    for kind, values in [
        ("all", everything),
        *sorted(results.samples.items()),
        ("answered", results.answered),
    ]:
        rows.append(
            {
                "kind": kind,
                "requests": len(values),
                "p50": percentile(values, 50),
                "p95": percentile(values, 95),
                "p99": percentile(values, 99),
                "max": max(values) if values else 0.0,
            }
        )
    slowest = sorted(
        ((path, percentile(v, 95), statistics.median(v), len(v)) for path, v in results.by_path.items()),
        key=lambda r: -r[1],
    )[:8]
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    out = {
        "database": database,
        "seconds": round(elapsed, 1),
        "rate_asked": args.rate,
        "rate_served": round(len(everything) / elapsed, 1),
        "errors": len(results.errors),
        "error_kinds": dict(Counter(e.split(": ", 1)[1].split(":")[0] for e in results.errors).most_common()),
        "error_samples": results.errors[:10],
        "latency_ms": rows,
        "slowest_p95": [
            {"path": p, "p95": round(a, 1), "p50": round(b, 1), "n": n} for p, a, b, n in slowest
        ],
        "imports": imports,
        "rss_mb": {
            str(port): {"start": round(rss_start[port]), "end": round(rss_end[port])} for port in rss_start
        },
        "period": setup["period"],
        "rss_every_minute": rss_samples,
        "load_average": {"start": list(loads[0]), "end": list(loads[1])},
        "cpu": cpu,
    }
    print(
        f"Load: {out['seconds']} s at {args.rate:g} requests/s on {database}, two servers, imports every "
        f"{args.import_every:g} s"
    )
    print(f"requests {len(everything)} ({out['rate_served']}/s), errors {out['errors']} {out['error_kinds']}")
    print("| Requests | Count | p50 | p95 | p99 | Max |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['kind']} | {row['requests']:,} | {row['p50']:.0f} ms | {row['p95']:.0f} ms | "
            f"{row['p99']:.0f} ms | {row['max']:.0f} ms |"
        )
    print("slowest by p95:", json.dumps(out["slowest_p95"]))
    ok = [i for i in imports if i["ok"]]
    print(
        f"imports: {len(imports)} ({len(ok)} applied), "
        f"median {statistics.median([i['seconds'] for i in imports]) if imports else 0:.1f} s"
    )
    for port, rss in out["rss_mb"].items():
        print(f"server on {port}: RSS {rss['start']} MB at start, {rss['end']} MB at end")
    print("RSS every minute:", json.dumps(rss_samples))
    print(f"load average (1, 5, 15 min): start {loads[0]}, end {loads[1]}")
    answered = len(results.answered) or 1
    print(
        f"CPU: servers {cpu['servers_seconds']} s ({cpu['servers_seconds'] * 1000 / answered:.0f} ms a request"
        f" answered), load generator {cpu['load_generator_seconds']} s, over {elapsed:.0f} s of 2 cores"
    )
    if results.errors:
        print("errors:", *results.errors[:10], sep="\n  ")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
