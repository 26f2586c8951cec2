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
