# The tombstone's BEFORE INSERT trigger (retention/0004) runs only for a tombstone written without its expiry:
# the purge writes the expiry itself, and a row trigger's function call cost a purge more than the insert.
from django.db import migrations

POSTGRESQL = """
DROP TRIGGER IF EXISTS retention_tombstone_expires_at ON retention_tombstone;
CREATE TRIGGER retention_tombstone_expires_at BEFORE INSERT ON retention_tombstone
    FOR EACH ROW WHEN (NEW.expires_at IS NULL) EXECUTE FUNCTION retention_tombstone_expires_at();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS retention_tombstone_expires_at ON retention_tombstone;
CREATE TRIGGER retention_tombstone_expires_at BEFORE INSERT ON retention_tombstone
    FOR EACH ROW EXECUTE FUNCTION retention_tombstone_expires_at();
"""


def forwards(apps, schema_editor):
    schema_editor.execute(POSTGRESQL)


def backwards(apps, schema_editor):
    schema_editor.execute(POSTGRESQL_REVERSE)


class Migration(migrations.Migration):
    dependencies = [
        ("recordings", "0010_blobs_to_delete"),
        ("retention", "0005_tombstone_moves_to_recordings"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
