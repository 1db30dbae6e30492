"""A crash or a full disk mid-append leaves a torn last journal line: the next run cuts it off and carries on.

Only the final line can be torn by an append, and it never described a
shipped deletion (its outbox row is deleted only after the fsync), so it is
repaired with an audit event. Damage anywhere else is not guessed at: purge
and backup stop, naming the file and the line, and leave nothing half made.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEvent
from journal.file import journal_entries, journal_path, journal_verify
from recordings.models import Recording
from recordings.services import recording_shred
from retention.services import purge_expired_recordings
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)

TORN = b'{"at": "2026-11-23T10:00:00+00:00", "prev": "0000'


@pytest.fixture
def one_entry(personas):
    recording_shred(make_stored_recording(personas.register), reason="erasure", reference="SR-1")
    assert len(list(journal_entries())) == 1
    return journal_path()


def test_the_next_purge_cuts_off_a_torn_last_line_and_audits_it(personas, one_entry):
    with open(one_entry, "ab") as fh:
        fh.write(TORN)
    expired = make_stored_recording(personas.register, expires_at=timezone.now() - timedelta(hours=1))

    assert purge_expired_recordings().deleted == 1
    assert not Recording.objects.filter(pk=expired.pk).exists()
    entries = list(journal_entries())
    assert [e["sequence"] for e in entries] == [1, 2] and entries[1]["recording"] == str(expired.public_id)
    assert journal_verify().problems == []
    repair = AuditEvent.objects.get(action="journal_repair")
    assert repair.details["torn_line"] == 2 and repair.details["bytes"] == len(TORN)


def test_a_backup_after_a_torn_last_line_repairs_it_and_succeeds(personas, one_entry, tmp_path):
    with open(one_entry, "ab") as fh:
        fh.write(TORN)
    call_command("backup", str(tmp_path / "backup"))
    assert (tmp_path / "backup" / "manifest.json").exists()
    assert one_entry.read_bytes().endswith(b"\n")


def test_damage_before_the_last_line_stops_the_purge_naming_file_and_line(personas, one_entry):
    recording_shred(make_stored_recording(personas.register), reason="erasure", reference="SR-2")
    lines = one_entry.read_bytes().split(b"\n")
    one_entry.write_bytes(b"\n".join([b"#garbage written by a failing disk", *lines[1:]]))
    expired = make_stored_recording(personas.register, expires_at=timezone.now() - timedelta(hours=1))

    with pytest.raises(CommandError, match=r"purge stopped: .*deletions.jsonl: line 1 is not a journal entry"):
        call_command("purge_expired")
    assert Recording.objects.filter(pk=expired.pk, wrapped_key__isnull=False).exists()


def test_a_backup_that_fails_leaves_no_folder(personas, one_entry, tmp_path):
    one_entry.write_bytes(b"not json at all\n" + one_entry.read_bytes())
    target = tmp_path / "backups" / "2026-11-23"
    with pytest.raises(CommandError, match=r"deletions.jsonl: line 1"):
        call_command("backup", str(target))
    assert not target.exists()
    assert not (tmp_path / "backups").exists() or list((tmp_path / "backups").iterdir()) == []
