"""A call stored after a backup and deleted before its restore is still refused by ingest after the restore.

The restored database never held the call, so replaying the journal finds no
row to destroy again; the tombstone that kept the call's id refused was lost
with the database. Each journal entry of a recording carries the keyed digest
of the call's id ("call"), and the replay writes the tombstone back from it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from audio.synth import SUFFIX, write_sample
from backups.restore import journal_replay
from journal.file import GENESIS, journal_entries, journal_path, journal_verify
from recordings.call_ids import external_id_digest
from recordings.errors import IngestConflict
from recordings.models import Recording, Tombstone
from recordings.services import parse_call_metadata, recording_ingest, recording_shred, stored_copy
from recordings.tests.conftest import call_data
from retention.services import purge_expired_recordings
from testkit import make_personas, make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)


def _call(tmp_path, external_id: str):
    """A recorder's call: its audio file and its metadata, as ingest takes them."""
    path = tmp_path / f"{external_id}{SUFFIX['wav-mulaw']}"
    write_sample(path, "wav-mulaw", 3.0)
    return path, call_data(3.0, external_id=external_id)


def _lose_everything(settings) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_calls_erased_and_purged_after_the_backup_are_refused_after_the_restore(settings, tmp_path):
    personas = make_personas()
    register = personas.register
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    erased, purged = _call(tmp_path, "1733570000.42"), _call(tmp_path, "1733570000.43")
    for path, data in (erased, purged):
        recording_ingest(register=register, audio_path=path, metadata=parse_call_metadata(data))
    # One erased at a data subject's request (recording_shred), one by the purge's single statement.
    recording_shred(Recording.objects.get(external_id="1733570000.42"), reason="erasure", reference="SR-2026-0009")
    Recording.objects.filter(external_id="1733570000.43").update(expires_at=timezone.now() - timedelta(minutes=1))
    assert purge_expired_recordings().deleted == 1
    digests = [external_id_digest(register.pk, data["external_id"]) for _path, data in (erased, purged)]
    assert [e.get("call") for e in journal_entries()] == digests

    _lose_everything(settings)
    call_command("restore", str(backup))

    assert sorted(Tombstone.objects.values_list("external_id_digest", flat=True)) == sorted(digests)
    for path, data in (erased, purged):
        with pytest.raises(IngestConflict, match="this call was deleted"):
            recording_ingest(register=register, audio_path=path, metadata=parse_call_metadata(data))
        with pytest.raises(IngestConflict, match="this call was deleted"):
            stored_copy(register, data["external_id"], path)
    assert not Recording.objects.exists()
    assert journal_verify().problems == []


def _write_line(entry: dict, prev: str) -> str:
    """An entry as releases before the digest wrote it: canonical JSON, then its hash."""
    entry = {**entry, "prev": prev}
    body = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(body.encode()).hexdigest()
    with open(journal_path(), "a") as fh:
        fh.write(f'{body[:-1]},"hash":"{digest}"}}\n')
    return digest


def test_old_entries_without_the_digest_still_verify_and_replay_beside_new_ones(personas, settings):
    register = personas.register
    live = make_stored_recording(register)
    gone = make_stored_recording(register)
    digest = external_id_digest(register.pk, gone.external_id)
    Recording.objects.filter(pk=gone.pk).delete()  # stored after the backup, deleted before the restore
    journal_path().parent.mkdir(parents=True, exist_ok=True)
    common = {"at": timezone.now().isoformat(), "kind": "recording", "register": register.pk, "outbox": ""}
    prev = _write_line({**common, "sequence": 1, "recording": str(live.public_id), "reason": "erasure"}, GENESIS)
    forgotten = "5b1c4f0e-8a43-4d55-9f0e-1f3ad4a1b2c3"  # an old entry for a call no row remembers
    prev = _write_line({**common, "sequence": 2, "recording": forgotten, "reason": "retention"}, prev)
    _write_line({**common, "sequence": 3, "recording": str(gone.public_id), "reason": "erasure", "call": digest}, prev)

    assert journal_verify().entries == 3 and journal_verify().problems == []
    destroyed, entries, _by_kind = journal_replay()

    assert (destroyed, entries) == (1, 3)  # the tombstone written back is not a call destroyed
    assert not Recording.objects.filter(pk=live.pk).exists()
    kept = dict(Tombstone.objects.values_list("recording_public_id", "external_id_digest"))
    assert kept == {live.public_id: live.external_id_digest, gone.public_id: digest}
    with pytest.raises(IngestConflict):
        stored_copy(register, gone.external_id, "never-read.wav")
    # Replayed again (a second restore drill), nothing changes.
    assert journal_replay()[0] == 0 and Tombstone.objects.count() == 2


def test_a_tombstone_without_the_digest_gets_it_from_the_journal(personas):
    register = personas.register
    gone = make_stored_recording(register)
    digest = gone.external_id_digest
    Recording.objects.filter(pk=gone.pk).delete()
    Tombstone.objects.create(recording_public_id=gone.public_id, register=register, reason="erasure")
    assert Tombstone.objects.get().external_id_digest == ""
    journal_path().parent.mkdir(parents=True, exist_ok=True)
    common = {"at": timezone.now().isoformat(), "kind": "recording", "register": register.pk, "outbox": ""}
    _write_line(
        {**common, "sequence": 1, "recording": str(gone.public_id), "reason": "erasure", "call": digest}, GENESIS
    )

    assert journal_replay()[0] == 0
    assert Tombstone.objects.get().external_id_digest == digest


def test_the_purges_single_statement_writes_the_digest_into_the_journal(personas):
    past = timezone.now() - timedelta(hours=1)
    calls = [make_stored_recording(personas.register, expires_at=past) for _ in range(3)]

    assert purge_expired_recordings().deleted == 3

    lines = journal_path().read_text().splitlines()
    by_call = {json.loads(line)["recording"]: json.loads(line).get("call") for line in lines}
    assert by_call == {str(c.public_id): c.external_id_digest for c in calls}
    assert all(c.external_id_digest for c in calls)
    assert journal_verify().problems == []


def test_an_entry_rebuilt_from_the_tombstones_keeps_the_digest(personas):
    from backups.tasks import ship_deletion_journal

    gone = make_stored_recording(personas.register, expires_at=timezone.now() - timedelta(hours=1))
    assert purge_expired_recordings().deleted == 1
    path = journal_path()
    path.write_bytes(path.read_bytes()[:-41])  # the disk lost the entry's end after it was shipped

    ship_deletion_journal()

    assert [e.get("call") for e in journal_entries()] == [gone.external_id_digest]
    assert journal_verify().problems == []
