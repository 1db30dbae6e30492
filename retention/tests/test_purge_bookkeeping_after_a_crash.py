"""After a crash, the audit log and the purge runs still account for every deletion.

A purge killed after destroying a batch's keys is finished by the next run:
the audit log counts those deletions (written with the keys' destruction),
the rows the next run completes are audited too, and the killed run gets a
finish time, its saved counts and the mark "interrupted".
"""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from retention import purge as services
from retention.models import PurgeRun, Tombstone
from retention.services import purge_expired_recordings

pytestmark = pytest.mark.django_db(transaction=True)


class Crash(Exception):
    pass


def test_deletions_finished_by_a_later_run_are_all_in_the_audit_log(personas, stored, monkeypatch):
    first_batch = [stored() for _ in range(4)]
    second_batch = [stored() for _ in range(2)]
    done = []
    original = services._delete_blobs_and_rows

    def die_on_the_second_batch(rows, **kwargs):
        if done:
            raise Crash("killed after the keys were destroyed")
        done.append(rows)
        return original(rows, **kwargs)

    monkeypatch.setattr(services, "_delete_blobs_and_rows", die_on_the_second_batch)
    with pytest.raises(Crash):
        purge_expired_recordings(batch_size=4)
    monkeypatch.undo()
    killed = PurgeRun.objects.get()
    assert killed.deleted == 4  # saved as it went

    result = purge_expired_recordings(batch_size=4)
    assert result.completed_interrupted == 2

    events = AuditEvent.objects.filter(action="purge_batch")
    assert sum(e.details.get("deleted", 0) for e in events) == len(first_batch) + len(second_batch)
    assert sum(e.details.get("completed", 0) for e in events) == 2
    assert Tombstone.objects.count() == 6
    killed.refresh_from_db()
    assert killed.finished_at is not None and killed.interrupted
    assert killed.deleted == 4 and "interrupted" in killed.error_summary
    assert result.run.finished_at is not None and not result.run.interrupted


def test_a_run_still_going_is_not_closed_by_another(personas, stored):

    import threading

    from django.db import connections

    live = PurgeRun.objects.create()
    taken = threading.Event()
    release = threading.Event()

    def hold_the_run_lock():
        try:
            services._run_lock(live, take=True)
            taken.set()
            release.wait(30)
            services._run_lock(live, take=False)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_run_lock)
    holder.start()
    taken.wait(30)
    try:
        purge_expired_recordings()
    finally:
        release.set()
        holder.join()
    live.refresh_from_db()
    assert live.finished_at is None and not live.interrupted
