# A deleted call's id stays refused (recordings.call_ids): every recording gets the keyed digest of its
# id, and the tombstone takes it from the row. The tombstone trigger (retention/0004, recordings/0011)
# now fills the digest too, for every path that writes a tombstone without it; the purge writes both.
# A second trigger refuses the insert of a recording whose digest a tombstone of its register holds:
# AFTER the row is in, so it reads the tombstones after any wait on the unique index, when a deleting
# transaction the insert waited for has committed. Quick on any table: the columns get a constant
# default; the digests of stored calls (0015) and the indexes (0016) come in migrations of their own.
from django.db import migrations, models

TRIGGER = """
CREATE OR REPLACE FUNCTION retention_tombstone_expires_at() RETURNS trigger AS $$
DECLARE
    found_expiry timestamptz;
    found_digest varchar(64);
BEGIN
    SELECT expires_at, external_id_digest INTO found_expiry, found_digest
    FROM recordings_recording WHERE public_id = NEW.recording_public_id;
    IF NEW.expires_at IS NULL THEN
        NEW.expires_at := found_expiry;
    END IF;
    IF NEW.external_id_digest = '' THEN
        NEW.external_id_digest := coalesce(found_digest, '');
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS retention_tombstone_expires_at ON retention_tombstone;
CREATE TRIGGER retention_tombstone_expires_at BEFORE INSERT ON retention_tombstone
    FOR EACH ROW WHEN (NEW.expires_at IS NULL OR NEW.external_id_digest = '')
    EXECUTE FUNCTION retention_tombstone_expires_at();
"""
REFUSAL = """
CREATE OR REPLACE FUNCTION recording_not_a_deleted_call() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM retention_tombstone t
        WHERE t.register_id = NEW.register_id AND t.external_id_digest = NEW.external_id_digest
          AND t.external_id_digest <> ''
    ) THEN
        RAISE EXCEPTION 'recording_not_a_deleted_call: a call with this id was deleted from the register'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS recording_not_a_deleted_call ON recordings_recording;
CREATE TRIGGER recording_not_a_deleted_call AFTER INSERT ON recordings_recording
    FOR EACH ROW WHEN (NEW.external_id_digest <> '') EXECUTE FUNCTION recording_not_a_deleted_call();
"""
REFUSAL_REVERSE = """
DROP TRIGGER IF EXISTS recording_not_a_deleted_call ON recordings_recording;
DROP FUNCTION IF EXISTS recording_not_a_deleted_call();
"""
TRIGGER_REVERSE = """
CREATE OR REPLACE FUNCTION retention_tombstone_expires_at() RETURNS trigger AS $$
BEGIN
    IF NEW.expires_at IS NULL THEN
        SELECT expires_at INTO NEW.expires_at FROM recordings_recording WHERE public_id = NEW.recording_public_id;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS retention_tombstone_expires_at ON retention_tombstone;
CREATE TRIGGER retention_tombstone_expires_at BEFORE INSERT ON retention_tombstone
    FOR EACH ROW WHEN (NEW.expires_at IS NULL) EXECUTE FUNCTION retention_tombstone_expires_at();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("recordings", "0013_recording_expiry_rule_version"),
        ("registers", "0006_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="recording",
            name="external_id_digest",
            field=models.CharField(blank=True, db_default="", default="", editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="tombstone",
            name="external_id_digest",
            field=models.CharField(blank=True, db_default="", default="", max_length=64),
        ),
        migrations.RunSQL(TRIGGER, TRIGGER_REVERSE),
        migrations.RunSQL(REFUSAL, REFUSAL_REVERSE),
    ]
