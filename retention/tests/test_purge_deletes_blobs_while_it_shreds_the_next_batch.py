"""The purge overlaps storage and database work: one batch's blobs go while the next batch is shredded.

Blob deletion is storage latency (a disk's metadata writes, an S3 round trip);
shredding is database work. Done in turn, a purge costs their sum; overlapped,
about the larger. The storage here holds the first blob deletion until the
purge has destroyed the second batch's keys: a purge that waits for its blobs
before shredding on never gets there.
"""

from __future__ import annotations

import threading

from django.core.files.storage import FileSystemStorage

from recordings.models import Recording
from retention import purge
from retention.models import Tombstone
from retention.services import purge_expired_recordings

from .conftest import blob_files

SECOND_BATCH_SHREDDED = threading.Event()
OVERLAPPED: list[bool] = []


class StorageThatWaitsForTheNextBatch(FileSystemStorage):
    def delete(self, name):
        if not OVERLAPPED:
            OVERLAPPED.append(SECOND_BATCH_SHREDDED.wait(timeout=20))
        super().delete(name)


def test_first_batch_blobs_are_deleted_while_the_second_batch_is_shredded(personas, stored, settings, monkeypatch):
    SECOND_BATCH_SHREDDED.clear()
    OVERLAPPED.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "BACKEND": f"{__name__}.StorageThatWaitsForTheNextBatch"},
    }
    recordings = [stored() for _ in range(5)]
    keep = stored(expired=False)
    shredded_batches = []
    destroy_keys = purge._destroy_keys

    def observed(ids, **kwargs):
        rows = destroy_keys(ids, **kwargs)
        shredded_batches.append(len(rows))
        if len(shredded_batches) == 2:
            SECOND_BATCH_SHREDDED.set()
        return rows

    monkeypatch.setattr(purge, "_destroy_keys", observed)

    result = purge_expired_recordings(batch_size=2)

    assert OVERLAPPED == [True], "the first batch's blobs waited for nothing: the purge did one thing at a time"
    assert shredded_batches == [2, 2, 1]
    assert result.deleted == 5 and result.errors == 0
    assert list(Recording.objects.values_list("pk", flat=True)) == [keep.pk]
    assert Tombstone.objects.count() == len(recordings)
    assert len(blob_files(settings)) == 1
