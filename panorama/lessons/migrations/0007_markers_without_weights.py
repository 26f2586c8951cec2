"""Index every lesson again: on PostgreSQL the indexer now deletes from a lesson's text every word
that begins with the marker prefix, so that searches can match markers without a weight (which made
PostgreSQL re-read every match to check it). SQLite's index is unchanged."""

from django.db import migrations


def forwards(apps, schema_editor):
    # The indexer as it stands (see 0005): a later change to what is indexed brings its own migration.
    from panorama.lessons import search

    if schema_editor.connection.vendor == "postgresql":
        search.index_lessons()


class Migration(migrations.Migration):
    dependencies = [("lessons", "0006_compact_search_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
