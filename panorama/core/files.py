"""Generated files (the open data, report PDFs), kept through Django's storage API.

Every app server and the worker read and write them in the storage named "generated"
(`settings.STORAGES`): a directory shared by every process (the data directory's `files/`, or
PANORAMA_FILES_DIR on a shared volume), or any S3-compatible store (django-storages). No app
server keeps a file only on its own disk.

A file's name holds its SHA-256 (`opendata/<sha256>/programmes.csv`), so a name is always the same
bytes: a new generation writes new names, and a published snapshot can never change behind the row
that records it. The row keeps the name, size and SHA-256; `open_checked` refuses to hand out bytes
that no longer match them.

Apps tell this module which names their rows point at (`register`), so that `cleanup` deletes only
files no row references, and only once they have been unreferenced for a while
(`KEEP_UNREFERENCED`): a download that read its row just before a regeneration, or a backup that
dumped the database a moment earlier, still finds its file.
"""

import datetime
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.utils import timezone

logger = logging.getLogger("panorama.files")

STORAGE = "generated"
KEEP_UNREFERENCED = datetime.timedelta(hours=1)
CHUNK = 1024 * 1024

_references: dict[str, Callable[[], Iterable[str]]] = {}


class FileProblem(Exception):
    """A referenced file is missing from storage, or its bytes no longer match its record."""


@dataclass(frozen=True)
class Stored:
    name: str
    size: int
    sha256: str


def storage() -> Storage:
    """The generated files' storage, looked up on each call (tests point it at their own folder)."""
    return storages[STORAGE]


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _hash_of(handle) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def store(*, name: str, content: bytes) -> Stored:
    """Write `content` under `name` (which must hold its SHA-256) unless it is already there.

    Idempotent: a job run again after its worker was killed, or two processes writing the same
    generation, leave one file with the right bytes."""
    digest = sha256_of(content)
    if digest not in name:
        raise ValueError(f"A generated file's name must hold its SHA-256: {name!r}.")
    where = storage()
    if where.exists(name):
        with where.open(name, "rb") as handle:
            if _hash_of(handle) == (digest, len(content)):
                return Stored(name=name, size=len(content), sha256=digest)
        logger.error("Generated file %s did not match its name's SHA-256; it is written again.", name)
        where.delete(name)
    saved = where.save(name, ContentFile(content))
    if saved != name:  # another process wrote the same name (the same bytes) a moment earlier
        where.delete(saved)
    return Stored(name=name, size=len(content), sha256=digest)


def open_checked(*, name: str, sha256: str, size: int | None = None) -> File:
    """The stored file, opened at its start, once its bytes are checked against its record.

    Raises FileProblem (and logs it) when it is missing or altered: a published file is never
    served with bytes other than those its record holds."""
    where = storage()
    try:
        handle = where.open(name, "rb")
    except FileNotFoundError:
        logger.error("Generated file %s is missing from storage.", name)
        raise FileProblem(f"The file {name} is missing from storage.") from None
    found, found_size = _hash_of(handle)
    if found != sha256 or (size is not None and found_size != size):
        handle.close()
        logger.error(
            "Generated file %s does not match its record: SHA-256 %s (%s bytes), recorded %s (%s bytes).",
            name,
            found,
            found_size,
            sha256,
            size,
        )
        raise FileProblem(
            f"The file {name} does not match its published record (SHA-256 {sha256}): it is not served."
        )
    handle.seek(0)
    return handle


def register(label: str, names: Callable[[], Iterable[str]]) -> None:
    """An app declares where its rows name generated files (called from its AppConfig.ready)."""
    _references[label] = names


def referenced() -> set[str]:
    """Every name a row of the database points at now."""
    return {name for names in _references.values() for name in names() if name}


def stored_names(directory: str = "") -> list[str]:
    """Every file in the generated storage, by name."""
    where = storage()
    try:
        dirs, files = where.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}/{name}" if directory else name for name in files]
    for sub in dirs:
        names += stored_names(f"{directory}/{sub}" if directory else sub)
    return sorted(names)


def cleanup(*, older_than: datetime.timedelta = KEEP_UNREFERENCED) -> list[str]:
    """Delete the stored files no row points at and that were written more than `older_than` ago;
    never a file a current row points at. Returns the names deleted."""
    where = storage()
    keep = referenced()
    cutoff = timezone.now() - older_than
    deleted = []
    for name in stored_names():
        if name in keep:
            continue
        try:
            written = where.get_modified_time(name)
        except FileNotFoundError:
            continue
        if written <= cutoff:
            where.delete(name)
            deleted.append(name)
    if deleted:
        logger.info("Deleted %s generated files no record points at.", len(deleted))
    return deleted
