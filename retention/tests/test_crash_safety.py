"""A purge cut short at any step leaves nothing readable and nothing orphaned; the next run finishes."""

from __future__ import annotations

import pytest

from recordings.models import BlobsToDelete, Recording
from retention import purge as services
from retention.models import Tombstone
from retention.services import purge_expired_recordings, reconcile_storage

from .conftest import blob_files


class Crash(Exception):
    pass


def test_a_crash_after_the_keys_are_destroyed_is_finished_by_the_next_run(personas, stored, settings, monkeypatch):
    recordings = [stored() for _ in range(3)]

    def crash(rows, **kwargs):
        raise Crash("power cut after the key was destroyed")

    monkeypatch.setattr(services, "_delete_blobs_and_rows", crash)
    with pytest.raises(Crash):
        purge_expired_recordings()
    # Rows and keys are gone and tombstones written: nothing is readable any more. The blobs were
    # queued in the same commit, so none is forgotten (the blob thread may have deleted them already).
    assert not Recording.objects.filter(pk__in=[r.pk for r in recordings]).exists()
    assert Tombstone.objects.count() == 3
    queued = set(BlobsToDelete.objects.values_list("recording_public_id", flat=True))
    assert queued == {r.public_id for r in recordings}

    monkeypatch.undo()
    result = purge_expired_recordings()
    assert result.completed_interrupted == 3
    assert not Recording.objects.exists() and not BlobsToDelete.objects.exists()
    assert blob_files(settings) == set()
    assert Tombstone.objects.count() == 3
    report = reconcile_storage()
    assert report.orphan_blobs == [] and report.rows_missing_blobs == []


def test_a_storage_error_on_one_blob_does_not_stop_the_batch_and_is_retried(personas, stored, settings, monkeypatch):
    bad, _good = stored(), stored()
    real_delete = services.delete_blobs

    def flaky(names):
        return real_delete([n for n in names if n != bad.original_blob]) | {bad.original_blob}

    monkeypatch.setattr(services, "delete_blobs", flaky)
    result = purge_expired_recordings()
    assert result.deleted == 1 and result.errors == 1
    assert not Recording.objects.exists()  # both unreadable already
    # The blob that could not be deleted stays queued, and stays in storage, for the next run.
    assert list(BlobsToDelete.objects.values_list("recording_public_id", flat=True)) == [bad.public_id]
    assert len(blob_files(settings)) == 1

    monkeypatch.undo()
    result = purge_expired_recordings()
    assert result.completed_interrupted == 1
    assert not BlobsToDelete.objects.exists() and blob_files(settings) == set()


def test_reconcile_finds_and_removes_orphan_blobs_and_marks_rows_without_audio(personas, stored, settings):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.core.management import call_command

    orphan_owner = stored(expired=False)
    missing = stored(expired=False)
    Recording.objects.filter(pk=orphan_owner.pk).delete()  # a row lost, its blob left behind
    default_storage.delete(missing.original_blob)  # a blob lost, its row left behind

    report = reconcile_storage(grace=timedelta(0))
    assert report.orphan_blobs == [orphan_owner.original_blob]
    assert report.rows_missing_blobs == [str(missing.public_id)]
    assert default_storage.exists(orphan_owner.original_blob)

    settings.RECONCILE_GRACE_SECONDS = 0
    call_command("reconcile_storage", "--fix")
    assert not default_storage.exists(orphan_owner.original_blob)
    assert Recording.objects.get(pk=missing.pk).blob_missing_at is not None
