# DeletedCallStats and DeletionOutbox now belong to the journal app (journal/migrations/0001_initial.py).
# Only the migration state changes: the tables stay where they are, with their names and rows.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("backups", "0002_deletion_outbox"),
        ("journal", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DeletedCallStats"),
                migrations.DeleteModel(name="DeletionOutbox"),
            ],
        ),
    ]
