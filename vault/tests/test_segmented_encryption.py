"""Blobs round-trip, serve any byte range, and refuse tampering, truncation and reordering."""

from __future__ import annotations

import os

import pytest
from django.core.files.storage import default_storage
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from vault.blobs import (
    HEADER,
    SEGMENT_SIZE,
    TAG_BYTES,
    delete_blob,
    iter_blob_names,
    new_data_key,
    open_reader,
    store_encrypted,
)
from vault.errors import VaultIntegrityError

AD = b"recording:test"


def _store(tmp_path, data: bytes, key: bytes) -> str:
    src = tmp_path / "plain"
    src.write_bytes(data)
    return store_encrypted(src, data_key=key, associated_data=AD)


def _read(name: str, key: bytes, ad: bytes = AD) -> bytes:
    with open_reader(name, data_key=key, associated_data=ad) as reader:
        return b"".join(reader.read_all())


def _path(name: str) -> str:
    return default_storage.path(name)


@pytest.mark.parametrize("size", [0, 1, SEGMENT_SIZE - 1, SEGMENT_SIZE, SEGMENT_SIZE + 1, 3 * SEGMENT_SIZE + 17])
def test_blob_round_trips_at_segment_boundaries(tmp_path, size):
    key = new_data_key()
    data = os.urandom(size)
    name = _store(tmp_path, data, key)
    assert _read(name, key) == data
    with open_reader(name, data_key=key, associated_data=AD) as reader:
        assert reader.plaintext_size == size


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=1, max_size=3 * SEGMENT_SIZE + 100), bounds=st.tuples(st.floats(0, 1), st.floats(0, 1)))
def test_any_range_decrypts_to_the_same_bytes(tmp_path, data, bounds):
    key = new_data_key()
    name = _store(tmp_path, data, key)
    start, end = sorted(int(b * (len(data) - 1)) for b in bounds)
    with open_reader(name, data_key=key, associated_data=AD) as reader:
        assert b"".join(reader.iter_range(start, end)) == data[start : end + 1]
    delete_blob(name)


def test_a_flipped_byte_is_detected(tmp_path):
    key = new_data_key()
    name = _store(tmp_path, os.urandom(2 * SEGMENT_SIZE), key)
    raw = bytearray(open(_path(name), "rb").read())
    raw[HEADER.size + SEGMENT_SIZE + 40] ^= 1
    open(_path(name), "wb").write(raw)
    with pytest.raises(VaultIntegrityError, match="segment 1"):
        _read(name, key)


def test_truncation_at_a_segment_boundary_is_detected(tmp_path):
    key = new_data_key()
    name = _store(tmp_path, os.urandom(3 * SEGMENT_SIZE), key)
    raw = open(_path(name), "rb").read()
    open(_path(name), "wb").write(raw[: HEADER.size + 2 * (SEGMENT_SIZE + TAG_BYTES)])
    with pytest.raises(VaultIntegrityError):
        _read(name, key)


def test_reordered_segments_are_detected(tmp_path):
    key = new_data_key()
    name = _store(tmp_path, os.urandom(3 * SEGMENT_SIZE), key)
    raw = open(_path(name), "rb").read()
    stride = SEGMENT_SIZE + TAG_BYTES
    head, body = raw[: HEADER.size], raw[HEADER.size :]
    seg = [body[i : i + stride] for i in range(0, len(body), stride)]
    open(_path(name), "wb").write(head + seg[1] + seg[0] + b"".join(seg[2:]))
    with pytest.raises(VaultIntegrityError):
        _read(name, key)


def test_a_blob_does_not_decrypt_for_another_recording_or_key(tmp_path):
    key = new_data_key()
    name = _store(tmp_path, b"audio" * 100, key)
    with pytest.raises(VaultIntegrityError):
        _read(name, key, ad=b"recording:other")
    with pytest.raises(VaultIntegrityError):
        _read(name, new_data_key())


def test_blob_names_are_random_and_listed_for_reconciliation(tmp_path):
    key = new_data_key()
    names = {_store(tmp_path, b"x", key) for _ in range(3)}
    assert len(names) == 3
    assert set(iter_blob_names()) == names
    for name in names:
        delete_blob(name)
    assert list(iter_blob_names()) == []
