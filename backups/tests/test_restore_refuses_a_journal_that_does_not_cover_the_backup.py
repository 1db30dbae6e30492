"""Restore refuses a deletion journal that cannot prove it covers the backup, unless an operator accepts it knowingly.

Without the live journal a restore brings back every call erased since the
backup. The backup records the journal's position and the hash of the entry
there; a journal that is missing, shorter or different is refused, naming
the problem, and an explicit flag restores anyway with an audit event.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from journal.file import journal_append, journal_path
from recordings.models import Recording
from recordings.services import open_audio, recording_shred
from testkit import make_personas, make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)


def _lose_everything(settings) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def _nothing_restored() -> bool:
    restored = "registers_register" in connection.introspection.table_names()
    call_command("migrate", verbosity=0)  # leave a schema for the test database's teardown
    return not restored


def _refused_after_losing_everything(settings, backup, problem: str) -> None:
    """The disaster, then a restore that must refuse naming `problem` (a pattern) and restore nothing."""
    _lose_everything(settings)
    with pytest.raises(CommandError, match=problem):
        call_command("restore", str(backup))
    assert _nothing_restored()


@pytest.fixture
def story(settings, tmp_path):
    """Two calls erased, a backup (journal position 2), then a third call erased."""
    personas = make_personas()
    later = timezone.now() + timedelta(days=30)
    for number in (1, 2):
        recording_shred(
            make_stored_recording(personas.register, expires_at=later), reason="erasure", reference=f"SR-{number}"
        )
    erased_after_backup = make_stored_recording(personas.register, expires_at=later)
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    recording_shred(erased_after_backup, reason="erasure", reference="SR-3")
    return erased_after_backup, backup


def test_restore_refuses_when_the_journal_is_missing(story, settings):
    _erased, backup = story
    shutil.rmtree(settings.DELETION_JOURNAL_DIR)
    _refused_after_losing_everything(settings, backup, r"journal .*deletions.jsonl is missing.*position 2")


def test_restore_refuses_a_journal_older_than_the_backup(story, settings):
    _erased, backup = story
    path = journal_path()
    path.write_bytes(path.read_bytes().split(b"\n", 1)[0] + b"\n")  # an old copy: one entry
    _refused_after_losing_everything(settings, backup, r"ends at position 1, older than the backup's position 2")


def test_restore_refuses_another_systems_journal(story, settings, tmp_path):
    _erased, backup = story
    settings.DELETION_JOURNAL_DIR = tmp_path / "another-journal"
    journal_append(
        [{"recording": f"00000000-0000-0000-0000-00000000000{n}", "register": 1, "reason": "erasure"} for n in range(3)]
    )
    _refused_after_losing_everything(settings, backup, r"does not match the backup: its entry 2")


def test_an_operator_can_restore_knowingly_without_the_journal_and_it_is_audited(story, settings, capsys):
    erased, backup = story
    shutil.rmtree(settings.DELETION_JOURNAL_DIR)
    _lose_everything(settings)
    call_command("restore", str(backup), "--without-journal")
    assert "restored knowingly" in capsys.readouterr().err
    # The call erased after the backup is back: that is what the operator accepted.
    reader = open_audio(Recording.objects.get(public_id=erased.public_id), variant="original")
    reader.close()
    event = AuditEvent.objects.get(action="restore")
    assert "missing" in event.details["journal_problem_accepted"]
    assert event.reason.startswith("restored knowingly")


def test_restore_with_the_live_journal_is_not_refused(story, settings, capsys):
    erased, backup = story
    _lose_everything(settings)
    call_command("restore", str(backup))
    assert "destroyed again 1 recording(s)" in capsys.readouterr().out
    assert not Recording.objects.filter(public_id=erased.public_id).exists()


def test_restore_refuses_a_journal_that_lost_entries_an_anchor_names(story, settings):
    """The journal still covers the backup, but its newest entries are gone: the signed anchors say so."""
    from audit.services import audit_anchor_write

    erased, backup = story
    anchor = audit_anchor_write()
    assert anchor["journal"]["sequence"] == 3
    path = journal_path()
    path.write_bytes(b"".join(path.read_bytes().splitlines(keepends=True)[:2]))  # the tail after the backup is lost
    _refused_after_losing_everything(settings, backup, r"ends at position 2, but an anchor .* names entry 3")


def test_restore_refuses_a_journal_rewritten_after_an_anchor(story, settings, tmp_path):
    from audit.services import audit_anchor_write

    _erased, backup = story
    audit_anchor_write()
    path = journal_path()
    lines = path.read_bytes().splitlines(keepends=True)
    # Entry 3 replaced by another of the same position (as rewriting the file to drop a deletion would need).
    path.write_bytes(b"".join(lines[:2]))
    journal_append([{"recording": "00000000-0000-0000-0000-000000000009", "register": 1, "reason": "erasure"}])
    _refused_after_losing_everything(
        settings, backup, r"rewritten: its entry 3 is not the one an anchor signed at .* names"
    )


def test_restore_with_the_live_journal_passes_the_anchor_check(story, settings, capsys):
    from audit.services import audit_anchor_write

    erased, backup = story
    audit_anchor_write()
    _lose_everything(settings)
    call_command("restore", str(backup))
    assert "destroyed again 1 recording(s)" in capsys.readouterr().out
    assert not Recording.objects.filter(public_id=erased.public_id).exists()


def test_a_backup_taken_before_any_deletion_still_checks_the_journal_against_the_anchors(settings, tmp_path):
    """Journal position 0 in the backup proves nothing about the journal since: the anchors still must."""
    from audit.services import audit_anchor_write

    personas = make_personas()
    erased = make_stored_recording(personas.register, expires_at=timezone.now() + timedelta(days=30))
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    recording_shred(erased, reason="erasure", reference="SR-9")
    audit_anchor_write()
    journal_path().write_bytes(b"")  # the journal lost its only entry
    _refused_after_losing_everything(settings, backup, r"ends at position 0, but an anchor .* names entry 1")
