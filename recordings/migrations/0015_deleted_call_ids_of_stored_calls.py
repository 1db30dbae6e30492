# The digest of every call stored before recordings/0014, one transaction per batch (atomic = False): the
# table stays open to reads and writes meanwhile, where one transaction would hold the lock of 0014's
# ALTER TABLE for the whole backfill. A tombstone a killed deletion left without its digest, while its
# keyless row still stands, takes the row's digest at the end.
from django.db import migrations, transaction
from django.utils.crypto import salted_hmac

KEY_SALT = "recordings.deleted-call-id"  # recordings.call_ids.KEY_SALT
BATCH = 5000


def digests_for_stored_calls(apps, schema_editor):
    """The digest of every call stored before this migration, in batches (under recordings.call_ids' key)."""
    from django.conf import settings

    secret = getattr(settings, "CALL_ID_DIGEST_KEY", "") or settings.SECRET_KEY
    last = 0
    connection = schema_editor.connection
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, register_id, external_id FROM recordings_recording "
                "WHERE id > %s AND external_id_digest = '' ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            digests = [
                salted_hmac(KEY_SALT, f"{register_id}:{external_id}", secret=secret, algorithm="sha256").hexdigest()
                for _pk, register_id, external_id in rows
            ]
            cursor.execute(
                "UPDATE recordings_recording r SET external_id_digest = v.digest "
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, digest) WHERE r.id = v.id",
                [[row[0] for row in rows], digests],
            )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE retention_tombstone t SET external_id_digest = r.external_id_digest FROM recordings_recording r "
            "WHERE r.public_id = t.recording_public_id AND t.external_id_digest = '' AND r.external_id_digest <> ''"
        )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("recordings", "0014_deleted_call_ids")]

    operations = [migrations.RunPython(digests_for_stored_calls, migrations.RunPython.noop, atomic=False)]
