# Tombstone now belongs to the recordings app (recordings/migrations/0006); only the state changes.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0004_tombstone_expires_at"),
        ("recordings", "0006_tombstone_moves_from_retention"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Tombstone")]),
    ]
