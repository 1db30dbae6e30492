"""On S3, a mid-file Range costs one ranged GET in any worker process: no separate GET for the blob's header.

The header (format, segment size, salt, nonce prefix: no key) and the object's size are kept in Django's
cache (Redis in production, CACHE_URL) as stored, written when a blob is stored and when it is first read,
so a worker that has never seen the blob goes straight to the segment it needs. GETs are counted as
the storage's own boto3 client sends them; nothing here is timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage

from conftest import require_or_skip
from tests.seaweedfs import free_port
from vault import header_cache
from vault.blobs import HEADER, SEGMENT_SIZE, TAG_BYTES, new_data_key, open_reader, store_encrypted

pytestmark = pytest.mark.s3

AD = b"recording:one-get"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

# A new worker: its own process, the same bucket and the same Redis, reading one mid-file Range.
NEW_WORKER_READS_MID_FILE = """
import json, sys, django
django.setup()
from django.core.files.storage import default_storage
from vault.blobs import open_reader

name, key, start = sys.argv[1], bytes.fromhex(sys.argv[2]), int(sys.argv[3])
ranges = []
default_storage.connection.meta.client.meta.events.register(
    "before-send.s3.GetObject", lambda request, **kwargs: ranges.append(request.headers["Range"].decode())
)
with open_reader(name, data_key=key, associated_data=b"recording:one-get") as reader:
    first = next(reader.stream_range(start, reader.plaintext_size - 1))
print(json.dumps({"ranges": ranges, "first": first[:16].hex()}))
"""


class GetRanges:
    """The Range of every GetObject the storage's client sends."""

    def __init__(self):
        self.ranges: list[str] = []
        self._events = default_storage.connection.meta.client.meta.events
        self._events.register("before-send.s3.GetObject", self._count)

    def _count(self, request, **kwargs):
        self.ranges.append(request.headers["Range"].decode())

    def close(self):
        self._events.unregister("before-send.s3.GetObject", self._count)


@pytest.fixture
def redis_cache(settings):
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        require_or_skip(False, f"Redis at {REDIS_URL}")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    return REDIS_URL


@pytest.fixture
def gets(s3_storage):
    counter = GetRanges()
    yield counter
    counter.close()


def store(tmp_path, size: int, key: bytes) -> tuple[str, bytes]:
    data = os.urandom(size)
    path = tmp_path / "plain"
    path.write_bytes(data)
    return store_encrypted(path, data_key=key, associated_data=AD), data


def read_in_a_new_worker(name: str, key: bytes, start: int, *, bucket: str, node) -> dict:
    env = {
        **os.environ,
        **node.storage_env(bucket),
        "DJANGO_SETTINGS_MODULE": "recordings_admin.settings",
        "CACHE_URL": REDIS_URL,
    }
    done = subprocess.run(
        [sys.executable, "-c", NEW_WORKER_READS_MID_FILE, name, key.hex(), str(start)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def segment_range(start: int) -> str:
    """The ranged GET that fetches exactly the segment holding plaintext byte `start`, and nothing else."""
    stride = SEGMENT_SIZE + TAG_BYTES
    first = HEADER.size + (start // SEGMENT_SIZE) * stride
    return f"bytes={first}-{first + stride - 1}"


def test_a_new_worker_reads_a_mid_file_range_of_a_new_blob_with_one_ranged_get(
    tmp_path, s3_storage, seaweedfs, redis_cache
):
    key = new_data_key()
    name, data = store(tmp_path, 2 * 1024 * 1024, key)
    start = len(data) // 2 + 123

    seen = read_in_a_new_worker(name, key, start, bucket=s3_storage, node=seaweedfs)

    assert seen["ranges"] == [segment_range(start)]
    assert bytes.fromhex(seen["first"]) == data[start : start + 16]


def test_a_blob_read_once_anywhere_is_one_ranged_get_in_every_later_worker(
    tmp_path, s3_storage, seaweedfs, redis_cache, gets
):
    key = new_data_key()
    name, data = store(tmp_path, 2 * 1024 * 1024, key)
    cache.clear()  # a cold cache: the blob was stored before it, or its entry was evicted
    header_cache.forget_in_this_process()
    start = len(data) // 3

    with open_reader(name, data_key=key, associated_data=AD) as reader:
        first = next(reader.stream_range(start, len(data) - 1))
    assert first == data[start : (start // SEGMENT_SIZE + 1) * SEGMENT_SIZE]
    assert gets.ranges == [f"bytes=0-{HEADER.size - 1}", segment_range(start)]

    for later in (start, 100, len(data) - 10):
        assert read_in_a_new_worker(name, key, later, bucket=s3_storage, node=seaweedfs)["ranges"] == [
            segment_range(later)
        ]


def test_the_cache_holds_the_header_as_stored_and_no_key(tmp_path, s3_storage, redis_cache):
    import redis

    key = new_data_key()
    name, _data = store(tmp_path, 300_000, key)
    client = default_storage.connection.meta.client
    stored = client.get_object(Bucket=s3_storage, Key=name, Range=f"bytes=0-{HEADER.size - 1}")["Body"].read()

    values = [redis.Redis.from_url(REDIS_URL).get(k) for k in redis.Redis.from_url(REDIS_URL).keys("*")]
    ours = [v for v in values if v and stored in v]
    assert len(ours) == 1
    assert key not in ours[0]
    assert name.encode() not in b"".join(redis.Redis.from_url(REDIS_URL).keys("*"))


def test_reading_works_with_the_cache_down(tmp_path, s3_storage, settings, gets):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    key = new_data_key()
    name, data = store(tmp_path, 300_000, key)
    with open_reader(name, data_key=key, associated_data=AD) as reader:
        assert b"".join(reader.stream_range(200_000, 200_099)) == data[200_000:200_100]
