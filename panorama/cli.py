"""The `panorama` command: Django's management commands under one name, with plain-English failures.

A missing data directory, a corrupt database file, a database not yet migrated or an unreachable
DATABASE_URL ends in one sentence on standard error and exit status 1, never a traceback.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def database_failure(exc: BaseException) -> str | None:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    lowered = text.lower()
    if "file is not a database" in lowered or "malformed" in lowered:
        from django.conf import settings

        return f"The database file {settings.DATABASES['default']['NAME']} is corrupt: {text}."
    if "no such table" in lowered or ("relation" in lowered and "does not exist" in lowered):
        return (
            "The database has no tables yet: run `panorama migrate` first"
            f" (or `make run`, which also loads the demo). {text}."
        )
    if "unable to open database file" in lowered:
        return f"Panorama cannot open its SQLite database in the data directory: {text}."
    if "connection" in lowered or "could not" in lowered or "timeout" in lowered or "refused" in lowered:
        return f"Panorama cannot reach the database named by DATABASE_URL: {text}."
    return None


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panorama.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line([os.path.basename(sys.argv[0]) or "panorama", *sys.argv[1:]])
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"panorama: {exc}\n")
        sys.exit(1)
    except DatabaseError as exc:
        message = database_failure(exc)
        if message is None:
            raise
        sys.stderr.write(f"panorama: {message}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
