"""Index what search filters on (moderation, audience, body, phase, source, year, sector, themes) as
marker words beside each lesson's text, so that a search filters, counts and ranks inside the
full-text index alone (see lessons/search.py). On SQLite the FTS5 table gains a `tags` column and
prefix indexes up to six letters (the length of most of our stems); on PostgreSQL the markers go in
at weight D. Either way every lesson is then indexed again."""

from django.db import migrations


def forwards(apps, schema_editor):
    # The indexer as it stands: a later change to what is indexed comes with a migration that
    # re-indexes again. On PostgreSQL that is 0010, whose indexer writes a table added there.
    from panorama.lessons import search

    if schema_editor.connection.vendor == "postgresql":
        return
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS lessons_lesson_fts")
            cursor.execute(
                "CREATE VIRTUAL TABLE lessons_lesson_fts USING fts5(title, body, tags, "
                "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6')"
            )
    search.index_lessons()


class Migration(migrations.Migration):
    dependencies = [("lessons", "0004_lessons_useful_index")]

    operations = [
        migrations.DeleteModel(name="LessonText"),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
