"""Restoring a backup never brings back a recording erased or purged after it was taken.

The story, on PostgreSQL: calls are ingested, a backup is made, one call is
erased on a data subject's request and another is purged by retention, then
the database and storage are lost. Restoring the backup into an empty
database and empty storage brings everything back except those two, which
the deletion journal destroys again before anything is served.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from backups.services import BackupError, backup_check_files
from journal.file import journal_entries, journal_verify
from journal.models import DeletedCallStats
from recordings.models import Recording
from recordings.services import open_audio, recording_shred
from retention.services import purge_expired_recordings
from testkit import make_personas, make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)


def _audio(recording) -> bytes:
    reader = open_audio(Recording.objects.get(pk=recording.pk), variant="original")
    try:
        return b"".join(reader.read_all())
    finally:
        reader.close()


def _lose_everything(settings) -> None:
    """The disaster: the database schema and the blob storage are gone (the journal is kept elsewhere)."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def story(settings, tmp_path):
    personas = make_personas()
    keep = [make_stored_recording(personas.register, expires_at=timezone.now() + timedelta(days=30)) for _ in range(3)]
    erase = make_stored_recording(personas.register, expires_at=timezone.now() + timedelta(days=30))
    expire = make_stored_recording(personas.register, expires_at=timezone.now() + timedelta(days=30))
    audio = {r.public_id: _audio(r) for r in keep}
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    return personas, keep, erase, expire, audio, backup


def test_restore_destroys_again_what_was_deleted_after_the_backup(story, settings, client, capsys):
    personas, keep, erase, expire, audio, backup = story
    recording_shred(erase, reason="erasure", reference="SR-2026-0007")
    Recording.objects.filter(pk=expire.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert purge_expired_recordings().deleted == 1
    assert [e["recording"] for e in journal_entries()] == [str(erase.public_id), str(expire.public_id)]
    assert DeletedCallStats.objects.get().calls == 2  # anonymous counts survive the deletions

    _lose_everything(settings)
    call_command("restore", str(backup))
    assert "destroyed again 2 recording(s)" in capsys.readouterr().out

    ids = set(Recording.objects.values_list("public_id", flat=True))
    assert ids == {r.public_id for r in keep}
    for recording in keep:
        assert _audio(recording) == audio[recording.public_id]
    # Neither deleted call can be found, listed or played, and their blobs are gone again.
    client.force_login(personas.supervisor)
    listing = client.get(f"/registers/{personas.register.slug}/recordings/").content.decode()
    for gone in (erase, expire):
        assert str(gone.public_id) not in listing
        assert client.get(f"/recordings/{gone.public_id}/").status_code == 404
        assert not default_storage.exists(gone.original_blob)
    call_command("verify_audit_log")
    assert journal_verify().problems == []


def test_verify_backup_restores_into_a_scratch_database(story, capsys):
    *_, backup = story
    call_command("verify_backup", str(backup))
    out = capsys.readouterr().out
    assert "backup OK" in out and "'recordings': 5" in out


def test_a_corrupted_backup_is_refused_naming_the_file(story, settings):
    *_, backup = story
    manifest = json.loads((backup / "manifest.json").read_text())
    victim = backup / manifest["files"][0]["path"]
    victim.write_bytes(victim.read_bytes()[:-1] + b"\x00")
    with pytest.raises(BackupError, match=str(victim.name)):
        backup_check_files(backup)
    with pytest.raises(CommandError, match="checksum does not match"):
        call_command("verify_backup", str(backup))
    _lose_everything(settings)
    with pytest.raises(CommandError, match="restore refused"):
        call_command("restore", str(backup))
    # Nothing was half restored: still no tables, no blobs.
    assert "registers_register" not in connection.introspection.table_names()
    assert not default_storage.exists("vault")
    call_command("migrate", verbosity=0)  # leave a schema for the test database's teardown


def test_an_incomplete_backup_is_refused(story, settings):
    *_, backup = story
    (backup / "database.dump").unlink()
    with pytest.raises(CommandError, match="database.dump: missing"):
        call_command("verify_backup", str(backup))


def test_restore_refuses_a_database_that_is_not_empty(story):
    *_, backup = story
    with pytest.raises(CommandError, match="database is not empty"):
        call_command("restore", str(backup))


def test_the_backup_holds_no_key_ring(story, settings):
    *_, backup = story
    import base64

    from vault.keyring import get_keyring

    secrets = [k for key in get_keyring().keys.values() for k in (key, base64.b64encode(key))]
    for path in backup.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert not any(secret in content for secret in secrets), path


def test_a_blob_still_being_written_is_not_part_of_the_backup(settings, tmp_path):
    """A `.part-` file is an upload between its write and its rename (or a killed writer's leftover): never a blob."""
    from pathlib import Path

    from vault.blobs import PART_PREFIX

    personas = make_personas()
    stored = make_stored_recording(personas.register)
    writing = Path(settings.MEDIA_ROOT) / "vault" / "ff" / f"{PART_PREFIX}in-flight"
    writing.parent.mkdir(parents=True, exist_ok=True)
    writing.write_bytes(b"RAV1 half written")
    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    copied = {entry["path"] for entry in manifest["files"]}
    assert f"blobs/{stored.original_blob}" in copied
    assert not any(PART_PREFIX in path for path in copied)


def test_a_backup_is_on_the_disk_before_it_has_its_name(settings, tmp_path, monkeypatch):
    """A power cut right after `backup` reported success must not leave a backup that looks whole but is not."""
    import os

    personas = make_personas()
    make_stored_recording(personas.register)
    backup = tmp_path / "backup"
    flushes = []
    real_sync, real_fsync = os.sync, os.fsync

    def watched_sync():
        real_sync()
        flushes.append(("everything", backup.exists()))

    def watched_fsync(fd):
        real_fsync(fd)
        flushes.append((os.path.realpath(f"/proc/self/fd/{fd}"), backup.exists()))

    monkeypatch.setattr(os, "sync", watched_sync)
    monkeypatch.setattr(os, "fsync", watched_fsync)
    call_command("backup", str(backup))
    # The files were flushed before the folder was renamed to its name, and the rename itself after.
    assert ("everything", False) in flushes, flushes
    assert (str(tmp_path), True) in flushes, flushes
