# The deletion journal's tables move here from the backups app in the migration state only:
# they keep their names, so no row moves and nothing in the database changes.

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("backups", "0002_deletion_outbox"),
        ("registers", "0002_controller_business_id_optional"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DeletedCallStats",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("day", models.DateField(verbose_name="day")),
                        ("line", models.CharField(blank=True, max_length=200, verbose_name="service line")),
                        ("direction", models.CharField(max_length=10, verbose_name="direction")),
                        ("calls", models.PositiveIntegerField(default=0, verbose_name="calls")),
                        ("total_seconds", models.FloatField(default=0, verbose_name="total duration (s)")),
                        (
                            "register",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deleted_call_stats",
                                to="registers.register",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "backups_deletedcallstats",
                        "verbose_name": "statistics of deleted calls",
                        "verbose_name_plural": "statistics of deleted calls",
                        "indexes": [models.Index(fields=["register", "day"], name="backups_del_registe_73d465_idx")],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("register", "day", "line", "direction"), name="deleted_stats_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="DeletionOutbox",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[("recording", "recording"), ("package", "export package")], max_length=10
                            ),
                        ),
                        ("token", models.UUIDField(default=uuid.uuid4, editable=False)),
                        ("public_id", models.UUIDField()),
                        ("register_id", models.BigIntegerField(blank=True, null=True)),
                        ("reason", models.CharField(max_length=20)),
                        ("reference", models.CharField(blank=True, max_length=100)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                    ],
                    options={
                        "db_table": "backups_deletionoutbox",
                        "ordering": ["pk"],
                    },
                ),
            ],
        ),
    ]
