"""The purge ships its deletion journal entries in bulk, not after every batch.

Opening, locking, reading the tail of and fsyncing the journal after each
batch's commit cost more than the batch's own deletion. The entries wait in
the outbox, committed with their batch, and the purge ships them every few
seconds and when it ends; every deletion is in the journal when it returns.
"""

from __future__ import annotations

from journal import file as journal_file
from journal.file import entry_object, journal_entries
from journal.models import DeletionOutbox
from retention import purge
from retention.services import purge_expired_recordings


def _count_journal_opens(monkeypatch) -> list[int]:
    opened = [0]
    original = journal_file.journal_open

    def counted():
        opened[0] += 1
        return original()

    import journal.services

    monkeypatch.setattr(journal.services, "journal_open", counted)
    return opened


def test_a_purge_of_many_batches_opens_the_journal_twice(personas, stored, monkeypatch):
    calls = [stored() for _ in range(8)]
    opened = _count_journal_opens(monkeypatch)

    result = purge_expired_recordings(batch_size=2)

    assert result.deleted == 8
    # The check before the run, and the ship when it ends: not one per batch (four batches here).
    assert opened[0] == 2, opened[0]
    assert {entry_object(e) for e in journal_entries()} == {str(c.public_id) for c in calls}
    assert not DeletionOutbox.objects.exists()


def test_a_long_purge_ships_while_it_runs(personas, stored, monkeypatch):
    calls = [stored() for _ in range(6)]
    monkeypatch.setattr(purge, "SHIP_EVERY", 0.0)
    journalled_while_running = []
    destroy_keys = purge._destroy_keys

    def observed(ids, **kwargs):
        journalled_while_running.append(sum(1 for _ in journal_entries()))
        return destroy_keys(ids, **kwargs)

    monkeypatch.setattr(purge, "_destroy_keys", observed)

    purge_expired_recordings(batch_size=2)

    # Before the third batch is shredded, the first batches' entries are in the journal already.
    assert journalled_while_running[0] == 0
    assert journalled_while_running[-1] >= 2, journalled_while_running
    assert {entry_object(e) for e in journal_entries()} == {str(c.public_id) for c in calls}
