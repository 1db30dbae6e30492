"""The purge checks the deletion journal from where its last check ended, not from the top every hour.

At ten thousand deletions a day the journal holds millions of entries within
a year; reading and hashing all of them before every hourly purge would grow
without end. The end of the last verified entry is noted beside the journal;
the next check confirms that entry is still there and verifies only what
follows, chained to it. A journal that no longer matches the note (shortened,
replaced, edited so that offsets move) is verified whole again, and damage
stops the purge as before. Backups still verify the whole journal.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from journal.file import JournalError, journal_append, journal_check_appended, journal_path
from recordings.models import Recording
from retention.services import purge_expired_recordings
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)


def _deletions(count: int, start: int = 0) -> list[dict]:
    return [
        {"recording": f"00000000-0000-0000-0000-{start + n:012d}", "register": 1, "reason": "retention"}
        for n in range(count)
    ]


def test_each_check_reads_only_the_entries_appended_since_the_last_one():
    journal_append(_deletions(50))
    assert journal_check_appended() == 50
    assert journal_check_appended() == 0
    journal_append(_deletions(3, start=50))
    assert journal_check_appended() == 3
    mark = json.loads(journal_path().with_name("deletions.jsonl.verified").read_text())
    assert mark["sequence"] == 53 and mark["lines"] == 53


def test_the_purge_checks_only_what_earlier_runs_did_not(personas, monkeypatch):
    journal_append(_deletions(200))
    read = []
    import journal.services as services

    real = services.journal_check_appended
    monkeypatch.setattr(services, "journal_check_appended", lambda path: read.append(real(path)) or read[-1])
    for _ in range(2):
        make_stored_recording(personas.register, expires_at=timezone.now() - timedelta(hours=1))
        assert purge_expired_recordings().deleted == 1
    # The first run verified the 200 entries it found; the second only the one the first run appended.
    assert read == [200, 1]


def test_an_entry_appended_after_the_mark_that_breaks_the_chain_stops_the_purge(personas):
    journal_append(_deletions(5))
    journal_check_appended()
    path = journal_path()
    forged = json.loads(path.read_bytes().splitlines()[-1])
    forged.update(sequence=6, recording="00000000-0000-0000-0000-000000000099", prev="f" * 64)
    with open(path, "ab") as fh:
        fh.write(json.dumps(forged).encode() + b"\n")
    expired = make_stored_recording(personas.register, expires_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(CommandError, match=r"purge stopped: .*entry 6: the hash chain is broken"):
        call_command("purge_expired")
    assert Recording.objects.filter(pk=expired.pk, wrapped_key__isnull=False).exists()


def test_damage_before_the_mark_that_moves_it_is_found_by_reading_everything_again(personas):
    journal_append(_deletions(5))
    journal_check_appended()
    path = journal_path()
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join([lines[0], b'{"garbage": "from a failing disk"}\n', *lines[2:]]))
    with pytest.raises(JournalError, match=r"deletions.jsonl: line 2 is not a journal entry"):
        journal_check_appended()


def test_a_damaged_note_is_ignored_and_the_whole_journal_verified():
    journal_append(_deletions(4))
    journal_check_appended()
    journal_path().with_name("deletions.jsonl.verified").write_text('{"offset": "torn')
    assert journal_check_appended() == 4
    assert journal_check_appended() == 0
