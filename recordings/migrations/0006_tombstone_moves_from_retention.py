# Tombstone moves here from the retention app in the migration state only: the shred that
# writes it is in this app, and retention depends on recordings, not the other way round.
# The table keeps its name (retention_tombstone), its rows and its trigger.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recordings", "0005_listening_grants"),
        ("registers", "0002_controller_business_id_optional"),
        ("retention", "0004_tombstone_expires_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Tombstone",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("recording_public_id", models.UUIDField(unique=True)),
                        ("deleted_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "reason",
                            models.CharField(
                                choices=[
                                    ("retention", "Retention period ended"),
                                    ("erasure", "Erasure request"),
                                    ("event", "Retention event"),
                                ],
                                max_length=20,
                            ),
                        ),
                        (
                            "reference",
                            models.CharField(blank=True, help_text="E.g. the request number.", max_length=100),
                        ),
                        ("expires_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "register",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="tombstones",
                                to="registers.register",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "retention_tombstone",
                        "ordering": ["-deleted_at"],
                    },
                ),
            ],
        ),
    ]
