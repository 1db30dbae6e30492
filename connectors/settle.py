"""Whether a file's writer has finished with it.

Asterisk's MixMonitor writes a recording under its final name and fixes the WAV
header's sizes only when it closes the file at hang-up (asterisk/asterisk
apps/app_mixmonitor.c; formats/format_wav.c updates the header on close), and a
person or a script copying into a drop folder gives no sign either. So a file is
taken only when

1. its size and modification time are the same at two looks CONNECTOR_SETTLE_SECONDS
   apart, and its last change is at least that old; and
2. on Linux, no process on this machine holds it open for writing (read from
   /proc/<pid>/fdinfo: a writer on another machine, over NFS or SMB, is not seen,
   which is what the settle time is for).

An S3 object needs neither: it is visible only once its upload has completed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

O_ACCMODE = 0o3


def open_for_writing(paths: list[Path]) -> set[Path]:
    """Which of `paths` some process on this machine has open for writing (empty where /proc is not readable)."""
    wanted = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        wanted[(info.st_dev, info.st_ino)] = path
    found: set[Path] = set()
    if not wanted or not os.path.isdir("/proc/self/fdinfo"):
        return found
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        fd_dir = f"/proc/{pid}/fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:
            continue
        for fd in fds:
            try:
                info = os.stat(f"{fd_dir}/{fd}")
            except OSError:
                continue
            path = wanted.get((info.st_dev, info.st_ino))
            if path is None or path in found:
                continue
            if _writable(pid, fd):
                found.add(path)
    return found


def _writable(pid: str, fd: str) -> bool:
    try:
        with open(f"/proc/{pid}/fdinfo/{fd}") as fh:
            for line in fh:
                if line.startswith("flags:"):
                    return int(line.split()[1], 8) & O_ACCMODE != os.O_RDONLY
    except (OSError, ValueError, IndexError):
        return False
    return False


def _look(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def finished_files(paths: list[Path], *, settle_seconds: float, sleep=time.sleep) -> list[Path]:
    """Those of `paths` whose writer has finished with them, in the order given."""
    if not paths:
        return []
    first = {path: _look(path) for path in paths}
    if settle_seconds > 0:
        sleep(settle_seconds)
    oldest_change = time.time_ns() - int(settle_seconds * 1e9)
    steady = [
        path
        for path in paths
        if first[path] is not None and _look(path) == first[path] and first[path][1] <= oldest_change
    ]
    busy = open_for_writing(steady)
    return [path for path in steady if path not in busy]
