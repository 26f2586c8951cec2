"""Index every lesson again: on PostgreSQL the indexer now deletes from a lesson's text every word
that begins with the marker prefix, so that searches can match markers without a weight (which made
PostgreSQL re-read every match to check it). SQLite's index is unchanged."""

from django.db import migrations


def forwards(apps, schema_editor):
    # Now done by 0008, which re-indexes with the indexer as it stands (it writes a column added there).
    pass


class Migration(migrations.Migration):
    dependencies = [("lessons", "0006_compact_search_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
