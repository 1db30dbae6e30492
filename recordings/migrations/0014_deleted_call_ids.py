# A deleted call's id stays refused (recordings.call_ids): every recording gets the keyed digest of its
# id, and the tombstone takes it from the row. The tombstone trigger (retention/0004, recordings/0011)
# now fills the digest too, for every path that writes a tombstone without it; the purge writes both.
from django.db import migrations, models
from django.utils.crypto import salted_hmac

KEY_SALT = "recordings.deleted-call-id"  # recordings.call_ids.KEY_SALT
BATCH = 5000

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


def digests_for_stored_calls(apps, schema_editor):
    """The digest of every call stored before this migration, in batches (the key is this install's SECRET_KEY)."""
    last = 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, register_id, external_id FROM recordings_recording "
                "WHERE id > %s AND external_id_digest = '' ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            last = rows[-1][0]
            digests = [
                salted_hmac(KEY_SALT, f"{register_id}:{external_id}", algorithm="sha256").hexdigest()
                for _pk, register_id, external_id in rows
            ]
            cursor.execute(
                "UPDATE recordings_recording r SET external_id_digest = v.digest "
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, digest) WHERE r.id = v.id",
                [[row[0] for row in rows], digests],
            )


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
        migrations.AddIndex(
            model_name="tombstone",
            index=models.Index(
                condition=~models.Q(external_id_digest=""),
                fields=["register", "external_id_digest"],
                name="tombstone_deleted_call_id",
            ),
        ),
        migrations.RunSQL(TRIGGER, TRIGGER_REVERSE),
        migrations.RunPython(digests_for_stored_calls, migrations.RunPython.noop),
    ]
