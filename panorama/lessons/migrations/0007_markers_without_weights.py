"""Index every lesson again: on PostgreSQL the indexer now deletes from a lesson's text every word
that begins with the marker prefix, so that searches can match markers without a weight (which made
PostgreSQL re-read every match to check it). SQLite's index is unchanged.

It no longer does anything of its own: 0010 re-indexes with the indexer as it stands, which writes a
table added there."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("lessons", "0006_compact_search_index")]

    operations = []
