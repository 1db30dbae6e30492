"""The deletion journal: every purge and erasure, kept apart from the database.

A database backup taken before a deletion still holds the deleted
recording's wrapped data key; restoring it would bring the call back. So
every deletion is also appended here, outside the database (a directory of
its own, DELETION_JOURNAL_DIR, meant for other storage than the database),
and `restore` replays the journal before anything is served. In the manner
of django-gdpr-assist's deletion log.

One JSON object per line: sequence, time, the recording's public id, the
register's id, why (retention, erasure, event) and a reference (a request
number), plus the previous entry's hash and its own. No numbers, names or
audio. Appends take an exclusive file lock, so two processes never fork the
chain, and are fsynced before the deleting transaction commits.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

GENESIS = "0" * 64
FILENAME = "deletions.jsonl"


class JournalError(Exception):
    pass


_paused = threading.local()


@contextmanager
def journal_paused():
    """While replaying the journal after a restore, deletions are not journalled a second time."""
    _paused.on = True
    try:
        yield
    finally:
        _paused.on = False


def journal_is_paused() -> bool:
    return getattr(_paused, "on", False)


def journal_path() -> Path:
    return Path(settings.DELETION_JOURNAL_DIR) / FILENAME


def _hash(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _last_entry(fh) -> dict | None:
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    if size == 0:
        return None
    chunk = min(size, 8192)
    while True:
        fh.seek(size - chunk)
        tail = fh.read(chunk)
        lines = [line for line in tail.split(b"\n") if line.strip()]
        if len(lines) >= 2 or chunk == size:
            return json.loads(lines[-1])
        chunk = min(size, chunk * 2)


def journal_append(entries: list[dict]) -> int:
    """Append deletions and return the last sequence.

    Each entry is {"recording": public id, "register": id, "reason": str, "reference": str}.
    """
    if not entries:
        return journal_head()
    path = journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            last = _last_entry(fh)
            sequence = last["sequence"] if last else 0
            prev = last["hash"] if last else GENESIS
            lines = []
            now = timezone.now().isoformat()
            for item in entries:
                sequence += 1
                entry = {
                    "sequence": sequence,
                    "at": now,
                    "recording": str(item["recording"]),
                    "register": item["register"],
                    "reason": item["reason"],
                    "reference": item.get("reference", ""),
                    "prev": prev,
                }
                entry["hash"] = _hash(entry)
                prev = entry["hash"]
                lines.append(json.dumps(entry, sort_keys=True) + "\n")
            fh.seek(0, os.SEEK_END)
            fh.write("".join(lines).encode())
            fh.flush()
            os.fsync(fh.fileno())
            return sequence
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def journal_entries(path: Path | None = None) -> Iterator[dict]:
    path = path or journal_path()
    if not path.exists():
        return
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                raise JournalError(f"{path}: line {number} is not valid JSON (the journal is damaged)") from None


def journal_head() -> int:
    last = 0
    for entry in journal_entries():
        last = entry["sequence"]
    return last


def journal_tip() -> tuple[int, str]:
    """The newest entry's sequence and hash, read together: audit anchors sign both."""
    path = journal_path()
    if not path.exists():
        return 0, GENESIS
    with open(path, "rb") as fh:
        fcntl.flock(fh, fcntl.LOCK_SH)
        try:
            last = _last_entry(fh)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return (last["sequence"], last["hash"]) if last else (0, GENESIS)


@dataclass
class JournalReport:
    entries: int
    problems: list[str]


def journal_verify(path: Path | None = None) -> JournalReport:
    prev, expected, problems, count = GENESIS, 1, [], 0
    for entry in journal_entries(path):
        count += 1
        if entry.get("sequence") != expected:
            problems.append(f"entry {entry.get('sequence')}: expected sequence {expected}")
        if entry.get("prev") != prev or _hash(entry) != entry.get("hash"):
            problems.append(f"entry {entry.get('sequence')}: the hash chain is broken")
        prev, expected = entry.get("hash"), expected + 1
    return JournalReport(count, problems)
