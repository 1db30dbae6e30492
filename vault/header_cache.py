"""Blob headers and object sizes on S3, kept so a Range costs one ranged GET rather than two.

Two tiers: a small map in this process, then Django's cache (CACHE_URL: Redis in
production), which new worker processes and other machines share. What is kept
is the blob's header exactly as stored (the format tag, the segment size, the salt
and the nonce prefix, all public: the data key is wrapped in the database row,
never in the blob) and the size of the stored object; never plaintext, never a key.

Safe to keep because a blob is written once under a random name and never
changed; a deleted blob still fails at its segment read, so a stale entry costs
nothing but an answer of 404 or 503. The cache key is a hash of the bucket and
the object's name, so it says nothing about the call and one bucket's entry is
never taken for another's. The cache being down is not an outage: a read then
asks storage for the header, as it would on a miss.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict

from django.core.cache import cache

logger = logging.getLogger(__name__)

# Blobs never change; the timeout only lets the entries of deleted blobs age out.
SHARED_TIMEOUT = 30 * 24 * 3600
CACHE_KEY_PREFIX = "vault:rav1-head:"


def cache_key(bucket: str, key: str) -> str:
    return CACHE_KEY_PREFIX + hashlib.sha256(f"{bucket}/{key}".encode()).hexdigest()


class _ProcessTier:
    """The most recently used entries in this process: a player's seeks ask the shared tier nothing."""

    def __init__(self, capacity: int = 4096):
        self._items: OrderedDict[str, tuple[bytes, int]] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bytes, int] | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: str, item: tuple[bytes, int]) -> None:
        with self._lock:
            self._items[key] = item
            self._items.move_to_end(key)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_PROCESS = _ProcessTier()


def recall(bucket: str, key: str) -> tuple[bytes, int] | None:
    """(header as stored, object size) for the object `key` in `bucket`, or None when neither tier has it."""
    name = cache_key(bucket, key)
    item = _PROCESS.get(name)
    if item is not None:
        return item
    try:
        shared = cache.get(name)
    except Exception as exc:  # noqa: BLE001 - any cache backend's outage: storage still answers
        logger.warning("blob header cache unavailable (%s)", type(exc).__name__)
        return None
    if not _well_formed(shared):
        return None
    item = (bytes(shared[0]), int(shared[1]))
    _PROCESS.put(name, item)
    return item


def remember(bucket: str, key: str, header: bytes, size: int) -> None:
    """Keep a blob's header and its object's size in both tiers."""
    name = cache_key(bucket, key)
    _PROCESS.put(name, (header, size))
    try:
        cache.set(name, (header, size), SHARED_TIMEOUT)
    except Exception as exc:  # noqa: BLE001 - as in recall
        logger.warning("blob header cache unavailable (%s)", type(exc).__name__)


def forget_in_this_process() -> None:
    """Empty this process's tier, as a new worker starts (for tests and the benchmark)."""
    _PROCESS.clear()


def _well_formed(value) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], bytes)
        and isinstance(value[1], int)
        and value[1] >= len(value[0])
    )
