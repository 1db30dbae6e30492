"""Which rows hold what the vault keeps: each app registers its own models here, in its AppConfig.ready().

The vault is a lower layer and imports none of them; the key ring check, key
rotation and the storage reconciliation ask this registry instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

# (model, what its rows are called in a message): every kind of row that keeps a wrapped data key.
KEY_HOLDERS: list[tuple[type, str]] = []
# Functions returning the blob names that rows still need (anything else in storage is an orphan).
BLOB_LISTS: list[Callable[[], Iterable[str]]] = []


def key_holder_register(model: type, what: str) -> None:
    """Register a model whose rows keep a data key (`key_id`, `wrapped_key`, `key_context`)."""
    if all(known is not model for known, _what in KEY_HOLDERS):
        KEY_HOLDERS.append((model, what))


def blobs_in_use_register(names: Callable[[], Iterable[str]]) -> None:
    """Register a function that yields the names of blobs rows still refer to."""
    if names not in BLOB_LISTS:
        BLOB_LISTS.append(names)


def blobs_in_use() -> set[str]:
    known: set[str] = set()
    for names in BLOB_LISTS:
        known.update(filter(None, names()))
    return known
