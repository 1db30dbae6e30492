"""An old journal entry edited in place, every byte offset kept, stops the next purge; the check still reads
only what was appended.

The hourly check verifies what follows the last verified entry; an edit further
back used to wait for the next backup or verify_audit_log. Every append now
notes the journal's size and change times after it; the check compares them
with the file's. A journal written since by anything but an append (an editor,
a script) is verified whole, so the edit is found at the next purge, while a
journal only appended to costs the new lines and nothing more.
"""

from __future__ import annotations

import builtins
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

import journal.file as journal_file
from journal.file import JournalError, journal_append, journal_check_appended, journal_path
from recordings.models import Recording
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)


def _deletions(count: int, start: int = 0) -> list[dict]:
    return [
        {"recording": f"00000000-0000-0000-0000-{start + n:012d}", "register": 1, "reason": "retention"}
        for n in range(count)
    ]


def _edit_line_in_place(number: int) -> None:
    """Change one digit of entry `number`'s recording id, in the same file, the same length."""
    path = journal_path()
    lines = path.read_bytes().splitlines(keepends=True)
    start = sum(len(line) for line in lines[: number - 1])
    old = lines[number - 1]
    at = old.index(b'"recording":"') + len(b'"recording":"') + 35
    new = old[:at] + (b"9" if old[at : at + 1] != b"9" else b"8") + old[at + 1 :]
    assert len(new) == len(old)
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.seek(start)
        fh.write(new)
    assert path.stat().st_size == size


def test_an_old_entry_edited_in_place_is_found_even_after_a_later_append():
    journal_append(_deletions(200))
    assert journal_check_appended() == 200
    _edit_line_in_place(3)
    journal_append(_deletions(1, start=200))  # an ordinary append after the edit must not hide it
    with pytest.raises(JournalError, match=r"entry 3: the hash chain is broken"):
        journal_check_appended()


def test_the_next_purge_stops_on_an_old_entry_edited_in_place(personas):
    journal_append(_deletions(50))
    journal_check_appended()
    _edit_line_in_place(10)
    expired = make_stored_recording(personas.register, expires_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(CommandError, match=r"purge stopped: .*entry 10: the hash chain is broken"):
        call_command("purge_expired")
    assert Recording.objects.filter(pk=expired.pk, wrapped_key__isnull=False).exists()


class _Counted:
    """A file whose reads are counted in `read`, one entry per byte consumed."""

    def __init__(self, fh, read: list[int]):
        self._fh, self._read = fh, read

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()

    def __iter__(self):
        for line in self._fh:
            self._read.append(len(line))
            yield line

    def read(self, *args):
        data = self._fh.read(*args)
        self._read.append(len(data))
        return data

    def __getattr__(self, name):
        return getattr(self._fh, name)


def _bytes_read_by_the_check(monkeypatch) -> int:
    read: list[int] = []
    path = journal_path()

    def counting_open(file, mode="r", *args, **kwargs):
        fh = builtins.open(file, mode, *args, **kwargs)
        return _Counted(fh, read) if str(file) == str(path) and "b" in mode else fh

    monkeypatch.setattr(journal_file, "open", counting_open, raising=False)
    try:
        journal_check_appended()
    finally:
        monkeypatch.delattr(journal_file, "open")
    return sum(read)


@pytest.mark.parametrize("size", [100, 3000])
def test_a_journal_only_appended_to_costs_the_check_its_new_lines(monkeypatch, size):
    journal_append(_deletions(size))
    journal_check_appended()
    journal_append(_deletions(2, start=size))
    lines = journal_path().read_bytes().splitlines(keepends=True)
    # The last verified line (to confirm it is still there) and the two new ones: the same at any size.
    assert _bytes_read_by_the_check(monkeypatch) == sum(len(line) for line in lines[-3:])
