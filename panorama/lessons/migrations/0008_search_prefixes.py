"""Lessons: on PostgreSQL, every beginning of every indexed word in its own GIN index
(`search_prefixes`), so that a search matches prefixes as whole index entries (see
search.Query.pg_condition). SQLite gets the column too, unused, as it has `search_vector`."""

from django.db import migrations

import panorama.lessons.models

CREATE = "CREATE INDEX lessons_lesson_prefix_gin ON lessons_lesson USING gin (search_prefixes)"
DROP = "DROP INDEX IF EXISTS lessons_lesson_prefix_gin"


def forwards(apps, schema_editor):
    # The index is filled by 0010, which moves both columns into a table of their own.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("lessons", "0007_markers_without_weights")]

    operations = [
        migrations.AddField(
            model_name="lesson",
            name="search_prefixes",
            field=panorama.lessons.models.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
