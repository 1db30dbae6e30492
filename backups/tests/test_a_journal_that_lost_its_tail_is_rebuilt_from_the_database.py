"""A deletion journal that lost its tail after the deletions were shipped (a disk or a copy losing what was
acknowledged, not an append that never finished) is rebuilt from what the database knows: the tombstones
and the deleted export packages that neither the journal nor the outbox holds are journalled again.

Without that, the next run cut the torn line as if it had never been shipped, though its outbox row was
gone, and restoring a backup from before the purge brought the purged call back with its key.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from backups.restore import journal_problem
from backups.tasks import ship_deletion_journal
from journal.file import entry_object, journal_entries, journal_path, journal_verify
from recordings.models import Recording
from retention.services import purge_expired_recordings
from testkit import make_personas, make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)


def _deleted_after(position: int) -> set[str]:
    """What a restore of a backup taken at `position` destroys again: the objects of the entries after it."""
    return {entry_object(e) for e in journal_entries() if e["sequence"] > position}


def test_a_journal_torn_at_any_byte_of_its_last_entry_still_lists_every_purged_call(settings, tmp_path):
    personas = make_personas()
    kept = make_stored_recording(personas.register, expires_at=timezone.now() + timedelta(days=30))
    purged = [
        make_stored_recording(personas.register, expires_at=timezone.now() + timedelta(days=30)) for _ in range(3)
    ]
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    manifest = json.loads((backup / "manifest.json").read_text())
    position = int(manifest.get("journal_sequence") or 0)

    Recording.objects.filter(pk__in=[r.pk for r in purged]).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert purge_expired_recordings().deleted == 3
    purged_ids = {str(r.public_id) for r in purged}
    path = journal_path()
    whole = path.read_bytes()
    last_line_start = whole.rstrip(b"\n").rfind(b"\n") + 1
    assert _deleted_after(position) == purged_ids

    for cut in range(last_line_start, len(whole)):
        path.write_bytes(whole[:cut])  # the disk kept only the first `cut` bytes
        ship_deletion_journal()  # the beat's next run
        assert _deleted_after(position) == purged_ids, f"journal cut at byte {cut} of {len(whole)}"
        assert journal_verify().problems == []
        assert journal_problem(manifest) is None

    # What the report saw: the last 41 bytes lost. Then the database and storage are lost and restored.
    path.write_bytes(whole[: len(whole) - 41])
    ship_deletion_journal()
    assert AuditEvent.objects.filter(action="journal_repair").exists()
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    call_command("restore", str(backup))
    assert set(Recording.objects.filter(wrapped_key__isnull=False).values_list("public_id", flat=True)) == {
        kept.public_id
    }
