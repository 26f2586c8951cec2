"""Finance lines: fewer index entries for each line a return writes.

- No single-column index on the year. Every query of lines names the body as well (a body's page,
  its return, its totals), which the (organisation, period, line type) index serves; the index only
  cost each return's bulk insert about a tenth of a second per 100,000 lines. Dropped by name, as
  in 0004: AlterField would copy the whole table on SQLite.
- The (programme, period) index leaves out business-as-usual lines, which have no programme and
  are never looked up by it: most lines of a return."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0004_lines_time_ordered_ids_fewer_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="financeline",
                    name="period",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="finance_lines",
                        to="core.period",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS finance_financeline_period_id_086b12b9",
                    "CREATE INDEX finance_financeline_period_id_086b12b9 ON finance_financeline (period_id)",
                )
            ],
        ),
        migrations.RemoveIndex(
            model_name="financeline",
            name="finance_fin_program_7849ad_idx",
        ),
        migrations.AddIndex(
            model_name="financeline",
            index=models.Index(
                condition=models.Q(("programme__isnull", False)),
                fields=["programme", "period"],
                name="finance_line_programme",
            ),
        ),
    ]
