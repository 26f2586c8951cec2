"""Finance lines: time-ordered public ids (new lines are appended to the unique index instead of
landing on random pages of it), and no single-column indexes on the body and the programme, which
the (organisation, period, line type) and (programme, period) indexes already begin with. Both for
the cost of a return's bulk insert into a table of a million lines.

The indexes are dropped by name rather than by AlterField, which on SQLite would copy the whole
table to change nothing but an index."""

import django.db.models.deletion
from django.db import migrations, models

import panorama.core.ids

INDEXES = {
    "finance_financeline_organisation_id_cf877756": "organisation_id",
    "finance_financeline_programme_id_845f3ab8": "programme_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0003_covering_sum_indexes"),
        ("organisations", "0001_initial"),
        ("programmes", "0003_platform_adoption_platform_illustrative"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="financeline",
                    name="organisation",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="finance_lines",
                        to="organisations.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="financeline",
                    name="programme",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="finance_lines",
                        to="programmes.programme",
                    ),
                ),
                migrations.AlterField(
                    model_name="financeline",
                    name="public_id",
                    field=models.UUIDField(default=panorama.core.ids.uuid7, editable=False, unique=True),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}",
                    f"CREATE INDEX {name} ON finance_financeline ({column})",
                )
                for name, column in INDEXES.items()
            ],
        ),
    ]
