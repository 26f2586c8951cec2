"""Panorama's one settings module, driven by the environment (see .env.example).

Every helper fails loudly on a bad value: a typo in a variable must stop start-up with a
sentence that names it, never fall back silently to a default.
"""

import os
import secrets
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_decimal(name: str, default: str) -> Decimal:
    raw = os.environ.get(name, "").strip() or default
    try:
        return Decimal(raw)
    except ArithmeticError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


def data_dir() -> Path:
    path = Path(env_str("PANORAMA_DATA_DIR") or BASE_DIR / "var").resolve()
    if path.exists() and not path.is_dir():
        raise ImproperlyConfigured(f"The data directory {path} is a file, not a directory.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(f"Cannot create the data directory {path}: {exc.strerror}.") from None
    if not os.access(path, os.W_OK):
        raise ImproperlyConfigured(f"The data directory {path} is not writable.")
    return path


def secret_key(directory: Path) -> str:
    """Use PANORAMA_SECRET_KEY, or one generated once into the data directory and kept there."""
    if key := env_str("PANORAMA_SECRET_KEY"):
        return key
    key_file = directory / "secret_key"
    if key_file.exists():
        key = key_file.read_text().strip()
        if len(key) < 50:
            raise ImproperlyConfigured(f"The secret key in {key_file} is corrupt (too short); delete it.")
        return key
    key = secrets.token_urlsafe(64)
    private_file(key_file)
    key_file.write_text(key)
    return key


def private_file(path: Path) -> None:
    """Create `path` readable and writable only by its owner, or make it so. Born private, so it
    is never readable by others even for a moment; SQLite gives its WAL and shared-memory files
    the database file's permissions, so they follow."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)


DATA_DIR = data_dir()
SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("PANORAMA_DEBUG", False)
ALLOWED_HOSTS = env_list("PANORAMA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("PANORAMA_CSRF_TRUSTED_ORIGINS", [])
# Behind a TLS-terminating proxy (the production configuration) cookies are secure and HSTS is sent.
HTTPS = env_bool("PANORAMA_HTTPS", not DEBUG)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks_db",
    "panorama.core",
    "panorama.organisations",
    "panorama.accounts",
    "panorama.site",
    "panorama.strategy",
    "panorama.programmes",
    "panorama.returns",
    "panorama.finance",
    "panorama.skills",
    "panorama.lessons",
    "panorama.collaboration",
    "panorama.radar",
    "panorama.picture",
    "panorama.prioritisation",
    "panorama.reports",
    "panorama.api",
]

MIDDLEWARE = [
    "panorama.site.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Gives an anonymous reader a kept public answer before the rest of the stack (core/answers.py).
    "panorama.core.answers.AnswerCacheMiddleware",
    "panorama.site.middleware.HeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "panorama.accounts.middleware.ApiTokenMiddleware",
    "panorama.accounts.middleware.MustChangePasswordMiddleware",
    "panorama.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "panorama.site.middleware.InputRuleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "panorama.urls"
WSGI_APPLICATION = "panorama.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "panorama" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "panorama.navigation.context",
            ],
            "builtins": ["panorama.core.templatetags.ds"],
        },
    }
]

# --- Database: embedded SQLite by default, PostgreSQL when DATABASE_URL is set (empty = default).
SQLITE_PATH = DATA_DIR / "panorama.sqlite3"
if database_url := env_str("DATABASE_URL").strip():
    try:
        DATABASES = {"default": dj_database_url.parse(database_url, conn_max_age=60, conn_health_checks=True)}
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database address Panorama understands: {exc}"
        ) from None
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["connect_timeout"] = 5
    # No just-in-time compilation: it pays off for long analytical queries, and Panorama's are
    # short. Above its cost threshold PostgreSQL spent 1.2 s compiling one dashboard count that
    # runs in 0.3 s (bench/notes_picture.md). And 16 MB, not 4, for each sort or hash: the
    # library's front page groups up to 100,000 lessons into about 1,000 facet groups, which
    # PostgreSQL, overestimating the groups, otherwise sorts on disk (an analyst's: 219 → 110 ms).
    # At gunicorn's 16 threads that is at most a few hundred megabytes, briefly.
    options["options"] = "-c jit=off -c work_mem=16MB"
else:
    private_file(SQLITE_PATH)
    for companion in ("-wal", "-shm"):  # made before this rule by an older Panorama
        if (path := SQLITE_PATH.with_name(SQLITE_PATH.name + companion)).exists():
            path.chmod(0o600)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            # Each server thread keeps its connection for a minute: opening one and running the
            # pragmas below cost about 3 ms, more than a kept API answer takes to give.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers carry on while one writer writes; IMMEDIATE avoids
                # "database is locked" on upgrade from a read to a write transaction.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                    " PRAGMA busy_timeout=5000; PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People, sign-in and lock-out.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "site:home"
LOGOUT_REDIRECT_URL = "site:home"
# Sign-in throttling (accounts/throttle.py): an email is locked from the address that failed for it,
# so nobody elsewhere can lock its person out; an address that fails too often for any emails is
# refused before a password is hashed.
PANORAMA_LOCKOUT_MINUTES = env_int("PANORAMA_LOCKOUT_MINUTES", 15)
AXES_FAILURE_LIMIT = env_int("PANORAMA_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = PANORAMA_LOCKOUT_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "panorama.accounts.throttle.client_address"
PANORAMA_SIGN_IN_ADDRESS_LIMIT = env_int("PANORAMA_SIGN_IN_ADDRESS_LIMIT", 30)
# How many proxies in front of Panorama append to X-Forwarded-For (one, the TLS proxy, by default
# when TLS ends at a proxy; none for the local demo, where the client connects directly).
PANORAMA_TRUSTED_PROXIES = env_int("PANORAMA_TRUSTED_PROXIES", 1 if HTTPS else 0)
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Personal API tokens expire after this many days unless made with a shorter life.
PANORAMA_TOKEN_DAYS = env_int("PANORAMA_TOKEN_DAYS", 90)
# Minting tokens and managing people ask for the password again after this many minutes.
PANORAMA_REAUTH_MINUTES = env_int("PANORAMA_REAUTH_MINUTES", 15)
# Analysts, auditors and administrators must sign in with a second factor (an authenticator
# app's code). On by default; tests and `make run`'s demo switch it off.
PANORAMA_REQUIRE_2FA = env_bool("PANORAMA_REQUIRE_2FA", True)
SESSION_COOKIE_AGE = env_int("PANORAMA_SESSION_SECONDS", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Security headers.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# TLS ends at the proxy in front of Panorama, which redirects to HTTPS and sets this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = env_bool("PANORAMA_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# --- Static files: the design system is served by the app itself, never from a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("design-system", BASE_DIR / "node_modules" / "@scottish-government" / "design-system" / "dist"),
    # Roboto, the design system's typeface, from npm: pages never depend on a font the machine has.
    ("roboto", BASE_DIR / "node_modules" / "@fontsource" / "roboto" / "files"),
    BASE_DIR / "panorama" / "static",
]
# Generated files (the open data, report PDFs) go through Django's storage API, in the storage named
# "generated" (`panorama.core.files`): a directory by default (PANORAMA_FILES_DIR, else the data
# directory's `files/`; several machines share it over NFS), or any S3-compatible store with
# PANORAMA_STORAGE=s3 (django-storages; `pip install boto3` too), so that no app server keeps a file
# only on its own disk. The database keeps each file's name, size and SHA-256.
FILES_DIR = Path(env_str("PANORAMA_FILES_DIR") or DATA_DIR / "files").resolve()
MEDIA_ROOT = FILES_DIR
STORAGE_KIND = env_str("PANORAMA_STORAGE", "filesystem").strip().lower()
if STORAGE_KIND == "filesystem":
    GENERATED_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(FILES_DIR), "file_permissions_mode": 0o640},
    }
elif STORAGE_KIND == "s3":
    GENERATED_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("PANORAMA_S3_BUCKET"),
            "endpoint_url": env_str("PANORAMA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("PANORAMA_S3_REGION") or None,
            "access_key": env_str("PANORAMA_S3_ACCESS_KEY") or None,
            "secret_key": env_str("PANORAMA_S3_SECRET_KEY") or None,
            "location": env_str("PANORAMA_S3_PREFIX", "panorama"),
            "default_acl": None,
            # Names are content-addressed (they hold the file's SHA-256), so the same name is always
            # the same bytes: writing it again changes nothing.
            "file_overwrite": True,
        },
    }
    if not GENERATED_STORAGE["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("PANORAMA_STORAGE=s3 needs PANORAMA_S3_BUCKET.")
else:
    raise ImproperlyConfigured(f"PANORAMA_STORAGE must be filesystem or s3, not {STORAGE_KIND!r}.")
STORAGES = {
    "default": GENERATED_STORAGE,
    "generated": GENERATED_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Several app servers, one database: sessions (Django's default, the database), lock-out
# counters (django-axes' default database handler), the cache and the task queue all live in the
# database, so every process sees every other's writes and invalidations.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "panorama_cache",
        "OPTIONS": {"MAX_ENTRIES": env_int("PANORAMA_CACHE_ENTRIES", 20_000)},
    }
}
# Background work (django.tasks) queued in the database (django-tasks-db) and run by `panorama worker`.
# A task is enqueued in the transaction of the write that asks for it: no write, no task.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A job whose worker died (kill -9, a lost machine) is run again this many times in all, then
# marked failed; a job running longer than PANORAMA_TASK_LOST_SECONDS on another machine is lost.
PANORAMA_TASK_ATTEMPTS = env_int("PANORAMA_TASK_ATTEMPTS", 3)
PANORAMA_TASK_LOST_SECONDS = env_int("PANORAMA_TASK_LOST_SECONDS", 3600)
# /readyz answers 503 when the oldest job waiting to run has waited longer than this.
PANORAMA_READY_QUEUE_SECONDS = env_int("PANORAMA_READY_QUEUE_SECONDS", 300)
# A web upload of more rows than this is confirmed by the worker, not in the request.
PANORAMA_RETURNS_BACKGROUND_ROWS = env_int("PANORAMA_RETURNS_BACKGROUND_ROWS", 5_000)
WHITENOISE_MANIFEST_STRICT = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

# Email goes to the console unless a backend is named (e.g. django.core.mail.backends.smtp.EmailBackend).
EMAIL_BACKEND_NAME = env_str("PANORAMA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_NAME}}
if EMAIL_BACKEND_NAME.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("PANORAMA_SMTP_HOST", "localhost"),
        "port": env_int("PANORAMA_SMTP_PORT", 587),
        "username": env_str("PANORAMA_SMTP_USER"),
        "password": env_str("PANORAMA_SMTP_PASSWORD"),
        "use_tls": env_bool("PANORAMA_SMTP_TLS", True),
    }
DEFAULT_FROM_EMAIL = env_str("PANORAMA_FROM_EMAIL", "panorama@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# PANORAMA_LOG_FORMAT=json: one JSON object a line (time, level, logger, message, request id).
LOG_FORMAT = env_str("PANORAMA_LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"PANORAMA_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "panorama.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "panorama.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env_str("PANORAMA_LOG_LEVEL", "WARNING")},
    "loggers": {"panorama.requests": {"level": "INFO"}} if LOG_FORMAT == "json" else {},
}

# --- Panorama's own settings.
PANORAMA_DEMO_PASSWORD = env_str("PANORAMA_DEMO_PASSWORD", "panorama-demo-2026")
# The demo's "today" (an ISO date); empty: the day the demo is loaded (panorama/core/demo_clock.py).
PANORAMA_DEMO_TODAY = env_str("PANORAMA_DEMO_TODAY")
# `panorama demo` runs these steps in order; each app contributes its own (core imports none of them).
PANORAMA_DEMO_STEPS = [
    "panorama.organisations.demo.load",
    "panorama.accounts.demo.load",
    "panorama.strategy.demo.load",
    # The register, its illustrative programmes kept apart by the overlap finder (the programmes
    # demo, run by collaboration, which the programmes app may not import).
    "panorama.collaboration.demo_register.load",
    "panorama.returns.demo.load",
    "panorama.finance.demo.load",
    "panorama.skills.demo.load",
    "panorama.lessons.demo.load",
    "panorama.collaboration.demo.load",
    "panorama.radar.demo.load",
    "panorama.picture.demo.load",
    "panorama.prioritisation.demo.load",
    "panorama.reports.demo.load",
    # Last: what every lesson, programme and challenge means, once they all exist.
    "panorama.core.meaning.demo_load",
]
# Return kinds (panorama.returns.kinds.ReturnKind) that bodies send through the returns machinery.
PANORAMA_RETURN_KINDS: list[str] = [
    "panorama.programmes.return_kinds.PROGRESS",
    "panorama.programmes.return_kinds.PROGRAMMES",
    "panorama.skills.return_kinds.WORKFORCE",
    "panorama.finance.return_kinds.FINANCE",
    "panorama.finance.return_kinds.LEGACY_SYSTEMS",
    "panorama.picture.return_kinds.SERVICES",
    "panorama.lessons.return_kinds.LESSONS",
    "panorama.lessons.return_kinds.ASSURANCE_REVIEWS",
    "panorama.picture.return_kinds.SERVICE_PERFORMANCE",
    "panorama.radar.return_kinds.TECHNOLOGY",
]
# Each app that adds demo sign-ins lists them: (email, what they can do).
PANORAMA_DEMO_SIGN_INS = ["panorama.accounts.demo.demo_people", "panorama.collaboration.demo.demo_people"]
# A programme is *major* at or above this whole-life cost (the Technology Assurance Framework's £5m).
PANORAMA_MAJOR_THRESHOLD = env_decimal("PANORAMA_MAJOR_THRESHOLD", "5000000")
PANORAMA_PAGE_SIZE = env_int("PANORAMA_PAGE_SIZE", 50)
# A legacy system is *near* the end of vendor support within this many months of it.
PANORAMA_LEGACY_NEAR_MONTHS = env_int("PANORAMA_LEGACY_NEAR_MONTHS", 24)
CSRF_FAILURE_VIEW = "panorama.site.views.csrf_failure"
# The address people reach Panorama at, for links in emails.
PANORAMA_BASE_URL = env_str("PANORAMA_BASE_URL", "http://127.0.0.1:8000")

# --- Returns: the limits on what one uploaded return may be (each an environment variable).
PANORAMA_RETURNS_MAX_BYTES = env_int("PANORAMA_RETURNS_MAX_BYTES", 25_000_000)
# An XLSX is a zip: refuse one that would unpack to more than this (a zip bomb).
PANORAMA_RETURNS_MAX_UNPACKED_BYTES = env_int("PANORAMA_RETURNS_MAX_UNPACKED_BYTES", 250_000_000)
PANORAMA_RETURNS_MAX_ROWS = env_int("PANORAMA_RETURNS_MAX_ROWS", 200_000)
# Each checked upload is kept for two days: at most this many a person an hour, and only their
# newest unconfirmed ones.
PANORAMA_RETURNS_UPLOADS_PER_HOUR = env_int("PANORAMA_RETURNS_UPLOADS_PER_HOUR", 30)
PANORAMA_RETURNS_MAX_PENDING = env_int("PANORAMA_RETURNS_MAX_PENDING", 5)
# An XLSX keeps its text once, in a shared-strings part that openpyxl reads whole: bound its
# unpacked size and how many texts it holds (a "shared-strings bomb").
PANORAMA_RETURNS_MAX_SHARED_STRINGS_BYTES = env_int("PANORAMA_RETURNS_MAX_SHARED_STRINGS_BYTES", 50_000_000)
PANORAMA_RETURNS_MAX_SHARED_STRINGS = env_int("PANORAMA_RETURNS_MAX_SHARED_STRINGS", 1_000_000)
# Excel's own limit is 32,767 characters; a longer cell is a mistake or an attack.
PANORAMA_RETURNS_MAX_CELL = env_int("PANORAMA_RETURNS_MAX_CELL", 32_000)
# Problems kept for one file (all are counted); a file with more has a systematic fault to fix first.
PANORAMA_RETURNS_MAX_PROBLEMS = env_int("PANORAMA_RETURNS_MAX_PROBLEMS", 5_000)
# Accept "£1.2m" and "£3bn" in money columns; when false such cells are refused with a hint.
PANORAMA_RETURNS_MONEY_SUFFIXES = env_bool("PANORAMA_RETURNS_MONEY_SUFFIXES", True)
# Days before the due date on which `panorama send_return_reminders` reminds bodies that owe a return.
PANORAMA_RETURNS_REMINDER_DAYS = [int(d) for d in env_list("PANORAMA_RETURNS_REMINDER_DAYS", ["14", "3"])]
