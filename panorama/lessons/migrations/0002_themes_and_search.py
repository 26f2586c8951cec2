"""The fixed list of themes, and the full-text indexes: an FTS5 table on SQLite, a GIN index on
PostgreSQL. Each database gets only its own."""

from django.db import migrations

THEMES = [
    # (slug, name, kind, description)
    ("comprehensive-planning", "Comprehensive planning", "principle",
     "Users define the need; manageable stages, no big-bang go-live; beware optimism bias; procure early."),
    ("active-governance", "Active governance", "principle",
     "Control, a clear methodology and risk management throughout."),
    ("users-at-the-heart", "Users at the heart", "principle", "Users engaged from the start and throughout."),
    ("clear-leadership", "Clear, stable leadership", "principle", "Clear, stable leadership with succession."),
    ("oversight-and-assurance", "Oversight and independent assurance", "principle",
     "A central framework of oversight and independent assurance."),
    ("governance", "Governance and project control", "assurance", ""),
    ("resourcing", "Resourcing and capability", "assurance", ""),
    ("commercial", "Commercial and procurement", "assurance", ""),
    ("planning", "Planning", "assurance", ""),
    ("users", "Users", "assurance", ""),
    ("leadership", "Leadership", "assurance", ""),
    ("technology", "Technology", "assurance", ""),
    ("data", "Data", "assurance", ""),
]

FTS_CREATE = (
    "CREATE VIRTUAL TABLE lessons_lesson_fts USING fts5("
    "title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)
# Title matches count ten times a body match in bm25.
FTS_RANK = "INSERT INTO lessons_lesson_fts(lessons_lesson_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0)')"
GIN_CREATE = "CREATE INDEX lessons_lesson_search_gin ON lessons_lesson USING gin (search_vector)"


def add_themes(apps, schema_editor):
    Theme = apps.get_model("lessons", "Theme")
    for position, (slug, name, kind, description) in enumerate(THEMES):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "description": description, "position": position}
        )


def create_search(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute(FTS_CREATE)
            cursor.execute(FTS_RANK)
        elif schema_editor.connection.vendor == "postgresql":
            cursor.execute(GIN_CREATE)


def drop_search(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS lessons_lesson_fts")
        elif schema_editor.connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS lessons_lesson_search_gin")


class Migration(migrations.Migration):
    dependencies = [("lessons", "0001_initial")]

    operations = [
        migrations.RunPython(add_themes, migrations.RunPython.noop),
        migrations.RunPython(create_search, drop_search),
    ]
