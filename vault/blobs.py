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

import contextlib
import itertools
import os
import shutil
import struct
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage

from lib.files import fsync_folder

from . import header_cache
from .errors import StorageUnavailable, VaultIntegrityError

MAGIC = b"RAV1"
SEGMENT_SIZE = 64 * 1024
TAG_BYTES = 16
SALT_BYTES = 32
NONCE_PREFIX_BYTES = 7
HEADER = struct.Struct(f">4sI{SALT_BYTES}s{NONCE_PREFIX_BYTES}s")
PREFIX = "vault/"
# Segments fetched by a reader's first request, and the most fetched by any one request. The first
# span is the one segment playback reads before it answers, so its body is read to the end and the
# S3 connection goes back to the pool; a span left half read (a browser seeking hangs up) closes it.
FIRST_SPAN_SEGMENTS = 1
MAX_SPAN_SEGMENTS = 128

T = TypeVar("T")


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


class EncryptingWriter:
    """A write-only stream that encrypts its plaintext into `sink` segment by segment as it arrives.

    It writes the RAV1 layout above: the header, full segments, then a last
    one (empty only for an empty blob). A segment is sealed only once a byte
    beyond it arrives, so the last one is known and carries its flag. Close
    it to seal the last segment; after an error, discard the sink instead.
    The plaintext is held in memory, one segment at a time, and nowhere else.
    """

    def __init__(self, sink, *, data_key: bytes, associated_data: bytes, segment_size: int = SEGMENT_SIZE):
        salt = os.urandom(SALT_BYTES)
        self._prefix = os.urandom(NONCE_PREFIX_BYTES)
        self._header = HEADER.pack(MAGIC, segment_size, salt, self._prefix)
        self.header = self._header
        self._aead = _segment_key(data_key, salt, associated_data)
        self._sink = sink
        self._segment_size = segment_size
        self._pending = bytearray()
        self._index = 0
        self.closed = False
        sink.write(self._header)

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def write(self, data) -> int:
        if self.closed:
            raise ValueError("write to a closed EncryptingWriter")
        self._pending += data
        while len(self._pending) > self._segment_size:
            self._seal(bytes(self._pending[: self._segment_size]), last=False)
            del self._pending[: self._segment_size]
        return len(data)

    def flush(self) -> None:
        self._sink.flush()

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._pending), last=True)
            self._pending.clear()
            self.closed = True

    def _seal(self, plaintext: bytes, *, last: bool) -> None:
        if self._index >= 2**32 - 1:
            raise ValueError("blob too large for the segment counter")
        self._sink.write(self._aead.encrypt(_nonce(self._prefix, self._index, last), plaintext, self._header))
        self._index += 1

    def __enter__(self) -> EncryptingWriter:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.close()


def store_encrypted(path: Path | str, *, data_key: bytes, associated_data: bytes) -> str:
    """Encrypt the file at `path` into storage under a random name; returns the name."""
    with open(path, "rb") as source:
        name, _ = store_encrypted_stream(
            lambda writer: shutil.copyfileobj(source, writer, SEGMENT_SIZE),
            data_key=data_key,
            associated_data=associated_data,
        )
    return name


def store_encrypted_stream(
    write: Callable[[EncryptingWriter], T], *, data_key: bytes, associated_data: bytes
) -> tuple[str, T]:
    """Encrypt what `write` writes into the stream it is given into storage; returns the name and its result.

    The plaintext is encrypted as it is written and never touches the disk. The
    ciphertext is assembled in a private temporary file first (on a local
    disk: beside its final name, see _store_on_disk), so storage
    only ever receives a complete blob; if `write` or storage fails, nothing
    is left there (as far as storage answers: a blob half-written into a dead
    store is the reconcile command's to find). Raises StorageUnavailable on an outage.
    """
    # Django's own FileSystemStorage only: a subclass may store elsewhere or otherwise.
    if default_storage.__class__ is FileSystemStorage:
        return _store_on_disk(write, data_key=data_key, associated_data=associated_data)
    with tempfile.TemporaryFile(prefix="vault-") as tmp:
        with EncryptingWriter(tmp, data_key=data_key, associated_data=associated_data) as writer:
            result = write(writer)
        stored_size = tmp.tell()
        tmp.seek(0)
        name = _new_name()
        try:
            with storage_errors("write"):
                saved = default_storage.save(name, File(tmp, name=name))
        except BaseException:
            with contextlib.suppress(OSError):
                delete_blob(name)
            raise
    s3 = _s3(default_storage)
    if s3 is not None:  # the first play, in any worker, then needs no GET for the header
        _client, bucket, key_of = s3
        header_cache.remember(bucket, key_of(saved), writer.header, stored_size)
    return saved, result


PART_PREFIX = ".part-"


def _store_on_disk(write: Callable[[EncryptingWriter], T], *, data_key: bytes, associated_data: bytes) -> tuple[str, T]:
    """store_encrypted_stream on a local disk: encrypted straight into the blob's folder, on disk before it is named.

    The ciphertext goes to a `.part-` file beside its final name, is flushed
    to the disk (fsync), then renamed into place, and the folder is flushed
    too: once this returns, a power cut cannot lose or tear the blob whose row
    the caller is about to commit. A process killed on the way leaves a
    `.part-` file, which reconcile_storage removes as an orphan.
    """
    storage = default_storage
    name = _new_name()
    path = Path(storage.path(name))
    with storage_errors("write"):
        created, folder = [], path.parent
        while not folder.is_dir():
            created.append(folder)
            folder = folder.parent
        if created:
            path.parent.mkdir(parents=True, exist_ok=True)
            for made in created:  # each new folder's name is durable too, not only the blob's
                fsync_folder(made.parent)
        fd, part = tempfile.mkstemp(dir=path.parent, prefix=PART_PREFIX)
    try:
        with os.fdopen(fd, "wb") as sink:
            with EncryptingWriter(sink, data_key=data_key, associated_data=associated_data) as writer:
                result = write(writer)
            with storage_errors("write"):
                sink.flush()
                os.fsync(sink.fileno())
        with storage_errors("write"):
            if storage.file_permissions_mode is not None:
                os.chmod(part, storage.file_permissions_mode)
            os.replace(part, path)
            fsync_folder(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise
    return name, result


def delete_blob(name: str) -> None:
    """Delete a blob; a blob that is already gone is not an error."""
    if name:
        with storage_errors("delete"):
            default_storage.delete(name)


# S3 DeleteObjects takes at most this many keys per request.
DELETE_BATCH = 1000


def delete_blobs(names: list[str]) -> set[str]:
    """Delete many blobs, in batches where storage allows; returns the names that could not be deleted.

    Never raises for a storage failure: the caller (the purge) counts what
    failed and retries it on its next run.
    """
    names = [n for n in dict.fromkeys(names) if n]
    if not names:
        return set()
    if _s3(default_storage) is not None:
        return _delete_blobs_s3(names)
    failed = set()
    for name in names:
        try:
            delete_blob(name)
        except OSError:
            failed.add(name)
    return failed


def share_storage_connection() -> Callable[[], None]:
    """An initializer for a worker thread deleting blobs for this one: the worker uses this thread's S3 connection.

    django-storages opens one S3 connection per thread; a boto3 client is
    thread-safe, so the worker shares the caller's (its connection pool and the
    hooks set on its client) rather than opening one of its own.
    """
    connections = getattr(default_storage, "_connections", None)
    if _s3(default_storage) is None or connections is None:
        return lambda: None
    connection = default_storage.connection

    def adopt() -> None:
        connections.connection = connection

    return adopt


def _delete_blobs_s3(names: list[str]) -> set[str]:
    client, bucket, key_of = _s3(default_storage)
    failed: set[str] = set()
    for i in range(0, len(names), DELETE_BATCH):
        chunk = names[i : i + DELETE_BATCH]
        keys = {key_of(n): n for n in chunk}
        try:
            with storage_errors("delete"):
                answer = client.delete_objects(
                    Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys], "Quiet": True}
                )
        except StorageUnavailable:
            failed.update(chunk)
            continue
        for err in answer.get("Errors", ()):
            if err.get("Code") != "NoSuchKey":
                failed.add(keys.get(err.get("Key"), err.get("Key")))
    return failed


def blob_exists(name: str) -> bool:
    if not name:
        return False
    with storage_errors("read"):
        return default_storage.exists(name)


def storage_names(folder: str = "") -> Iterator[str]:
    """Every file name in the default storage below `folder` ("" for all, else ending in "/")."""
    try:
        dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for f in files:
        yield f"{folder}{f}"
    for d in dirs:
        yield from storage_names(f"{folder}{d}/")


def iter_blob_names() -> Iterator[str]:
    """Every blob in storage, for reconciliation against the database."""
    yield from storage_names(PREFIX)


def _s3(storage):
    """(client, bucket, key-of-name) when `storage` is django-storages' S3 backend, else None."""
    if not hasattr(storage, "bucket_name") or not hasattr(storage, "connection"):
        return None
    from storages.utils import clean_name

    return (
        storage.connection.meta.client,
        storage.bucket_name,
        lambda name: storage._normalize_name(clean_name(name)),
    )


@contextlib.contextmanager
def storage_errors(action: str):
    """Turn whatever the storage backend raises on an outage into StorageUnavailable.

    A missing blob stays FileNotFoundError: that is a gap to reconcile, not an outage.
    """
    try:
        yield
    except (StorageUnavailable, FileNotFoundError):
        raise
    except OSError as exc:
        raise StorageUnavailable(f"storage: {action} failed ({type(exc).__name__})") from exc
    except Exception as exc:
        if not _is_backend_error(exc):
            raise
        if _status(exc) == 404 and _code(exc) in {"NoSuchKey", "404", "NotFound"}:
            raise FileNotFoundError(f"storage: blob not found during {action}") from exc
        raise StorageUnavailable(f"storage: {action} failed ({_code(exc) or type(exc).__name__})") from exc


def _is_backend_error(exc: Exception) -> bool:
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        return False
    try:
        from urllib3.exceptions import HTTPError as Urllib3Error
    except ImportError:  # pragma: no cover
        Urllib3Error = BotoCoreError  # noqa: N806
    return isinstance(exc, BotoCoreError | ClientError | Urllib3Error)


def _code(exc: Exception) -> str:
    return getattr(exc, "response", {}).get("Error", {}).get("Code", "")


def _status(exc: Exception) -> int | None:
    return getattr(exc, "response", {}).get("ResponseMetadata", {}).get("HTTPStatusCode")


class _FileSource:
    """A blob read through any Django storage as a seekable file (local disk seeks for free)."""

    def __init__(self, fh, size: int):
        self._fh = fh
        self.size = size

    def read_head(self, length: int) -> bytes:
        self._fh.seek(0)
        return self._fh.read(length)

    def open_span(self, start: int, end: int):
        self._fh.seek(start)
        return self._fh

    def close(self) -> None:
        self._fh.close()


class _S3Source:
    """A blob read by ranged GETs, so only the bytes a Range needs cross the network.

    The header and the object's size come from header_cache when any worker has
    stored or read the blob before, so a Range is one GET for its segments; on a miss,
    the header's GET also yields the size (Content-Range), saving a HEAD request.
    """

    def __init__(self, client, bucket: str, key: str):
        self._client, self._bucket, self._key = client, bucket, key
        self._body = None
        self.size = 0

    def _get(self, start: int, end: int) -> dict:
        with storage_errors("read"):
            return self._client.get_object(Bucket=self._bucket, Key=self._key, Range=f"bytes={start}-{end}")

    def read_head(self, length: int) -> bytes:
        cached = header_cache.recall(self._bucket, self._key)
        if cached is not None and len(cached[0]) == length:
            header, self.size = cached
            return header
        answer = self._get(0, length - 1)
        content_range = answer.get("ContentRange") or ""
        self.size = int(content_range.rpartition("/")[2]) if "/" in content_range else answer["ContentLength"]
        with storage_errors("read"):
            try:
                header = answer["Body"].read()
            finally:
                answer["Body"].close()
        if len(header) == length:
            header_cache.remember(self._bucket, self._key, header, self.size)
        return header

    def open_span(self, start: int, end: int):
        self.close()
        self._body = self._get(start, end)["Body"]
        return self._body

    def close(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None


class SegmentedReader:
    """Random access to the plaintext of one blob, decrypting only the segments asked for."""

    def __init__(self, source, *, data_key: bytes, associated_data: bytes):
        self._source = source
        header = source.read_head(HEADER.size)
        if len(header) != HEADER.size:
            raise VaultIntegrityError("blob header is truncated")
        magic, segment_size, salt, prefix = HEADER.unpack(header)
        if magic != MAGIC or not 0 < segment_size <= 16 * 1024 * 1024:
            raise VaultIntegrityError("blob header is not a RAV1 header")
        self._header = header
        self._prefix = prefix
        self.segment_size = segment_size
        self._aead = _segment_key(data_key, salt, associated_data)
        body = source.size - HEADER.size
        stride = segment_size + TAG_BYTES
        self.segment_count = max(1, -(-body // stride))
        self.plaintext_size = body - self.segment_count * TAG_BYTES
        if self.plaintext_size < 0:
            raise VaultIntegrityError("blob is truncated")

    def _segments(self, first: int, last: int) -> Iterator[tuple[int, bytes]]:
        """Decrypted segments first..last, fetched in spans that grow as the reader keeps reading.

        The first span is small, so the first byte costs the same anywhere in a
        call of any length (a browser seeking asks for "bytes=N-" and hangs up
        once it has enough); later spans double, so a long stream takes few requests.
        """
        stride = self.segment_size + TAG_BYTES
        window = FIRST_SPAN_SEGMENTS
        index = first
        while index <= last:
            span_last = min(last, index + window - 1)
            start = HEADER.size + index * stride
            end = min(HEADER.size + (span_last + 1) * stride, self._source.size) - 1
            span = self._source.open_span(start, end)
            for i in range(index, span_last + 1):
                with storage_errors("read"):
                    ciphertext = _read_exactly(span, stride)
                is_last = i == self.segment_count - 1
                try:
                    yield i, self._aead.decrypt(_nonce(self._prefix, i, is_last), ciphertext, self._header)
                except InvalidTag:
                    raise VaultIntegrityError(
                        f"segment {i} failed authentication (tampered or truncated blob)"
                    ) from None
            index = span_last + 1
            window = min(window * 2, MAX_SPAN_SEGMENTS)

    def iter_range(self, start: int, end: int) -> Iterator[bytes]:
        """Plaintext bytes start..end inclusive."""
        if start < 0 or end >= self.plaintext_size or start > end:
            if self.plaintext_size == 0 and start == 0:
                return
            raise ValueError("range outside the blob")
        first, last = start // self.segment_size, end // self.segment_size
        for index, data in self._segments(first, last):
            base = index * self.segment_size
            yield data[max(start - base, 0) : end - base + 1]

    def read_all(self) -> Iterator[bytes]:
        for _index, data in self._segments(0, self.segment_count - 1):
            yield data

    def stream_range(self, start: int, end: int) -> Iterator[bytes]:
        """Plaintext bytes start..end inclusive, like iter_range, with the first segment already read.

        An answer's status and headers go out before its body: read lazily, a storage
        outage (or a missing blob) would surface only inside the body, after a 206 had
        been sent, as a dropped connection with no bytes. Reading the first segment here
        raises StorageUnavailable or FileNotFoundError while the caller can still answer 503.
        """
        chunks = self.iter_range(start, end)
        first = next(chunks, None)
        if first is None:
            return iter(())
        return itertools.chain((first,), chunks)

    def close(self) -> None:
        self._source.close()

    def __enter__(self) -> SegmentedReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _read_exactly(stream, length: int) -> bytes:
    """A network body may return short reads; a segment needs all its bytes (or the blob's end)."""
    parts = []
    while length > 0:
        chunk = stream.read(length)
        if not chunk:
            break
        parts.append(chunk)
        length -= len(chunk)
    return b"".join(parts)


def open_reader(name: str, *, data_key: bytes, associated_data: bytes) -> SegmentedReader:
    """A reader over one blob. Raises StorageUnavailable on an outage, FileNotFoundError for a missing blob."""
    s3 = _s3(default_storage)
    if s3 is not None:
        client, bucket, key_of = s3
        source = _S3Source(client, bucket, key_of(name))
    else:
        with storage_errors("read"):
            size = default_storage.size(name)
            source = _FileSource(default_storage.open(name, "rb"), size)
    try:
        return SegmentedReader(source, data_key=data_key, associated_data=associated_data)
    except BaseException:
        source.close()
        raise
