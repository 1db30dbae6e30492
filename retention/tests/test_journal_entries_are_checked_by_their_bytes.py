"""Checking the deletion journal hashes each line's bytes; a line in any other JSON form is encoded again.

append writes each entry as its canonical JSON with the hash spliced in before
the closing brace, so the check hashes the line as it stands (the hash cut out)
instead of parsing and re-encoding it: at ten thousand deletions a day that
re-encoding was most of the check. An entry written in another form (older
releases, keys in another order, spaces) is still verified the long way, and an
edit to either kind is caught.
"""

from __future__ import annotations

import json

import pytest

from journal.file import JournalError, journal_append, journal_check, journal_path, journal_verify


def _deletions(count: int) -> list[dict]:
    return [
        {"recording": f"00000000-0000-0000-0000-{n:012d}", "register": 1, "reason": "retention"} for n in range(count)
    ]


def _rewrite(line_number: int, change) -> None:
    lines = journal_path().read_bytes().split(b"\n")
    lines[line_number - 1] = change(lines[line_number - 1])
    journal_path().write_bytes(b"\n".join(lines))


def test_entries_as_append_writes_them_verify(db):
    journal_append(_deletions(20))
    assert journal_check() == 20


def test_an_entry_in_another_json_form_still_verifies(db):
    journal_append(_deletions(5))
    # The same entry, keys reversed and spaced as json.dumps writes by default.
    _rewrite(3, lambda line: json.dumps(dict(reversed(list(json.loads(line).items())))).encode())
    assert b'", "' in journal_path().read_bytes().split(b"\n")[2]
    assert journal_check() == 5


@pytest.mark.parametrize("form", ["as written", "another form"])
def test_an_edited_entry_is_caught_in_either_form(db, form):
    journal_append(_deletions(5))

    def edit(line: bytes) -> bytes:
        entry = json.loads(line)
        entry["reason"] = "request"
        if form == "as written":
            return line.replace(b'"reason":"retention"', b'"reason":"request"')
        return json.dumps(entry).encode()

    _rewrite(3, edit)
    report = journal_verify()
    assert report.problems == ["entry 3: the hash chain is broken"]
    with pytest.raises(JournalError, match="entry 3"):
        journal_check()
