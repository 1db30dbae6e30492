"""The purge deletes what has expired, keeps what must be kept, and leaves nothing personal behind."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from recordings.models import Recording
from retention.models import PurgeRun, Tombstone
from retention.services import purge_expired_recordings

from .conftest import blob_files


def test_expired_recordings_are_shredded_with_their_blobs(personas, stored, settings):
    expired, current = stored(), stored(expired=False)
    assert len(blob_files(settings)) == 2
    result = purge_expired_recordings()
    assert result.deleted == 1
    assert list(Recording.objects.values_list("pk", flat=True)) == [current.pk]
    assert len(blob_files(settings)) == 1
    assert Tombstone.objects.get().recording_public_id == expired.public_id


def test_restricted_recordings_are_kept(personas, stored):
    recording = stored(restricted=True)
    purge_expired_recordings()
    assert Recording.objects.filter(pk=recording.pk).exists()


def test_an_archive_import_already_past_its_period_goes_at_the_next_run(personas, stored):
    old = stored(expired=False, ended_at=timezone.now() - timedelta(days=800))
    assert old.expires_at < timezone.now()
    purge_expired_recordings()
    assert not Recording.objects.filter(pk=old.pk).exists()


def test_dry_run_lists_and_deletes_nothing(personas, stored, settings, capsys):
    recording = stored()
    before = blob_files(settings)
    call_command("purge_expired", "--dry-run")
    out = capsys.readouterr().out
    assert str(recording.public_id) in out and "1 recording(s) would be deleted" in out
    assert Recording.objects.filter(pk=recording.pk).exists()
    assert blob_files(settings) == before
    assert not Tombstone.objects.exists() and not PurgeRun.objects.exists()


def test_the_command_can_limit_to_one_register(personas, stored):
    mine, theirs = stored(), stored(personas.other_register)
    call_command("purge_expired", "--register", personas.other_register.slug)
    assert Recording.objects.filter(pk=mine.pk).exists()
    assert not Recording.objects.filter(pk=theirs.pk).exists()


def test_the_purge_is_idempotent(personas, stored):
    stored(), stored()
    assert purge_expired_recordings().deleted == 2
    assert purge_expired_recordings().deleted == 0
    assert Tombstone.objects.count() == 2


def test_one_audit_event_per_batch(personas, stored):
    for _ in range(5):
        stored()
    purge_expired_recordings(batch_size=2)
    events = AuditEvent.objects.filter(action="purge_batch")
    assert [e.details["deleted"] for e in events] == [2, 2, 1]
    assert all(e.register_id == personas.register.pk for e in events)


def test_tombstones_and_audit_hold_no_personal_data(personas, stored):
    recording = stored(caller_number="+358407654321", agent_name="Maija Meikäläinen")
    purge_expired_recordings()
    tombstone = Tombstone.objects.values().get()
    dumped = repr(tombstone) + repr(list(AuditEvent.objects.values()))
    for secret in ("7654321", "Maija", recording.external_id, recording.sha256):
        assert secret not in dumped
    # expires_at is a date from the register's rule, kept to prove the purge's lateness; not personal data.
    # external_id_digest is a keyed digest of the call id (recordings.call_ids), never the id.
    assert tombstone["external_id_digest"] and recording.external_id not in tombstone["external_id_digest"]
    assert set(tombstone) == {
        "external_id_digest",
        "id",
        "recording_public_id",
        "register_id",
        "deleted_at",
        "reason",
        "reference",
        "expires_at",
    }


def test_a_run_is_recorded_for_the_retention_page(personas, stored):
    stored(), stored(personas.other_register)
    purge_expired_recordings()
    run = PurgeRun.objects.get()
    assert run.deleted == 2 and run.finished_at is not None
    assert run.deleted_in(personas.register) == 1
