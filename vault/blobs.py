"""Segmented, authenticated encryption of audio blobs (format RAV1).

Audio is encrypted in 64 KiB segments with AES-256-GCM, in the manner of
Tink's AES-GCM-HKDF streaming AEAD, so an HTTP Range request decrypts only
the segments it touches. The layout (see docs/vault-format.md):

    header  = b"RAV1" | segment size (u32 BE) | salt (32) | nonce prefix (7)
    segment = AES-GCM(segment key, nonce, plaintext, associated data = header)
    nonce   = nonce prefix (7) | segment index (u32 BE) | last-segment flag (1)

The segment key is HKDF-SHA256(data key, salt, info = "RAV1" + the caller's
associated data), so every blob has its own key and a blob moved to another
recording does not decrypt. The index in the nonce detects reordering, the
last flag detects truncation at a segment boundary, and the tags detect any
changed byte. Blob names are random and say nothing about the call.
"""

from __future__ import annotations

import os
import struct
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.files import File
from django.core.files.storage import default_storage

from .errors import VaultIntegrityError

MAGIC = b"RAV1"
SEGMENT_SIZE = 64 * 1024
TAG_BYTES = 16
SALT_BYTES = 32
NONCE_PREFIX_BYTES = 7
HEADER = struct.Struct(f">4sI{SALT_BYTES}s{NONCE_PREFIX_BYTES}s")
PREFIX = "vault/"


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _segment_key(data_key: bytes, salt: bytes, associated_data: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=MAGIC + associated_data)
    return AESGCM(hkdf.derive(data_key))


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def _new_name() -> str:
    token = uuid.uuid4().hex
    return f"{PREFIX}{token[:2]}/{token}"


def encrypt_stream(source, sink, *, data_key: bytes, associated_data: bytes, segment_size: int = SEGMENT_SIZE) -> None:
    """Encrypt a readable binary stream into a writable one."""
    salt = os.urandom(SALT_BYTES)
    prefix = os.urandom(NONCE_PREFIX_BYTES)
    header = HEADER.pack(MAGIC, segment_size, salt, prefix)
    aead = _segment_key(data_key, salt, associated_data)
    sink.write(header)
    index = 0
    current = source.read(segment_size)
    while True:
        following = source.read(segment_size)
        last = not following
        sink.write(aead.encrypt(_nonce(prefix, index, last), current, header))
        if last:
            return
        index += 1
        if index >= 2**32 - 1:
            raise ValueError("blob too large for the segment counter")
        current = following


def store_encrypted(path: Path | str, *, data_key: bytes, associated_data: bytes) -> str:
    """Encrypt the file at `path` into storage under a random name; returns the name.

    The ciphertext is assembled in a private temporary file first, so storage
    only ever receives a complete blob; if storage fails, nothing is left there.
    """
    with tempfile.TemporaryFile(prefix="vault-") as tmp:
        with open(path, "rb") as source:
            encrypt_stream(source, tmp, data_key=data_key, associated_data=associated_data)
        tmp.seek(0)
        name = _new_name()
        try:
            saved = default_storage.save(name, File(tmp, name=name))
        except BaseException:
            delete_blob(name)
            raise
    return saved


def delete_blob(name: str) -> None:
    """Delete a blob; a blob that is already gone is not an error."""
    if name:
        default_storage.delete(name)


def blob_exists(name: str) -> bool:
    return bool(name) and default_storage.exists(name)


def iter_blob_names() -> Iterator[str]:
    """Every blob in storage, for reconciliation against the database."""

    def walk(folder: str) -> Iterator[str]:
        try:
            dirs, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        for f in files:
            yield f"{folder}{f}"
        for d in dirs:
            yield from walk(f"{folder}{d}/")

    yield from walk(PREFIX)


class SegmentedReader:
    """Random access to the plaintext of one blob, decrypting only the segments asked for."""

    def __init__(self, fh, total_size: int, *, data_key: bytes, associated_data: bytes):
        self._fh = fh
        header = fh.read(HEADER.size)
        if len(header) != HEADER.size:
            raise VaultIntegrityError("blob header is truncated")
        magic, segment_size, salt, prefix = HEADER.unpack(header)
        if magic != MAGIC or not 0 < segment_size <= 16 * 1024 * 1024:
            raise VaultIntegrityError("blob header is not a RAV1 header")
        self._header = header
        self._prefix = prefix
        self.segment_size = segment_size
        self._aead = _segment_key(data_key, salt, associated_data)
        body = total_size - HEADER.size
        stride = segment_size + TAG_BYTES
        self.segment_count = max(1, -(-body // stride))
        self.plaintext_size = body - self.segment_count * TAG_BYTES
        if self.plaintext_size < 0:
            raise VaultIntegrityError("blob is truncated")

    def _segment(self, index: int) -> bytes:
        stride = self.segment_size + TAG_BYTES
        self._fh.seek(HEADER.size + index * stride)
        last = index == self.segment_count - 1
        ciphertext = self._fh.read(stride)
        try:
            return self._aead.decrypt(_nonce(self._prefix, index, last), ciphertext, self._header)
        except InvalidTag:
            raise VaultIntegrityError(f"segment {index} failed authentication (tampered or truncated blob)") from None

    def iter_range(self, start: int, end: int) -> Iterator[bytes]:
        """Plaintext bytes start..end inclusive."""
        if start < 0 or end >= self.plaintext_size or start > end:
            if self.plaintext_size == 0 and start == 0:
                return
            raise ValueError("range outside the blob")
        first, last = start // self.segment_size, end // self.segment_size
        for index in range(first, last + 1):
            data = self._segment(index)
            base = index * self.segment_size
            yield data[max(start - base, 0) : end - base + 1]

    def read_all(self) -> Iterator[bytes]:
        for index in range(self.segment_count):
            yield self._segment(index)

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> SegmentedReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_reader(name: str, *, data_key: bytes, associated_data: bytes) -> SegmentedReader:
    total = default_storage.size(name)
    fh = default_storage.open(name, "rb")
    try:
        return SegmentedReader(fh, total, data_key=data_key, associated_data=associated_data)
    except BaseException:
        fh.close()
        raise
