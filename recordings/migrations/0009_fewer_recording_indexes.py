# Drops four indexes nothing uses: the register and agent foreign keys' own indexes (the
# composite indexes recording_register_started and recording_agent_started lead with those
# columns) and the two on sha256 (no query looks a call up by it).
#
# The schema change is plain DROP INDEX statements, the state change AlterField.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INDEXES = [
    ("recordings_recording_agent_id_b0cdda1f", "agent_id", ""),
    ("recordings_recording_register_id_3a43e355", "register_id", ""),
    ("recordings_recording_sha256_be8bec9b", "sha256", ""),
    ("recordings_recording_sha256_be8bec9b_like", "sha256", "varchar_pattern_ops"),
]


def drop_indexes(apps, schema_editor):
    for name, _column, _opclass in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create_indexes(apps, schema_editor):
    for name, column, opclass in INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "recordings_recording" ("{column}" {opclass})')


class Migration(migrations.Migration):
    dependencies = [
        ("recordings", "0008_recording_silences"),
        ("registers", "0003_register_erasure_second_approver"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="recording",
                    name="agent",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="recorded_calls",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="recording",
                    name="register",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="recordings",
                        to="registers.register",
                    ),
                ),
                migrations.AlterField(
                    model_name="recording",
                    name="sha256",
                    field=models.CharField(max_length=64),
                ),
            ],
        ),
    ]
