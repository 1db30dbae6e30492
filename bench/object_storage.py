"""The S3 benchmarks, on a SeaweedFS node started for the run (tests/seaweedfs.py).

Each figure has a baseline measured in the same run on the same node: a raw
ranged GET for playback (and the same view on local disk, which the goal is
set against), raw batched DeleteObjects for the purge.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.test import Client, override_settings

from . import data
from .results import Result, percentile

REPEAT = 100
WARM_UP = 5
UPLOAD_THREADS = 16


@contextmanager
def seaweedfs_storage():
    """A SeaweedFS node and a bucket, with blob storage pointed at it for the block."""
    from django.conf import settings

    from tests.seaweedfs import SeaweedFS

    node = SeaweedFS().start()
    try:
        bucket = node.create_bucket()
        entry = node.storage_settings(bucket)
        # The benchmark measures the happy path with the production client settings.
        entry["OPTIONS"].pop("client_config")
        with override_settings(STORAGES={**settings.STORAGES, "default": entry}):
            yield node, bucket
    finally:
        node.cleanup()


def _hour_of_audio(work: Path, seconds: int) -> Path:
    plain = work / "hour.wav"
    with open(plain, "wb") as fh:
        for _ in range(seconds):
            fh.write(os.urandom(8000))  # one second of G.711 at 8 kHz
    return plain


def _playable(register, plain: Path, supervisor) -> tuple[Client, str]:
    from recordings.models import Recording, RenditionStatus
    from recordings.services import RENDITION
    from testkit import make_stored_recording
    from vault.blobs import store_encrypted
    from vault.keyring import get_keyring

    recording = make_stored_recording(register, expires_at=None)
    data_key = get_keyring().unwrap(recording.key_id, bytes(recording.wrapped_key), context=recording.key_context)
    blob = store_encrypted(plain, data_key=data_key, associated_data=recording.key_context + RENDITION)
    Recording.objects.filter(pk=recording.pk).update(
        rendition_blob=blob,
        rendition_status=RenditionStatus.READY,
        rendition_mime="audio/wav",
        rendition_size=plain.stat().st_size,
    )
    client = Client()
    client.force_login(supervisor)
    client.post(f"/recordings/{recording.public_id}/listen/", {"reason": ""})
    return client, f"/recordings/{recording.public_id}/audio/"


def _first_byte_ms(client: Client, url: str, size: int) -> float:
    start = time.perf_counter()
    response = client.get(url, HTTP_RANGE=f"bytes={size // 2}-")
    assert response.status_code == 206, response.status_code
    next(iter(response.streaming_content))
    elapsed = (time.perf_counter() - start) * 1000
    response.close()
    return elapsed


@contextmanager
def _serving_from(storage):
    """Point default_storage at `storage` for the block, keeping each storage's own connections.

    Overriding STORAGES would rebuild the storage, and with it the S3 connection pool, on every switch.
    """
    from django.core.files.storage import default_storage
    from django.utils.functional import empty

    default_storage._wrapped = storage
    try:
        yield
    finally:
        default_storage._wrapped = empty


def bench_s3_playback(world, size_seconds: int) -> list[Result]:
    """The same mid-file seek on local disk and on S3, taken in turns while the SeaweedFS node runs.

    Taking them in turns puts both sides on the same machine at the same moment: measured one after
    the other, the S3 side alone paid for whatever else the machine did then (the node's own start-up work,
    another process), in either direction. The order within a turn alternates, so neither side always runs
    right after the other's S3 traffic.
    """
    from django.core.files.storage import storages

    register, supervisor = world["registers"][0], world["supervisor"]
    work = Path(tempfile.mkdtemp(prefix="bench-s3-play-"))
    plain = _hour_of_audio(work, size_seconds)
    size = plain.stat().st_size
    local_storage = storages.create_storage(storages.backends["default"])
    local, ours, raw, alone = [], [], [], []
    try:
        with _serving_from(local_storage):
            local_client, local_url = _playable(register, plain, supervisor)
            alone = [_first_byte_ms(local_client, local_url, size) for _ in range(WARM_UP + REPEAT)][WARM_UP:]
        with seaweedfs_storage() as (node, bucket):
            s3_storage = storages.create_storage(storages.backends["default"])
            with _serving_from(s3_storage):
                client, url = _playable(register, plain, supervisor)
            raw_get = _raw_ranged_get(node, bucket, size)
            for i in range(WARM_UP + REPEAT):
                # Which side goes first alternates: each follows the other, and the raw GET, equally often.
                for side in ("local", "s3") if i % 2 else ("s3", "local"):
                    if side == "local":
                        with _serving_from(local_storage):
                            local_ms = _first_byte_ms(local_client, local_url, size)
                    else:
                        with _serving_from(s3_storage):
                            ours_ms = _first_byte_ms(client, url, size)
                raw_ms = raw_get()
                if i >= WARM_UP:
                    local.append(local_ms)
                    ours.append(ours_ms)
                    raw.append(raw_ms)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ours_p95, local_p95, raw_p95 = percentile(ours, 95), percentile(local, 95), percentile(raw, 95)
    alone_p95 = percentile(alone, 95)
    ratio = ours_p95 / local_p95
    minutes = size_seconds // 60
    return [
        Result(
            f"S3 playback: first byte mid-file, {minutes} min call, p95 (baseline: local disk)",
            round(ours_p95, 1),
            "ms",
            round(local_p95, 1),
            round(ratio, 2),
            "<= 2x local disk",
            ratio <= 2,
        ),
        Result(
            "S3 playback: same, against a raw 64 KiB ranged GET",
            round(ours_p95, 1),
            "ms",
            round(raw_p95, 1),
            round(ours_p95 / raw_p95, 2),
            "report",
            None,
        ),
        Result(
            "S3 playback: same, against local disk before the node started",
            round(ours_p95, 1),
            "ms",
            round(alone_p95, 1),
            round(ours_p95 / alone_p95, 2),
            "report",
            None,
        ),
    ]


def _raw_ranged_get(node, bucket: str, size: int):
    """What S3 itself costs: a function timing one ranged GET of a segment's worth from the middle of the object."""
    client = node.client()
    client.put_object(Bucket=bucket, Key="bench/raw", Body=os.urandom(size))
    middle = size // 2

    def once() -> float:
        start = time.perf_counter()
        body = client.get_object(Bucket=bucket, Key="bench/raw", Range=f"bytes={middle}-{middle + 65535}")["Body"]
        body.read()
        return (time.perf_counter() - start) * 1000

    return once


def _rows_with_blobs_in_bucket(registers, count: int, seed: int, node, bucket: str) -> None:
    """`count` expired rows by COPY, each with one small blob uploaded to the bucket."""
    data.copy_recordings(registers, count, expired=True, with_blobs=False, seed=seed)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE recordings_recording SET original_blob = "
            "'vault/' || left(replace(public_id::text, '-', ''), 2) || '/' || replace(public_id::text, '-', '') "
            "WHERE original_blob = '' RETURNING original_blob"
        )
        names = [row[0] for row in cursor.fetchall()]
    client = node.client(max_pool_connections=UPLOAD_THREADS)
    blob = os.urandom(600)
    with ThreadPoolExecutor(UPLOAD_THREADS) as pool:
        list(pool.map(lambda name: client.put_object(Bucket=bucket, Key=name, Body=blob), names))


def _bucket_is_empty(node, bucket: str) -> bool:
    return node.client().list_objects_v2(Bucket=bucket, Prefix="vault/", MaxKeys=1).get("KeyCount", 0) == 0


def bench_s3_purge(world, size: int) -> list[Result]:
    from retention.services import purge_expired_recordings

    registers = world["registers"]
    data.clear_recordings()
    with seaweedfs_storage() as (node, bucket):
        _rows_with_blobs_in_bucket(registers, size, 31, node, bucket)
        start = time.perf_counter()
        result = purge_expired_recordings()  # the batch size the beat's purge uses
        ours = time.perf_counter() - start
        assert result.deleted == size and result.errors == 0, (result.deleted, result.errors, size)
        assert _bucket_is_empty(node, bucket)

        _rows_with_blobs_in_bucket(registers, size, 32, node, bucket)
        client = node.client()
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM recordings_recording WHERE expires_at <= now() RETURNING original_blob")
            names = [row[0] for row in cursor.fetchall()]
        for i in range(0, len(names), 1000):
            client.delete_objects(
                Bucket=bucket, Delete={"Objects": [{"Key": n} for n in names[i : i + 1000]], "Quiet": True}
            )
        base = time.perf_counter() - start
        assert _bucket_is_empty(node, bucket)
    rate, base_rate = size / ours, size / base
    return [
        Result(
            f"S3 purge: {size:,} recordings on SeaweedFS (baseline: raw DeleteObjects)",
            round(rate),
            "recordings/s",
            round(base_rate),
            round(base_rate / rate, 2),
            ">= 1,000 recordings/s",
            rate >= 1000,
        ),
    ]
