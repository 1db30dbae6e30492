"""The deletion journal names a deletion exactly when it committed: never before, never twice, never lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from journal import services as backup_services
from journal.file import journal_entries
from recordings.models import Recording
from recordings.services import recording_shred
from retention import purge as services
from retention.models import HoldKind, Tombstone
from retention.services import hold_place, purge_expired_recordings
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)


class Crash(Exception):
    pass


def _journalled() -> list[str]:
    return [e.get(e.get("kind", "recording")) for e in journal_entries()]


def _expired(personas, count: int) -> list[Recording]:
    past = timezone.now() - timedelta(hours=1)
    return [make_stored_recording(personas.register, expires_at=past) for _ in range(count)]


def test_a_purge_that_dies_before_its_commit_leaves_no_journal_entry(personas, monkeypatch):
    calls = _expired(personas, 3)
    original = services._destroy_keys

    def record_then_die(ids, **kwargs):
        original(ids, **kwargs)
        raise Crash("killed after the journal write, before the commit")

    monkeypatch.setattr(services, "_destroy_keys", record_then_die)
    with pytest.raises(Crash):
        purge_expired_recordings()
    monkeypatch.undo()

    assert Recording.objects.filter(wrapped_key__isnull=False).count() == 3
    assert _journalled() == [], "the journal names calls whose deletion rolled back"

    # The DPO holds one of them; the next purge deletes the other two and journals only those.
    hold_place(
        actor=personas.dpo,
        recordings=[calls[0]],
        kind=HoldKind.COMPLAINT,
        reason="Reklamaatio.",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    purge_expired_recordings()
    assert sorted(_journalled()) == sorted(str(c.public_id) for c in calls[1:])


def test_a_deletion_committed_but_not_yet_shipped_reaches_the_journal_on_the_next_run(personas, monkeypatch):
    calls = _expired(personas, 2)
    monkeypatch.setattr(backup_services, "journal_ship_quietly", lambda: None)  # killed right after the commit
    recording_shred(calls[0], reason="erasure", reference="SR-2026-0001")
    assert _journalled() == []
    monkeypatch.undo()

    purge_expired_recordings()
    assert sorted(_journalled()) == sorted(str(c.public_id) for c in calls)
    assert {str(t) for t in Tombstone.objects.values_list("recording_public_id", flat=True)} == set(_journalled())


def test_a_crash_between_the_append_and_the_outbox_delete_never_writes_an_entry_twice(personas, monkeypatch):
    from journal.models import DeletionOutbox

    calls = _expired(personas, 4)
    monkeypatch.setattr(backup_services, "journal_ship_quietly", lambda: None)
    purge_expired_recordings(batch_size=2)
    monkeypatch.undo()

    # The crash: the entries were appended and fsynced, the outbox rows not yet deleted.
    queued = list(DeletionOutbox.objects.order_by("pk"))
    with backup_services.journal_open() as journal:
        journal.append(
            [
                {
                    "kind": r.kind,
                    "object": r.public_id,
                    "register": r.register_id,
                    "reason": r.reason,
                    "outbox": r.token,
                }
                for r in queued
            ]
        )
    assert backup_services.journal_ship() == 0
    assert sorted(_journalled()) == sorted(str(c.public_id) for c in calls)
    assert not DeletionOutbox.objects.exists()
