"""Backups: one file holding the database and every generated file in storage.

The file is a tar archive: `manifest.json` (what it holds, when, from which Panorama), the database
(`database.sqlite3`, copied with SQLite's online backup API while the site keeps running; or
`database.pgdump`, PostgreSQL's own custom-format `pg_dump`) and `files/…`, each generated file
(core.files: the open data, report PDFs), read through the storage API after the dump, so it works
the same for a directory and an S3-compatible bucket. Every file the dumped rows point at is there:
names are content-addressed and a file no row points at is kept an hour before `cleanup` deletes it.
A restore puts the database back into an empty site (or, with `force`, over one) and writes the files
back through the storage API.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from panorama.core import files as generated


class BackupError(Exception):
    pass


@dataclass
class Summary:
    engine: str
    database_bytes: int
    files: int
    missing: list[str] = field(default_factory=list)


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore: PANORAMA_PG_BIN, else the PATH, else Debian's PostgreSQL 15 directory."""
    for directory in (os.environ.get("PANORAMA_PG_BIN", ""), "", "/usr/lib/postgresql/15/bin"):
        found = shutil.which(name, path=directory or None)
        if found:
            return found
    raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": str(db["NAME"]), "PGCONNECT_TIMEOUT": "10"}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def backup(path: Path) -> Summary:
    engine = _engine()
    storage = generated.storage()
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory() as work:
        if engine == "sqlite":
            dump = Path(work) / "database.sqlite3"
            source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            target = sqlite3.connect(dump)
            try:
                source.backup(target)  # online: a consistent copy while others read and write
            finally:
                target.close()
                source.close()
        else:
            dump = Path(work) / "database.pgdump"
            done = subprocess.run(  # noqa: S603 - our own tool paths and arguments
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],
                env=_pg_env(),
                capture_output=True,
                text=True,
            )
            if done.returncode:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        files = generated.stored_names()  # after the dump: a superset of what its rows point at
        missing = sorted(generated.referenced() - set(files))
        manifest = {
            "format": 1,
            "engine": engine,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "latest_migrations": sorted(
                f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
            )[-1:],
            "files": files,
            "missing": missing,
        }
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)  # a backup holds everything
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname=dump.name)
            for name in files:
                with storage.open(name, "rb") as handle:
                    _add_bytes(archive, f"files/{name}", handle.read())
        size = dump.stat().st_size
    partial.replace(path)  # never a half-written backup under the real name
    return Summary(engine=engine, database_bytes=size, files=len(files), missing=missing)


def _database_is_empty() -> bool:
    """No tables at all: a new database, not yet migrated (restore, then `panorama migrate`)."""
    return not connection.introspection.table_names()


def restore(path: Path, *, force: bool = False) -> Summary:
    engine = _engine()
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r:gz") as archive:
        try:
            manifest = json.load(archive.extractfile("manifest.json"))  # type: ignore[arg-type]
        except (KeyError, json.JSONDecodeError):
            raise BackupError(f"{path} is not a Panorama backup (it has no manifest).") from None
        if manifest["engine"] != engine:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; this site uses {engine}."
                " Restore it into a site of the same kind."
            )
        if not force and not _database_is_empty():
            raise BackupError(
                "This site's database already holds data: restore into an empty one, or use --force."
            )
        archive.extractall(work, filter="data")
        storage = generated.storage()
        if engine == "sqlite":
            connections.close_all()
            live = Path(settings.DATABASES["default"]["NAME"])
            source = sqlite3.connect(Path(work) / "database.sqlite3")
            target = sqlite3.connect(live)
            try:
                source.backup(target)  # replaces every page of the live database, in one step
            finally:
                target.close()
                source.close()
            size = (Path(work) / "database.sqlite3").stat().st_size
        else:
            dump = Path(work) / "database.pgdump"
            command = [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
            ]
            if force:
                command += ["--clean", "--if-exists"]
            connections.close_all()
            env = _pg_env()
            done = subprocess.run(  # noqa: S603 - our own tool paths and arguments
                [*command, f"--dbname={env['PGDATABASE']}", str(dump)],
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode:
                raise BackupError(f"pg_restore failed (nothing was restored): {done.stderr.strip()}")
            size = dump.stat().st_size
        for name in manifest["files"]:
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, ContentFile((Path(work) / "files" / name).read_bytes()))
    return Summary(engine=engine, database_bytes=size, files=len(manifest["files"]))
