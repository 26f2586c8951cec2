"""Index words as written, not as each database stems them, so that a word typed part-way
("requirem") still finds "requirements" on both databases: Panorama applies one stemmer of its own
to the query (lessons/search.py), the same on SQLite and PostgreSQL."""

from django.db import migrations

BODY = "what_happened || ' ' || why || ' ' || recommendation || ' ' || programme_name || ' ' || source_title"


def forwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS lessons_lesson_fts")
            cursor.execute(
                "CREATE VIRTUAL TABLE lessons_lesson_fts USING fts5("
                "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
            )
            cursor.execute(
                "INSERT INTO lessons_lesson_fts(lessons_lesson_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)')"
            )
            cursor.execute(f"INSERT INTO lessons_lesson_fts(rowid, title, body) SELECT id, title, {BODY} FROM lessons_lesson")
        elif schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE lessons_lesson SET search_vector = setweight(to_tsvector('simple', title), 'A') || "
                f"setweight(to_tsvector('simple', {BODY}), 'B')"
            )


class Migration(migrations.Migration):
    dependencies = [("lessons", "0002_themes_and_search")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
