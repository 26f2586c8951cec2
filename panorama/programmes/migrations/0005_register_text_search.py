"""Programmes: on PostgreSQL, trigram indexes of the register's searchable text (title, summary,
senior responsible owner), so that a word anywhere in them is found from an index instead of
reading every programme ("portal" at 20,000 programmes: 33 → 1.2 ms for the count, measured in
psql). They index exactly what Django's `icontains` compares, UPPER(column::text), or the planner
would not use them. pg_trgm is one of PostgreSQL's own modules, trusted, so the database's owner may
add it; where it is not installed the register is searched as before, only slower. SQLite needs
nothing: its LIKE is case-insensitive already."""

from django.db import migrations

COLUMNS = ("title", "summary", "sro")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX programmes_{column}_trgm ON programmes_programme"
            f" USING gin (upper({column}::text) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in COLUMNS:
            schema_editor.execute(f"DROP INDEX IF EXISTS programmes_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("programmes", "0004_update_quarter_index")]

    operations = [migrations.RunPython(forwards, backwards)]
