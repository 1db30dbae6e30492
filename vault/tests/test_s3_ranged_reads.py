"""On S3, a Range reads only the encrypted segments it needs, however long the call."""

from __future__ import annotations

import os

import pytest
from django.core.files.storage import default_storage

from vault.blobs import SEGMENT_SIZE, TAG_BYTES, new_data_key, open_reader, store_encrypted

pytestmark = pytest.mark.s3

AD = b"recording:ranged"


class BytesFetched:
    """Counts the body bytes S3 sends back for GetObject, as the storage's own client sees them."""

    def __init__(self):
        self.total = 0
        self.requests = 0
        self._events = default_storage.connection.meta.client.meta.events
        self._events.register("after-call.s3.GetObject", self._count)

    def _count(self, http_response, parsed, **kwargs):
        self.requests += 1
        self.total += int(parsed.get("ContentLength") or 0)

    def close(self):
        self._events.unregister("after-call.s3.GetObject", self._count)


@pytest.fixture
def fetched(s3_storage):
    counter = BytesFetched()
    yield counter
    counter.close()


def store(tmp_path, size: int, key: bytes) -> tuple[str, bytes]:
    data = os.urandom(size)
    path = tmp_path / "plain"
    path.write_bytes(data)
    return store_encrypted(path, data_key=key, associated_data=AD), data


def test_a_range_near_the_end_of_a_long_blob_fetches_only_its_segments(tmp_path, s3_storage, fetched):
    key = new_data_key()
    name, data = store(tmp_path, 16 * 1024 * 1024, key)
    start, end = len(data) - 5000, len(data) - 1000
    with open_reader(name, data_key=key, associated_data=AD) as reader:
        assert b"".join(reader.iter_range(start, end)) == data[start : end + 1]
    # At most the two segments the range straddles, in one GET: the header is known since the blob was stored.
    assert fetched.total <= 2 * (SEGMENT_SIZE + TAG_BYTES)
    assert fetched.requests == 1


def test_first_byte_mid_file_costs_the_same_for_a_short_and_a_long_blob(tmp_path, s3_storage, fetched):
    key = new_data_key()
    costs = []
    for size in (2 * 1024 * 1024, 32 * 1024 * 1024):
        name, data = store(tmp_path, size, key)
        before = fetched.total
        with open_reader(name, data_key=key, associated_data=AD) as reader:
            middle = size // 2
            assert next(reader.iter_range(middle, size - 1)) == data[middle : middle + len(_first(reader, middle))]
        costs.append(fetched.total - before)
    # A whole-object download would make the long blob cost 16 times as much.
    assert costs[1] <= costs[0] + 2 * (SEGMENT_SIZE + TAG_BYTES)


def _first(reader, start: int) -> bytes:
    return next(reader.iter_range(start, reader.plaintext_size - 1))


def test_whole_blob_round_trips_through_s3(tmp_path, s3_storage):
    key = new_data_key()
    for size in (0, 1, SEGMENT_SIZE, 3 * SEGMENT_SIZE + 17):
        name, data = store(tmp_path, size, key)
        with open_reader(name, data_key=key, associated_data=AD) as reader:
            assert reader.plaintext_size == size
            assert b"".join(reader.read_all()) == data


def test_a_players_later_seeks_in_the_same_blob_take_one_request_each(tmp_path, s3_storage, fetched):
    key = new_data_key()
    name, data = store(tmp_path, 4 * 1024 * 1024, key)
    with open_reader(name, data_key=key, associated_data=AD) as reader:
        next(reader.iter_range(0, 10))
    before = fetched.requests
    for start in (1_000_000, 3_000_000, 100):
        with open_reader(name, data_key=key, associated_data=AD) as reader:
            assert next(reader.iter_range(start, start + 9)) == data[start : start + 10]
    assert fetched.requests - before == 3
