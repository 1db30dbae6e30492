"""The one place where plaintext audio may touch the disk: uploads and rendition work.

Plaintext must not outlive the process that wrote it, even when that process
is killed (kill -9, the OOM killer, a power cut) before it can clean up. So
every process works in a folder of its own under TMP_DIR (mode 0700), named
`p<pid>-<random>` and held with an exclusive flock(2) for as long as the
process lives. The kernel drops the lock when the process ends, however it
ends, so a lock that can be taken means its owner is dead. Start-up (web,
worker, every management command: `VaultConfig.ready`) removes those folders
and never touches a live process's, whatever its pid or container: the test
is the lock, not the pid, so pid reuse and separate pid namespaces sharing
one TMP_DIR cannot fool it.

A folder is created under a `.new-` name, locked, then renamed into place,
so no sweep ever sees an unlocked folder of a live process (a `.new-` folder
younger than a minute may be one being made and is left alone).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

logger = logging.getLogger(__name__)

NEW_PREFIX = ".new-"
CREATION_GRACE_SECONDS = 60


@dataclass
class _Owned:
    pid: int
    root: Path
    path: Path
    fd: int


_owned: _Owned | None = None
_owned_lock = threading.Lock()


def scratch_root() -> Path:
    """TMP_DIR, created private (0700) if missing.

    An existing folder's mode is left as it is (TMP_DIR might be a shared one
    such as /tmp); the per-process folders inside are 0700 regardless.
    """
    root = Path(settings.TMP_DIR)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def process_scratch_dir() -> Path:
    """This process's private folder, locked until the process ends (a forked child gets its own)."""
    global _owned
    with _owned_lock:
        root = scratch_root()
        pid = os.getpid()
        if _owned is not None and _owned.pid == pid and _owned.root == root and _owned.path.is_dir():
            return _owned.path
        if _owned is not None:
            # Inherited across fork, or left under an older TMP_DIR: let the folder go with its owner.
            os.close(_owned.fd)
            _owned = None
        fresh = Path(tempfile.mkdtemp(prefix=NEW_PREFIX, dir=root))
        fd = os.open(fresh, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path = root / f"p{pid}-{fresh.name.removeprefix(NEW_PREFIX)}"
            os.rename(fresh, path)
        except BaseException:
            os.close(fd)
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        _owned = _Owned(pid=pid, root=root, path=path, fd=fd)
        return path


@contextlib.contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A fresh private folder for one piece of work, removed when the work ends."""
    with tempfile.TemporaryDirectory(prefix=prefix, dir=process_scratch_dir()) as tmp:
        yield Path(tmp)


def scratch_sweep() -> int:
    """Remove every folder under TMP_DIR whose process is dead. Returns how many were removed."""
    root = Path(settings.TMP_DIR)
    if not root.is_dir():
        return 0
    removed = 0
    for entry in os.scandir(root):
        if not entry.is_dir(follow_symlinks=False):
            continue
        try:
            if entry.name.startswith(NEW_PREFIX) and time.time() - entry.stat().st_mtime < CREATION_GRACE_SECONDS:
                continue
            fd = os.open(entry.path, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its process is alive
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 1
        finally:
            os.close(fd)
    return removed


def scratch_sweep_at_start_up() -> None:
    """Run by every process as it starts; a failure is logged, never fatal."""
    try:
        removed = scratch_sweep()
    except OSError as exc:
        logger.warning("temporary folder %s not swept: %s", settings.TMP_DIR, type(exc).__name__)
        return
    if removed:
        logger.info("removed %s temporary folder(s) left by ended processes", removed)


class ScratchUploadedFile(TemporaryUploadedFile):
    """An upload streamed to this process's private folder instead of the system's temporary one."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        file = tempfile.NamedTemporaryFile(suffix=".upload", dir=process_scratch_dir())
        super(TemporaryUploadedFile, self).__init__(file, name, content_type, size, charset, content_type_extra)


class ScratchFileUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args, **kwargs):
        super(TemporaryFileUploadHandler, self).new_file(*args, **kwargs)
        self.file = ScratchUploadedFile(self.file_name, self.content_type, 0, self.charset, self.content_type_extra)
