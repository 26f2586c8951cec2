"""Public answers kept between requests, and conditional requests (ETag → 304).

The data behind a public list changes when returns are accepted, not on every request, so an
anonymous reader's answer can be kept and given again until something it depends on is written:

- A *scope* names the tables an answer depends on ("register": the programmes, their bodies, links
  to commitments, platforms and tags). A migration puts database triggers on each of them
  (`watch`): any insert, update or delete, by the ORM, a bulk import or plain SQL, sets a new random
  token in `core.DataVersion` **in the same transaction** as the write.
- `@public_answer(scope)` goes inside an endpoint's `@endpoint`/`@require`, so the permission is
  checked first. It reads the scope's token before the view reads any data, and marks an anonymous
  reader's 200 answer as one that may be kept under that token.
- `AnswerCacheMiddleware` (just inside SecurityMiddleware) gives a request that carries no cookie
  and no Authorization header, for a path whose answer was kept, the kept answer for the token it
  reads from the database now: headers and body exactly as the whole stack produced them for the
  same address. Anyone signed in, or sending a token, always gets an answer made for them. Every
  marked answer carries a strong ETag of its body; `If-None-Match` with it answers 304.

Public pages are kept the same way under the scope "site" (`@public_page`), which every write to
any domain table changes: after every `migrate`, `watch_site` puts the same triggers on every table
of Panorama's apps but those in `UNWATCHED` (written while people read or sign in, and never shown
on a public page). A page is kept only for a reader with no cookie at all, so never with a session,
messages or a CSRF token; an answer that sets a cookie is not kept; and today's date is part of the
key, so "due in 3 days" is never given on the next day.

Each server process keeps answers in memory (bounded in bytes) and puts each one it makes in Django's
cache (the database's cache table, shared by every process) under the same key, so that after a
write a page is made once, not once by each process; every process reads the token from the one
database on every request, so a write through one process is seen on the next read through any
other. Figures a signed-in page computes (`kept_value`) are kept per process only. The token is
random, not a counter, so a rolled-back transaction cannot bring back a token that once stood for
other data.
"""

import contextlib
import hashlib
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.apps import apps
from django.core.cache import caches
from django.db import DatabaseError, IntegrityError, connection, connections, migrations, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response

MAX_BYTES = 16 * 1024 * 1024  # per process: a couple of hundred pages of 50 programmes, or of HTML
MAX_PATHS = 4096  # addresses (without their query) whose scope a process remembers
SITE = "site"
# Written while people read, sign in or wait for their jobs, and never shown on a public page:
# watching them would throw every kept page away on every request.
UNWATCHED = frozenset(
    {
        "core_dataversion",
        "core_job",
        "core_notification",
        "core_auditevent",
        "accounts_apitoken",
        "accounts_twofactor",
        "accounts_recoverycode",
        "lessons_lessonsearch",
        "returns_pendingupload",
        "reports_reportjob",
    }
)
_GZIP = re.compile(r"\bgzip\b")
_NAME = re.compile(r"[a-z][a-z0-9_]*")


def version(scope: str) -> str:
    """The scope's current token, as this transaction sees it (made on first use)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM core_dataversion WHERE scope = %s", [scope])
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    token = uuid.uuid4().hex
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO core_dataversion (scope, token) VALUES (%s, %s)", [scope, token])
    except IntegrityError:  # another process made it first
        return version(scope)
    return token


# --- Triggers -------------------------------------------------------------------------------------

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION core_dataversion_bump() RETURNS trigger AS $$
BEGIN
    UPDATE core_dataversion SET token = replace(gen_random_uuid()::text, '-', '') WHERE scope = TG_ARGV[0];
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""


def _trigger_name(table: str, event: str = "", prefix: str = "dataversion") -> str:
    return f"{prefix}_{table}{'_' + event.lower() if event else ''}"


def _install(scope: str, tables: Sequence[str], prefix: str = "dataversion") -> Callable:
    def install(apps: Any, schema_editor: Any) -> None:
        execute = schema_editor.execute
        if schema_editor.connection.vendor == "postgresql":
            execute(_PG_FUNCTION)
            for table in tables:
                name = _trigger_name(table, prefix=prefix)
                execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                execute(
                    f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION core_dataversion_bump('{scope}')"
                )
        else:  # SQLite: row triggers only; each is one small update
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    # Names are checked in `watch`; a trigger's body cannot take parameters.
                    name = _trigger_name(table, event, prefix)
                    body = f"UPDATE core_dataversion SET token = lower(hex(randomblob(16))) WHERE scope = '{scope}'"  # noqa: S608
                    sql = f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} BEGIN {body}; END"
                    execute(sql)

    return install


def _uninstall(tables: Sequence[str]) -> Callable:
    def uninstall(apps: Any, schema_editor: Any) -> None:
        for table in tables:
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table)} ON {table}")
            else:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, event)}")

    return uninstall


def watch(scope: str, tables: Sequence[str]) -> migrations.RunPython:
    """A migration operation: writes to `tables` change `scope`'s token in the same transaction."""
    for name in (scope, *tables):
        if not _NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not a plain table or scope name.")
    return migrations.RunPython(_install(scope, tables), _uninstall(tables), elidable=False)


def watch_site(*, using: str = "default", **kwargs: Any) -> None:
    """After every migrate (post_migrate): writes to any of Panorama's tables but UNWATCHED change
    the "site" token. Idempotent, and it covers tables added (or, on SQLite, rebuilt) since."""
    conn = connections[using]
    existing = set(conn.introspection.table_names())
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_config.name.startswith("panorama.")
            and model._meta.managed
            and not model._meta.proxy
            and model._meta.db_table not in UNWATCHED
            and model._meta.db_table in existing
        }
    )
    if conn.vendor == "postgresql":
        # Only tables without the trigger: a test database is flushed (and this run) after every
        # transactional test, and the triggers outlive a flush.
        with conn.cursor() as cursor:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'siteversion%%'")
            made = {row[0] for row in cursor.fetchall()}
        tables = [t for t in tables if _trigger_name(t, prefix="siteversion")[:63] not in made]
    with conn.schema_editor(atomic=conn.features.can_rollback_ddl) as editor:
        if tables:
            _install(SITE, tables, prefix="siteversion")(apps, editor)
        if "core_dataversion" in existing:
            with conn.cursor() as cursor:  # the token, before any reader needs it
                cursor.execute("SELECT 1 FROM core_dataversion WHERE scope = %s", [SITE])
                if cursor.fetchone() is None:
                    cursor.execute(
                        "INSERT INTO core_dataversion (scope, token) VALUES (%s, %s)",
                        [SITE, uuid.uuid4().hex],
                    )


# --- Computed values kept under the same tokens --------------------------------------------------

_VALUES: OrderedDict[tuple, Any] = OrderedDict()
_VALUES_LOCK = threading.Lock()
MAX_VALUES = 256  # per process: the picture's figures, and each sector's, for a few periods and readers


def kept_value(scope: str, key: tuple, compute: Callable[[], Any], *, request: Any = None) -> Any:
    """What `compute()` gives, kept in this process until `scope`'s token changes (or the day does):
    for figures a signed-in page computes the same way for every reader of one kind. The token is
    read before computing, as for answers (the request's own, when `@public_answer` read it). The
    value is shared between requests: never change it."""
    token = getattr(request, "_answer_tokens", {}).get(scope) or version(scope)
    full_key = (scope, token, timezone.localdate(), *key)
    with _VALUES_LOCK:
        if full_key in _VALUES:
            _VALUES.move_to_end(full_key)
            return _VALUES[full_key]
    value = compute()
    with _VALUES_LOCK:
        _VALUES[full_key] = value
        while len(_VALUES) > MAX_VALUES:
            _VALUES.popitem(last=False)
    return value


def forget() -> None:
    """Drop every kept answer and value in this process (tests start each from nothing)."""
    STORE.clear()
    with _VALUES_LOCK:
        _VALUES.clear()


# --- The views' side ------------------------------------------------------------------------------


def public_answer(scope: str) -> Callable:
    """Mark a read endpoint's answers as conditional (ETag) and an anonymous reader's as keepable
    under `scope`'s token. Goes inside the permission check."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            # The token is read before the view reads any data: what is kept under it is never
            # older than the token says.
            tokens = getattr(request, "_answer_tokens", None) or {}
            token = tokens.get(scope) or version(scope)
            request._answer_tokens = {**tokens, scope: token}  # type: ignore[attr-defined]
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                response.answer_conditional = True  # type: ignore[attr-defined]
                if not request.user.is_authenticated:
                    response.answer_kept_as = (scope, token)  # type: ignore[attr-defined]
            return response

        return wrapped

    return decorator


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public page whose anonymous answer is kept until any write (the "site" scope). Goes inside
    `@require`. Only for pages that show the same to every signed-out reader of the same address."""
    return public_answer(SITE)(view)


# --- The middleware -------------------------------------------------------------------------------


class _Kept:
    __slots__ = ("body", "etag", "headers", "size")

    def __init__(self, body: bytes, headers: dict, etag: str) -> None:
        self.body, self.headers, self.etag = body, headers, etag
        self.size = len(self.body) + 200

    @classmethod
    def of(cls, response: HttpResponse, etag: str) -> "_Kept":
        return cls(response.content, dict(response.items()), etag)


SHARED_SECONDS = 3600  # an answer under an old token is never asked for again; the cache culls it


def _shared_key(key: tuple) -> str:
    return "answer:" + hashlib.blake2b(repr(key).encode(), digest_size=20).hexdigest()


class _Store:
    """Answers of one process, least recently used out first, at most MAX_BYTES."""

    def __init__(self) -> None:
        self.items: OrderedDict[tuple, _Kept] = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def get(self, key: tuple) -> _Kept | None:
        """This process's answer, else one another process made (through Django's cache, shared
        by every process: after a write, a page is made once, not once by each process)."""
        with self.lock:
            kept = self.items.get(key)
            if kept is not None:
                self.items.move_to_end(key)
                return kept
        try:
            shared = caches["default"].get(_shared_key(key))
        except DatabaseError:  # the cache is a help, never a reason to fail an answer
            return None
        if shared is None:
            return None
        kept = _Kept(*shared)
        self._keep(key, kept)
        return kept

    def put(self, key: tuple, kept: _Kept) -> None:
        if kept.size > MAX_BYTES // 8:
            return
        with contextlib.suppress(DatabaseError):
            caches["default"].set(_shared_key(key), (kept.body, kept.headers, kept.etag), SHARED_SECONDS)
        self._keep(key, kept)

    def _keep(self, key: tuple, kept: _Kept) -> None:
        with self.lock:
            old = self.items.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self.items[key] = kept
            self.bytes += kept.size
            while self.bytes > MAX_BYTES:
                _, dropped = self.items.popitem(last=False)
                self.bytes -= dropped.size

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.bytes = 0


STORE = _Store()


def _etag(body: bytes) -> str:
    return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def _anonymous(request: HttpRequest) -> bool:
    """No cookie and no Authorization header: nothing that could make the answer someone's own."""
    meta = request.META
    return (
        request.method in ("GET", "HEAD")
        and not meta.get("HTTP_COOKIE")
        and not meta.get("HTTP_AUTHORIZATION")
    )


class AnswerCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.scopes: dict[str, str] = {}  # path → scope, learned from the answers marked so

    def _key(self, request: HttpRequest, token: str) -> tuple:
        gzip = bool(_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        return (token, timezone.localdate(), request.build_absolute_uri(), gzip)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        anonymous = _anonymous(request)
        scope = self.scopes.get(request.path) if anonymous else None
        if scope is not None:
            token = version(scope)
            request._answer_tokens = {scope: token}  # type: ignore[attr-defined]
            kept = STORE.get(self._key(request, token))
            if kept is not None:
                response = HttpResponse(kept.body, headers=kept.headers)
                return get_conditional_response(request, etag=kept.etag, response=response)
        response = self.get_response(request)
        if not getattr(response, "answer_conditional", False) or response.streaming:
            return response
        etag = _etag(response.content)
        response["ETag"] = etag
        kept_as = getattr(response, "answer_kept_as", None)
        if kept_as is not None and anonymous and not response.cookies:
            scope, token = kept_as
            if len(self.scopes) < MAX_PATHS:
                self.scopes[request.path] = scope
            STORE.put(self._key(request, token), _Kept.of(response, etag))
        return get_conditional_response(request, etag=etag, response=response)
