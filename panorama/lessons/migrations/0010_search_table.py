"""Lessons: PostgreSQL's full-text index moves out of the lesson into a narrow table of its own
(`LessonSearch`: the lesson's id and its words' vector), and the prefixes are no longer a stored
column but an index of a function of the vector, so that ranking a broad search reads ten rows to a
page instead of visiting wide lesson rows ("case management", 13,054 matches: 21.1 → 17.2 ms of
SQL; bench/notes_lessons.md). Every lesson is then indexed again. SQLite keeps its FTS5 table and
leaves the new one empty.

Going back to 0009 brings the two columns and their indexes back empty: index again with that
version's code."""

import django.db.models.deletion
from django.db import migrations, models

import panorama.lessons.models

# Every beginning of every word of the vector, from four letters (search.PREFIX_MIN; a shorter word
# whole), and each marker whole, as a beginning of one marker can be another (zzvpublic,
# zzvpublicsector; markers begin with search.MARKER, "zz"). A change to either constant needs a
# migration that replaces this function and rebuilds its index. Its true cost (about 70 µs a lesson)
# is not declared: the planner would count it for the recheck of every match, which never runs, and
# chose a parallel plan that was slower (32 against 25 ms). Searches that could be planned to compute
# it lesson by lesson match on the stored words instead (see search.Query.pg_condition).
PREFIXES = """
CREATE FUNCTION lessons_word_prefixes(vector tsvector) RETURNS tsvector
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
    SELECT array_to_tsvector(array_agg(DISTINCT left(word.lexeme, n)))
    FROM unnest(vector) AS word,
        generate_series(CASE WHEN word.lexeme LIKE 'zz%' THEN length(word.lexeme)
            ELSE least(4, length(word.lexeme)) END, length(word.lexeme)) AS n
$$
"""
CREATE = [
    PREFIXES,
    "CREATE INDEX lessons_search_words_gin ON lessons_lessonsearch USING gin (search_vector)",
    "CREATE INDEX lessons_search_prefixes_gin ON lessons_lessonsearch"
    " USING gin (lessons_word_prefixes(search_vector))",
]
OLD_INDEXES = [
    "CREATE INDEX lessons_lesson_search_gin ON lessons_lesson USING gin (search_vector)",
    "CREATE INDEX lessons_lesson_prefix_gin ON lessons_lesson USING gin (search_prefixes)",
]


def forwards(apps, schema_editor):
    # The indexer as it stands (see 0005): a later change to what is indexed brings its own migration.
    from panorama.lessons import search

    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, None)  # None: the function's '%' is not a placeholder
        search.index_lessons()  # every lesson, then both indexes rebuilt compactly


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # With the prefix index that uses it; the table goes too, further back.
        schema_editor.execute("DROP FUNCTION lessons_word_prefixes(tsvector) CASCADE")


def old_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in OLD_INDEXES:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("lessons", "0009_facets_index")]

    operations = [
        migrations.CreateModel(
            name="LessonSearch",
            fields=[
                (
                    "lesson",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="lessons.lesson",
                    ),
                ),
                ("search_vector", panorama.lessons.models.SearchVectorField()),
            ],
        ),
        # Dropping the columns drops their GIN indexes with them; going back, they are made again.
        migrations.RunPython(migrations.RunPython.noop, old_indexes),
        migrations.RemoveField(model_name="lesson", name="search_prefixes"),
        migrations.RemoveField(model_name="lesson", name="search_vector"),
        migrations.RunPython(forwards, backwards),
    ]
