"""The register's public answers are kept until a write to a table they read (core.answers)."""

from django.db import migrations

from panorama.core.answers import watch

REGISTER_TABLES = [
    "programmes_programme",
    "programmes_programme_commitments",
    "programmes_programme_platforms",
    "programmes_programme_tags",
    "programmes_platform",
    "programmes_tag",
    "organisations_organisation",
    "organisations_collection",
    "strategy_commitment",
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_dataversion"),
        ("organisations", "0002_collections"),
        ("programmes", "0007_alter_programme_phase"),
        ("strategy", "0002_outcomemeasure_illustrative_outcomemeasure_source"),
    ]

    operations = [watch("register", REGISTER_TABLES)]
