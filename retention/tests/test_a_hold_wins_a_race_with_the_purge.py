"""A hold committed while the purge is choosing its batch still keeps the call (PostgreSQL, two connections).

PostgreSQL's `SELECT ... FOR UPDATE` locks the rows its snapshot chose and
does not re-evaluate a condition on another table when it takes the lock: a
hold committed after the candidate query started is invisible to it. The
test widens that window: the purge's candidate query runs, a DPO places a
hold through the real service on another connection and commits, and only
then are the candidates locked and their keys destroyed. The key-destroying
statement must see the hold.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from recordings.models import Recording
from retention import purge as services
from retention.models import HoldKind, Tombstone
from retention.selectors import recordings_due
from retention.services import hold_place, purge_expired_recordings
from testkit import make_personas, make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_hold_committed_after_the_candidate_query_keeps_the_call(monkeypatch):
    personas = make_personas()
    past = timezone.now() - timedelta(hours=1)
    target, other = (make_stored_recording(personas.register, expires_at=past) for _ in range(2))
    hold_errors: list[BaseException] = []

    def place_hold_elsewhere():
        try:
            hold_place(
                actor=personas.dpo,
                recordings=[Recording.objects.get(pk=target.pk)],
                kind=HoldKind.CRIMINAL_INVESTIGATION,
                reason="Poliisin tietopyyntö.",
                review_on=timezone.localdate() + timedelta(days=90),
            )
        except BaseException as exc:  # noqa: BLE001
            hold_errors.append(exc)
        finally:
            connections.close_all()

    def candidates_then_lock(*, now, register, batch_size, after):
        if after is not None:
            return [], None
        chosen = list(recordings_due(now=now).order_by("expires_at", "pk").values_list("pk", "expires_at"))
        hold = threading.Thread(target=place_hold_elsewhere)  # its own database connection
        hold.start()
        hold.join()
        # The lock PostgreSQL takes for the rows its snapshot chose, without re-checking holds.
        list(Recording.objects.select_for_update().filter(pk__in=[pk for pk, _ in chosen]).values_list("pk"))
        return [pk for pk, _ in chosen], (chosen[-1][1], chosen[-1][0])

    monkeypatch.setattr(services, "_lock_batch", candidates_then_lock)
    purge_expired_recordings()

    assert hold_errors == []
    assert Recording.objects.filter(pk=target.pk, wrapped_key__isnull=False).exists(), "the held call was destroyed"
    assert not Tombstone.objects.filter(recording_public_id=target.public_id).exists()
    assert not Recording.objects.filter(pk=other.pk).exists()
