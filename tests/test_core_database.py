"""How Panorama connects to its database."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own setting")
def test_postgresql_connections_compile_no_query_just_in_time():
    """JIT compilation took 1.2 s for a dashboard count that runs in 0.3 s: it stays off."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
