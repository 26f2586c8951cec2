"""Report files' bytes move from a BinaryField to the generated files' storage (core.files), under
`reports/<report's public id>/<sha256>.pdf`.

Reversible: going back reads each file from storage into the column again (the files stay in
storage)."""

from django.db import migrations, models


def to_storage(apps, schema_editor):
    from panorama.core import files

    ReportFile = apps.get_model("reports", "ReportFile")
    for item in ReportFile.objects.select_related("report").order_by("pk").iterator(chunk_size=20):
        content = bytes(item.content)
        digest = files.sha256_of(content)
        stored = files.store(name=f"reports/{item.report.public_id}/{digest}.{item.format}", content=content)
        item.storage_name, item.size, item.sha256 = stored.name, stored.size, stored.sha256
        item.save(update_fields=["storage_name", "size", "sha256"])


def to_database(apps, schema_editor):
    from panorama.core import files

    ReportFile = apps.get_model("reports", "ReportFile")
    for item in ReportFile.objects.order_by("pk").iterator(chunk_size=20):
        with files.storage().open(item.storage_name, "rb") as handle:
            item.content = handle.read()
        item.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="reportfile",
            name="storage_name",
            field=models.CharField(
                default="", help_text="Where its bytes are in the generated files' storage.", max_length=300
            ),
            preserve_default=False,
        ),
        # A default, so that going back can add the column again before filling it.
        migrations.AlterField(
            model_name="reportfile", name="content", field=models.BinaryField(blank=True, default=b"")
        ),
        migrations.RunPython(to_storage, to_database, elidable=False),
        migrations.RemoveField(model_name="reportfile", name="content"),
    ]
