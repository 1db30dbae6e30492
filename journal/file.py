"""The deletion journal: every purge and erasure, kept apart from the database.

A database backup taken before a deletion still holds the deleted
recording's wrapped data key; restoring it would bring the call back. So
every deletion is also appended here, outside the database (a directory of
its own, DELETION_JOURNAL_DIR, meant for other storage than the database),
and `restore` replays the journal before anything is served. In the manner
of django-gdpr-assist's deletion log.

One JSON object per line: sequence, time, kind (recording or package), the
object's public id, the register's id, why (retention, erasure, event,
revoked...) and a reference (a request number), the token of the outbox row
it was shipped from, plus the previous entry's hash and its own. A recording's
entry also carries `call`, the keyed digest of the call's id in its register
(recordings.call_ids; entries written before it existed lack it): a restore
that finds no row to destroy again writes the tombstone back from it, so
ingest keeps refusing the call. No numbers, names or audio. Entries are written only for committed deletions: they come
from the DeletionOutbox table (see journal.models for why), shipped by
journal.services.journal_ship. Appends take an exclusive file lock, so two
processes never fork the chain, and are fsynced.

A crash or a full disk in the middle of an append leaves a torn final line.
Such a line's outbox row is still in the database (the row is deleted only
after the fsync), so the next append cuts it off and the outbox ships it
again. But a disk or a copy can also lose a tail that was acknowledged, its
outbox rows gone: journal.rebuild appends again, from the tombstones, every
deletion the journal lacks. Damage anywhere else is
not guessed at: it stops backups and restores, and the purge when it lies
in what was appended since the purge last checked, naming the file and line.
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


# json.dumps with options builds an encoder per call; a purge's ship serialises tens of thousands of entries.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def _canonical(entry: dict) -> str:
    """What an entry's hash covers: its JSON without the hash, keys sorted, no spaces."""
    return _CANONICAL.encode({k: v for k, v in entry.items() if k != "hash"})


def _hash(entry: dict) -> str:
    return hashlib.sha256(_canonical(entry).encode()).hexdigest()


@dataclass
class TornLine:
    """What a repair cut off: the line's number and its length in bytes."""

    line: int
    size: int


def _tail_lines(fh, count: int) -> tuple[list[bytes], int]:
    """The last `count` complete lines (without a torn tail) and where the complete part ends."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    if size == 0:
        return [], 0
    chunk = min(size, 8192)
    while True:
        fh.seek(size - chunk)
        tail = fh.read(chunk)
        end = tail.rfind(b"\n") + 1  # bytes after the last newline are a torn line
        lines = tail[:end].split(b"\n")[:-1] if end else []
        if chunk == size:
            return lines[-count:], size - chunk + end
        # The first line of the chunk may be cut; keep it only when the chunk starts the file.
        if len(lines) > count:
            return lines[-count:], size - chunk + end
        chunk = min(size, chunk * 2)


def _line_count(fh) -> int:
    fh.seek(0)
    return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def _repair_torn_tail(fh) -> TornLine | None:
    """Cut off a final line that a crash left half written; return what was cut, or None."""
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    if size == 0:
        return None
    _lines, complete = _tail_lines(fh, 1)
    if complete == size:
        return None
    torn = TornLine(line=_line_count(fh) + 1, size=size - complete)
    fh.truncate(complete)
    fh.flush()
    os.fsync(fh.fileno())
    return torn


def _parse(path: Path, raw: bytes, number: int | str) -> dict:
    try:
        entry = json.loads(raw)
    except json.JSONDecodeError:
        entry = None
    if not isinstance(entry, dict) or "sequence" not in entry or "hash" not in entry:
        raise JournalError(
            f"{path}: line {number} is not a journal entry (the journal is damaged before its last line; "
            "restore the journal from its own backup)"
        )
    return entry


@dataclass
class Appender:
    """The journal opened under its exclusive lock, with the torn tail (if any) already cut off."""

    path: Path
    fh: object
    repaired: TornLine | None

    def tail(self, count: int) -> list[dict]:
        lines, _ = _tail_lines(self.fh, count)
        return [_parse(self.path, line, f"-{len(lines) - i} from the end") for i, line in enumerate(lines)]

    def append(self, items: list[dict]) -> int:
        """Append entries, fsync, and return the last sequence.

        Each item: {"kind", "object", "register", "reason", "reference", "outbox"}, and "call" (a deleted
        call's id digest) when there is one; an entry without it has no "call" key, as before it existed.
        """
        last = self.tail(1)
        sequence = last[-1]["sequence"] if last else 0
        prev = last[-1]["hash"] if last else GENESIS
        if not items:
            return sequence
        now = timezone.now().isoformat()
        lines = []
        for item in items:
            sequence += 1
            entry = {
                "sequence": sequence,
                "at": now,
                "kind": item.get("kind", "recording"),
                item.get("kind", "recording"): str(item["object"]),
                "register": item.get("register"),
                "reason": item["reason"],
                "reference": item.get("reference", ""),
                "outbox": str(item["outbox"]) if item.get("outbox") else "",
                "prev": prev,
            }
            if item.get("call"):
                entry["call"] = item["call"]
            # The hash is over the entry's canonical JSON; the line is that JSON with the hash added
            # (one serialisation per entry, not two: a purge appends thousands).
            body = _canonical(entry)
            prev = hashlib.sha256(body.encode()).hexdigest()
            lines.append(f'{body[:-1]},"hash":"{prev}"}}\n')
        # Written since our last append by anything else (an editor, a script, a restore by hand): the note
        # says so until a whole check clears it, so the append below does not hide the write.
        foreign = not _written_note_holds(self.path, self.fh)
        self.fh.seek(0, os.SEEK_END)
        self.fh.write("".join(lines).encode())
        self.fh.flush()
        os.fsync(self.fh.fileno())
        _written_note_save(self.path, self.fh, foreign=foreign)
        return sequence


@contextmanager
def journal_open() -> Iterator[Appender]:
    """The journal under its exclusive lock, repaired of a torn final line."""
    path = journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            repaired = _repair_torn_tail(fh)
            yield Appender(path, fh, repaired)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def journal_append(entries: list[dict]) -> int:
    """Append deletions directly and return the last sequence (tests and tools; deletions go through the outbox).

    Each entry is {"recording": public id, "register": id, "reason": str, "reference": str}, optionally
    "call" (the call's id digest, recordings.call_ids).
    """
    with journal_open() as journal:
        return journal.append(
            [
                {
                    "kind": "recording",
                    "object": e["recording"],
                    "register": e["register"],
                    "reason": e["reason"],
                    "reference": e.get("reference", ""),
                    "outbox": e.get("outbox", ""),
                    "call": e.get("call", ""),
                }
                for e in entries
            ]
        )


def journal_entries(path: Path | None = None) -> Iterator[dict]:
    """Every entry in order. A torn final line (a crash mid-append) is not an entry and is skipped;
    damage anywhere else raises JournalError naming the file and the line."""
    path = path or journal_path()
    if not path.exists():
        return
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.endswith(b"\n"):
                return  # the torn final line: the next append cuts it off
            if not line.strip():
                continue
            yield _parse(path, line, number)


def journal_head() -> int:
    """The last sequence in the journal (0 when empty)."""
    return journal_head_entry()[0]


def journal_head_entry() -> tuple[int, str]:
    """The last sequence and its hash, read from the end of the file."""
    path = journal_path()
    if not path.exists():
        return 0, GENESIS
    with open(path, "rb") as fh:
        fcntl.flock(fh, fcntl.LOCK_SH)  # not halfway through an append or a repair
        try:
            lines, _ = _tail_lines(fh, 1)
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    if not lines:
        return 0, GENESIS
    entry = _parse(path, lines[-1], "(last)")
    return entry["sequence"], entry["hash"]


def journal_tip() -> tuple[int, str]:
    """The newest entry's sequence and hash, read together: audit anchors sign both."""
    return journal_head_entry()


@dataclass
class JournalReport:
    entries: int
    problems: list[str]


def journal_verify(path: Path | None = None) -> JournalReport:
    """Every entry read and its place in the chain checked; damage that is not an entry raises JournalError."""
    path = path or journal_path()
    if not path.exists():
        return JournalReport(0, [])
    with open(path, "rb") as fh:
        return _verify_lines(path, fh, _TOP)[0]


# Where journal_check_appended notes how far the journal was verified: {"offset", "line_start", "lines",
# "sequence", "hash"}. Only a shortcut: lost, torn or contradicted by the journal, it is ignored.
VERIFIED_SUFFIX = ".verified"


def _verified_path(path: Path) -> Path:
    return path.with_name(path.name + VERIFIED_SUFFIX)


_TOP = {"offset": 0, "line_start": 0, "lines": 0, "sequence": 0, "hash": GENESIS}


def _verify_lines(path: Path, fh, mark: dict) -> tuple[JournalReport, dict]:
    """Verify the entries after `mark` (fh is there), chained to it; returns the report and the new mark."""
    problems, count, mark = [], 0, dict(mark)
    lines, prev, expected = int(mark["lines"]), mark["hash"], int(mark["sequence"]) + 1
    position = int(mark["offset"])
    for line in fh:
        if not line.endswith(b"\n"):
            break  # the torn final line: the next append cuts it off
        lines += 1
        start, position = position, position + len(line)
        if not line.strip():
            mark.update(offset=position, lines=lines)
            continue
        entry = _parse(path, line, lines)
        count += 1
        if entry.get("sequence") != expected:
            problems.append(f"entry {entry.get('sequence')}: expected sequence {expected}")
        if entry.get("prev") != prev or not _hash_holds(line, entry):
            problems.append(f"entry {entry.get('sequence')}: the hash chain is broken")
        prev, expected = entry.get("hash"), expected + 1
        mark = {"offset": position, "line_start": start, "lines": lines, "sequence": expected - 1, "hash": prev}
    return JournalReport(count, problems), mark


# How append ends a line: the canonical JSON's closing brace replaced by the hash (sha256 hex) and a brace.
_HASH_KEY, _LINE_END = b',"hash":"', b'"}\n'
_HASHED_TAIL = len(_HASH_KEY) + 64 + len(_LINE_END)


def _hash_holds(line: bytes, entry: dict) -> bool:
    """Whether the entry's hash covers it. A line as append wrote it is its canonical JSON with the hash
    spliced in, so hashing its bytes (the hash cut out) is enough; a line written otherwise (older
    releases, keys reordered) is encoded again."""
    if line[-_HASHED_TAIL : -_HASHED_TAIL + len(_HASH_KEY)] == _HASH_KEY and line.endswith(_LINE_END):
        if hashlib.sha256(line[:-_HASHED_TAIL] + b"}").hexdigest() == entry.get("hash"):
            return True
    return _hash(entry) == entry.get("hash")


# Beside the journal, what it looked like after its last append: {"device", "inode", "size", "mtime_ns",
# "ctime_ns", "foreign"}. A file written since by anything but an append has other times (or size); then
# "foreign" is set until a check of the whole journal passes.
WRITTEN_SUFFIX = ".appended"


def _written_path(path: Path) -> Path:
    return path.with_name(path.name + WRITTEN_SUFFIX)


def _file_state(fh) -> dict:
    stat = os.fstat(fh.fileno())
    return {
        "device": stat.st_dev,
        "inode": stat.st_ino,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "ctime_ns": stat.st_ctime_ns,
    }


def _written_note(path: Path) -> dict | None:
    try:
        note = json.loads(_written_path(path).read_text())
    except (OSError, ValueError):
        return None
    return note if isinstance(note, dict) else None


def _written_note_holds(path: Path, fh) -> bool:
    """Whether nothing but our own appends wrote the journal since the note (an empty, new journal counts)."""
    note = _written_note(path)
    state = _file_state(fh)
    if note is None:
        return state["size"] == 0
    return not note.get("foreign") and all(note.get(key) == value for key, value in state.items())


def _written_note_save(path: Path, fh, *, foreign: bool) -> None:
    temporary = path.with_name(f"{path.name}{WRITTEN_SUFFIX}.tmp")
    temporary.write_text(json.dumps({**_file_state(fh), "foreign": foreign}))
    os.replace(temporary, _written_path(path))


def _mark_holds(path: Path, fh, mark: dict) -> bool:
    """Whether the journal still holds, where the mark says, the entry the mark names (then fh is left after it)."""
    try:
        offset, start = int(mark["offset"]), int(mark["line_start"])
        int(mark["lines"]), int(mark["sequence"]), str(mark["hash"])
    except (KeyError, TypeError, ValueError):
        return False
    if mark["sequence"] == 0:
        return False
    fh.seek(0, os.SEEK_END)
    if not 0 <= start < offset <= fh.tell():
        return False
    fh.seek(start)
    line = fh.read(offset - start)
    try:
        entry = _parse(path, line, "(verified)")
    except JournalError:
        return False
    if not line.endswith(b"\n") or entry["sequence"] != mark["sequence"] or entry["hash"] != mark["hash"]:
        return False
    return _hash_holds(line, entry)


def journal_check_appended(path: Path | None = None) -> int:
    """journal_check for what was appended since the last check that passed; returns the entries read.

    A purge runs every hour and the journal grows by every deletion (ten
    thousand a day at a busy contact centre): reading all of it each time
    would grow without end. So the end of the last verified entry is noted
    beside the journal, and the next check confirms that entry is still there,
    whole, then verifies only what follows, chained to it. When the note
    does not match the journal (the file was shortened, replaced or edited
    around it), the whole journal is verified again. So it is when the file
    was written by anything but an append since (an edit further back that
    keeps every byte offset): every append notes the file's size and change
    times after it (`.appended`), and a file that differs from the note, or
    that an append found already differing, is verified whole. The cost stays
    that of the new lines until something else writes the file. A change that
    leaves the times alone (a disk's bit rot, the clock set back) is left to
    the full checks: every backup, and verify_audit_log against the signed anchors.
    """
    path = path or journal_path()
    if not path.exists():
        return 0
    try:
        mark = json.loads(_verified_path(path).read_text())
    except (OSError, ValueError):
        mark = None
    with open(path, "rb") as fh:
        only_appended = _written_note_holds(path, fh)
        if not (only_appended and isinstance(mark, dict) and _mark_holds(path, fh, mark)):
            fh.seek(0)
            mark = _TOP
        before = _file_state(fh)
        report, new_mark = _verify_lines(path, fh, mark)
        if report.problems:
            raise JournalError(f"{path}: {report.problems[0]} (the journal is damaged; restore it from its own backup)")
        if not only_appended and _file_state(fh) == before:
            # Verified whole as it stands: from here on only appends are expected again.
            _written_note_save(path, fh, foreign=False)
    if new_mark["sequence"]:
        temporary = path.with_name(f"{path.name}{VERIFIED_SUFFIX}.tmp")
        temporary.write_text(json.dumps(new_mark))
        os.replace(temporary, _verified_path(path))
    return report.entries


def journal_check(path: Path | None = None) -> int:
    """Read the whole journal and raise JournalError at the first damage; returns the number of entries.

    Run before a purge or a backup adds to or relies on the journal, so damage
    stops them with the file and line named instead of being built upon.
    """
    path = path or journal_path()
    report = journal_verify(path)
    if report.problems:
        raise JournalError(f"{path}: {report.problems[0]} (the journal is damaged; restore it from its own backup)")
    return report.entries


def entry_object(entry: dict) -> str:
    """The public id an entry names (entries from before `kind` existed name a recording)."""
    kind = entry.get("kind", "recording")
    return entry.get(kind) or entry.get("recording", "")
