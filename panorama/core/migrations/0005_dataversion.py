from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0004_embedding")]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("scope", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=40)),
            ],
        ),
    ]
