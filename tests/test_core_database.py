"""How Panorama connects to its database."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own settings")
def test_postgresql_connections_compile_nothing_just_in_time_and_sort_in_memory():
    """JIT compilation took 1.2 s for a dashboard count that runs in 0.3 s: it stays off. The
    library's facet groups fit in 16 MB, not in PostgreSQL's default 4 MB."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "16MB"


def test_sqlite_database_wal_and_secret_key_are_readable_only_by_their_owner(tmp_path):
    """Created under an ordinary umask (022), none of the data directory's files is readable by
    other users of the machine."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import django, json, os, stat; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('CREATE TABLE t (x)'); c.execute('INSERT INTO t VALUES (1)')\n"
        # while the connection is open, as the WAL is removed when the last one closes
        "    print(json.dumps({e.name: stat.S_IMODE(e.stat().st_mode) for e in os.scandir(os.environ['PANORAMA_DATA_DIR'])}))\n"
    )
    env = {**os.environ, "PANORAMA_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "panorama.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("PANORAMA_SECRET_KEY", None)
    done = subprocess.run(
        [sys.executable, "-c", f"import os; os.umask(0o022); exec({script!r})"],
        env=env,
        check=True,
        timeout=60,
        capture_output=True,
        text=True,
    )
    names = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"panorama.sqlite3", "panorama.sqlite3-wal", "secret_key"} <= set(names), names
    assert all(mode == 0o600 for mode in names.values()), {n: oct(m) for n, m in names.items()}
