import multiprocessing

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication

from panorama.wsgi import application


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return application


def gunicorn_options(*, host: str, port: int, workers: int, threads: int) -> dict:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        # With JSON logs, Panorama logs each request itself (with its request id), one object a line.
        "accesslog": None if settings.LOG_FORMAT == "json" else "-",
        "timeout": 60,
        # A worker is replaced after this many requests (staggered), so memory one request's
        # parsing left behind (openpyxl's, say) is given back rather than held for ever. Not much
        # more often: a replacement drops the worker's kept-alive connections, and at 1,000 a
        # server under a few hundred requests a second replaced a worker every few seconds
        # (docs/performance.md, "Load").
        "max_requests": 10000,
        "max_requests_jitter": 2000,
        # Request line and headers: gunicorn's own bounds, stated. The body's limits are Django's
        # (PANORAMA_RETURNS_MAX_BYTES for a return; DATA_UPLOAD_MAX_MEMORY_SIZE otherwise) and
        # the proxy's (README: "Signing in, and what the proxy must do").
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
    }


class Command(BaseCommand):
    help = "Serve Panorama with gunicorn, a production-grade WSGI server (static files included)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        parser.add_argument(
            "--workers",
            type=int,
            default=min(4, multiprocessing.cpu_count() * 2),
            help="Worker processes (default: twice the cores, at most 4).",
        )
        parser.add_argument("--threads", type=int, default=4, help="Threads per worker (default 4).")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, **options) -> None:
        self.stdout.write(f"Panorama is serving at http://{host}:{port}/ (Ctrl+C to stop)")
        _Gunicorn(gunicorn_options(host=host, port=port, workers=workers, threads=threads)).run()
