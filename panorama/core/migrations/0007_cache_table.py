"""The database cache's table (settings.CACHES), so every app server sees every other's invalidations."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_job")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
