"""Reports: the national report's PDF and a body report on the --scale uk picture, each rendered by
`panorama report` in a process of its own (as the worker renders it): the time to read the figures
and render the HTML and PDF (what the command reports; the worker pays Python's start-up once, not
per report), the peak memory of that process and the size of the file (targets from issue 18:
national ≤ 10 s, body ≤ 2 s, peak memory ≤ 500 MB, national PDF ≤ 5 MB)."""

import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import Figure

REPEAT = 3


def _render(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB of the rendering process, bytes) for one `panorama report` run."""
    panorama = str(Path(sys.executable).with_name("panorama"))
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.pdf"
        # GNU time reports this one process's peak resident memory (getrusage's figure for children
        # is the largest of every child so far, not this one's).
        done = subprocess.run(
            [
                "/usr/bin/time",
                "-f",
                "%M",
                panorama,
                "report",
                *args,
                "--format",
                "pdf",
                "--output",
                str(output),
            ],
            check=True,
            env=os.environ,
            capture_output=True,
            text=True,
        )
        seconds = float(re.search(r"in ([0-9.]+) s\.", done.stdout).group(1))
        peak = int(done.stderr.strip().splitlines()[-1]) / 1024
        return seconds, peak, output.stat().st_size


def _body() -> str:
    from django.db.models import Count

    from panorama.organisations.models import Organisation

    # The body with the most programmes: the largest body report.
    return (
        Organisation.objects.annotate(n=Count("programmes")).order_by("-n", "short_name").first().short_name
    )


def run(database: str) -> list[Figure]:
    figures = []
    for kind, args, target_s in [
        ("national", ["national"], 10.0),
        ("body", ["body", "--organisation", _body()], 2.0),
    ]:
        runs = [_render(args) for _ in range(REPEAT)]
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        size = runs[-1][2]
        figures.append(
            Figure(
                "reports",
                f"{kind} report PDF, figures read and rendered, median of {REPEAT} ({database})",
                seconds,
                "s",
                f"≤ {target_s:g} s",
                seconds <= target_s,
            )
        )
        figures.append(
            Figure("reports", f"{kind} report peak memory ({database})", peak, "MB", "≤ 500 MB", peak <= 500)
        )
        if kind == "national":
            figures.append(
                Figure(
                    "reports",
                    f"national report PDF size ({database})",
                    size / 1e6,
                    "MB",
                    "≤ 5 MB",
                    size <= 5e6,
                )
            )
    return figures
