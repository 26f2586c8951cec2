"""Rebuild the full-text index compactly. Migration 0005 re-indexed every lesson by rewriting its
row, which leaves PostgreSQL's GIN index bloated (about three times its built size) and FTS5 with
segments to merge on every query; `search.index_lessons` now compacts after a full re-index, and
this does the same for databases already migrated."""

from django.db import migrations


def compact(apps, schema_editor):
    from panorama.lessons import search

    # On PostgreSQL, 0010 re-indexes and compacts both indexes (of a table added there).
    if schema_editor.connection.vendor != "postgresql":
        search.compact_index()


class Migration(migrations.Migration):
    dependencies = [("lessons", "0005_search_markers")]

    operations = [migrations.RunPython(compact, migrations.RunPython.noop)]
