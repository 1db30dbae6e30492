"""Small helpers for files on local disk."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def file_sha256(path: Path) -> str:
    """The file's SHA-256 as hex, read in 1 MiB chunks so a large file never sits in memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_folder(folder: Path) -> None:
    """Make a folder's entries (a file renamed, linked or created in it) durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_once(path: Path, data: bytes) -> bool:
    """Give `path` this content, private to its owner (0600), unless it exists; returns whether this call did.

    The content goes to a private file beside the name, is flushed to the
    disk, and is then linked under the name, which only the first link gets
    (link refuses a name that exists); the folder is flushed after. So the
    name never shows an empty or half-written file, not even after a power
    cut, and writers racing to create it all end up reading the one winner.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(draft, path)
        except FileExistsError:
            return False
        fsync_folder(path.parent)
        return True
    finally:
        os.unlink(draft)
