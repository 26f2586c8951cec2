import panorama.accounts.models
from django.db import migrations, models


def tokens_made_before_scopes_keep_writing(apps, schema_editor):
    # A token made before scopes existed could write; it keeps that until it expires (90 days from
    # this migration), so no running integration breaks without warning.
    apps.get_model("accounts", "ApiToken").objects.update(scope="write")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=panorama.accounts.models.token_expiry),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")], default="read", max_length=5
            ),
        ),
        migrations.RunPython(tokens_made_before_scopes_keep_writing, migrations.RunPython.noop),
    ]
