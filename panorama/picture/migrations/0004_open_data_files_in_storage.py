"""The open data's bytes move from a BinaryField to the generated files' storage (core.files).

Reversible: going back reads each file from storage into the column again (the files stay in
storage, where `panorama files_cleanup` of a later version, or an operator, may delete them)."""

from django.db import migrations, models


def _name(sha256: str, name: str) -> str:
    return f"opendata/{sha256}/{name}"


def to_storage(apps, schema_editor):
    from panorama.core import files

    OpenDataFile = apps.get_model("picture", "OpenDataFile")
    for item in OpenDataFile.objects.order_by("pk").iterator(chunk_size=20):
        content = bytes(item.content)
        stored = files.store(name=_name(files.sha256_of(content), item.name), content=content)
        item.storage_name, item.size, item.sha256 = stored.name, stored.size, stored.sha256
        item.save(update_fields=["storage_name", "size", "sha256"])


def to_database(apps, schema_editor):
    from panorama.core import files

    OpenDataFile = apps.get_model("picture", "OpenDataFile")
    for item in OpenDataFile.objects.order_by("pk").iterator(chunk_size=20):
        with files.storage().open(item.storage_name, "rb") as handle:
            item.content = handle.read()
        item.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("picture", "0003_figure_snapshot")]

    operations = [
        migrations.AddField(
            model_name="opendatafile",
            name="storage_name",
            field=models.CharField(
                default="", help_text="Where its bytes are in the generated files' storage.", max_length=300
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="opendatafile",
            name="size",
            field=models.PositiveBigIntegerField(default=0, help_text="Bytes."),
        ),
        # A default, so that going back can add the column again before filling it.
        migrations.AlterField(
            model_name="opendatafile", name="content", field=models.BinaryField(blank=True, default=b"")
        ),
        migrations.RunPython(to_storage, to_database, elidable=False),
        migrations.RemoveField(model_name="opendatafile", name="content"),
    ]
