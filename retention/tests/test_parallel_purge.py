"""Two purges at once on PostgreSQL delete each recording exactly once and neither fails."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from audit.models import AuditEvent
from recordings.models import Recording
from retention.models import Tombstone
from retention.services import purge_expired_recordings
from testkit import make_personas, make_stored_recording


@pytest.mark.django_db(transaction=True)
def test_two_purges_in_parallel_delete_each_recording_once(settings):
    from datetime import timedelta

    from django.utils import timezone

    personas = make_personas()
    past = timezone.now() - timedelta(hours=1)
    ids = {make_stored_recording(personas.register, expires_at=past).pk for _ in range(60)}
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(purge_expired_recordings(batch_size=5))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(r.deleted for r in results) == len(ids)
    assert not Recording.objects.exists()
    assert Tombstone.objects.count() == len(ids)
    assert sum(e.details["deleted"] for e in AuditEvent.objects.filter(action="purge_batch")) == len(ids)
