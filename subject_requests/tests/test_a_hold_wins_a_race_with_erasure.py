"""A hold placed while an erasure is being decided keeps the call (PostgreSQL, two connections).

The DPO reviewed the matches with no hold on them; before the erasure reaches
the call, a supervisor places a complaint hold on another connection and
commits. The statement that destroys the key re-checks holds, so the call is
kept and the erasure of it is refused with the hold's reason.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from recordings import services as recording_services
from recordings.models import Recording
from retention.models import HoldKind
from retention.services import hold_place
from subject_requests import services
from subject_requests.models import ErasureOutcome

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_hold_placed_during_the_erasure_keeps_the_call(personas, searched_request, subject_calls, monkeypatch):
    subject_request = searched_request(rights=["erasure"])
    target = subject_calls["as_caller"]
    original = recording_services.recording_shred
    errors: list[BaseException] = []

    def supervisor_places_a_hold():
        try:
            hold_place(
                actor=personas.supervisor,
                recordings=[Recording.objects.get(pk=target.pk)],
                kind=HoldKind.COMPLAINT,
                reason="Reklamaatio saapui juuri.",
                review_on=timezone.localdate() + timedelta(days=30),
            )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    def shred_after_the_hold(recording, **kwargs):
        if recording.pk == target.pk:
            hold = threading.Thread(target=supervisor_places_a_hold)
            hold.start()
            hold.join()
        return original(recording, **kwargs)

    monkeypatch.setattr(recording_services, "recording_shred", shred_after_the_hold)
    services.erasure_decide(subject_request=subject_request, actor=personas.dpo)

    assert errors == []
    assert Recording.objects.filter(pk=target.pk, wrapped_key__isnull=False).exists(), "the held call was erased"
    match = subject_request.matches.get(recording_public_id=target.public_id)
    assert match.erasure_outcome == ErasureOutcome.REFUSED
    assert not Recording.objects.filter(pk=subject_calls["as_callee"].pk).exists()
