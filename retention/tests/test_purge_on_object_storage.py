"""The purge on S3 storage: blobs go in DeleteObjects batches, and an outage is counted, not a crash."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from recordings.models import BlobsToDelete, Recording
from retention.models import PurgeRun, Tombstone
from retention.services import purge_expired_recordings
from vault.blobs import DELETE_BATCH, delete_blobs

pytestmark = pytest.mark.s3


class S3Calls:
    """Counts the S3 operations the storage's own client makes."""

    def __init__(self):
        self.counts: dict[str, int] = {}
        self._events = default_storage.connection.meta.client.meta.events
        self._events.register("before-call.s3", self._count)

    def _count(self, model, **kwargs):
        self.counts[model.name] = self.counts.get(model.name, 0) + 1

    def close(self):
        self._events.unregister("before-call.s3", self._count)


@pytest.fixture
def s3_calls(s3_storage):
    calls = S3Calls()
    yield calls
    calls.close()


def bucket_keys(node, bucket) -> list[str]:
    return [o["Key"] for o in node.client().list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_the_purge_deletes_a_batch_of_blobs_with_one_request(personas, stored, seaweedfs, s3_storage, s3_calls):
    for _ in range(5):
        stored()
    result = purge_expired_recordings()
    assert result.deleted == 5 and result.errors == 0
    assert s3_calls.counts.get("DeleteObjects") == 1
    assert "DeleteObject" not in s3_calls.counts
    assert bucket_keys(seaweedfs, s3_storage) == []


def test_more_keys_than_one_request_takes_go_in_several_requests(seaweedfs, s3_storage, s3_calls):
    client = seaweedfs.client()
    names = [f"vault/zz/{i:05d}" for i in range(DELETE_BATCH + 5)]
    for name in names:
        client.put_object(Bucket=s3_storage, Key=name, Body=b"x")
    assert delete_blobs([*names, "vault/zz/never-existed"]) == set()
    assert s3_calls.counts.get("DeleteObjects") == 2
    assert bucket_keys(seaweedfs, s3_storage) == []


def test_a_purge_during_a_storage_outage_counts_blob_errors_and_the_next_run_finishes(
    personas, stored, stoppable_s3_storage
):
    kept_until_later = [stored() for _ in range(3)]
    stoppable_s3_storage.stop()

    result = purge_expired_recordings()

    assert result.deleted == 0 and result.errors == 3
    assert not Recording.objects.exists()  # unreadable already
    assert BlobsToDelete.objects.count() == 3  # the blobs wait for storage to come back
    assert Tombstone.objects.count() == 3
    run = PurgeRun.objects.get(pk=result.run.pk)
    assert run.errors == 3 and "retried next run" in run.error_summary

    stoppable_s3_storage.restart()
    result = purge_expired_recordings()
    assert result.completed_interrupted == 3 and result.errors == 0
    assert not Recording.objects.filter(pk__in=[r.pk for r in kept_until_later]).exists()
    assert not BlobsToDelete.objects.exists()
    assert bucket_keys(stoppable_s3_storage, stoppable_s3_storage.bucket) == []
