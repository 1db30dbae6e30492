from django.db import migrations, models

# BEFORE INSERT, so the bulk inserts and the single-statement purge fill it too: the recording's row
# still exists when its tombstone is written (the row is deleted only after its blobs).
POSTGRESQL = """
CREATE OR REPLACE FUNCTION retention_tombstone_expires_at() RETURNS trigger AS $$
BEGIN
    IF NEW.expires_at IS NULL THEN
        SELECT expires_at INTO NEW.expires_at FROM recordings_recording WHERE public_id = NEW.recording_public_id;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER retention_tombstone_expires_at BEFORE INSERT ON retention_tombstone
    FOR EACH ROW EXECUTE FUNCTION retention_tombstone_expires_at();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS retention_tombstone_expires_at ON retention_tombstone;
DROP FUNCTION IF EXISTS retention_tombstone_expires_at();
"""


def forwards(apps, schema_editor):
    schema_editor.execute(POSTGRESQL)


def backwards(apps, schema_editor):
    schema_editor.execute(POSTGRESQL_REVERSE)


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0003_purge_run_interrupted"),
        ("recordings", "0004_purge_keyset_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="tombstone",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
