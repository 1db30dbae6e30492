"""backup, verify_backup and restore work on S3 object storage as they do on disk.

The same story as test_backup_and_restore, with the blobs in a SeaweedFS
bucket: the restore goes into a new database and a new, empty bucket.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from journal.file import journal_verify
from recordings.models import Recording
from recordings.services import open_audio, recording_shred
from retention.services import purge_expired_recordings
from testkit import make_personas, make_stored_recording

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.s3]


def _audio(recording) -> bytes:
    reader = open_audio(Recording.objects.get(pk=recording.pk), variant="original")
    try:
        return b"".join(reader.read_all())
    finally:
        reader.close()


def bucket_keys(node, bucket) -> set[str]:
    return {o["Key"] for o in node.client().list_objects_v2(Bucket=bucket).get("Contents", [])}


def test_backup_of_a_bucket_restores_into_a_new_database_and_bucket_without_the_deleted_calls(
    settings, tmp_path, seaweedfs, s3_storage, capsys
):
    personas = make_personas()
    later = timezone.now() + timedelta(days=30)
    keep = [make_stored_recording(personas.register, expires_at=later) for _ in range(3)]
    erase = make_stored_recording(personas.register, expires_at=later)
    expire = make_stored_recording(personas.register, expires_at=later)
    audio = {r.public_id: _audio(r) for r in keep}
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    call_command("verify_backup", str(backup))
    assert "backup OK" in capsys.readouterr().out
    assert len(list((backup / "blobs" / "vault").rglob("*"))) >= 5

    recording_shred(erase, reason="erasure", reference="SR-2026-0007")
    Recording.objects.filter(pk=expire.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert purge_expired_recordings().deleted == 1

    # The disaster: the database is gone; the restore goes into a new bucket.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()
    new_bucket = seaweedfs.create_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": seaweedfs.storage_settings(new_bucket)}
    call_command("restore", str(backup))
    assert "destroyed again 2 recording(s)" in capsys.readouterr().out

    assert set(Recording.objects.values_list("public_id", flat=True)) == {r.public_id for r in keep}
    for recording in keep:
        assert _audio(recording) == audio[recording.public_id]
    stored = bucket_keys(seaweedfs, new_bucket)
    assert {r.original_blob for r in keep} <= stored
    assert erase.original_blob not in stored and expire.original_blob not in stored
    assert not default_storage.exists(erase.original_blob)
    assert journal_verify().problems == []
