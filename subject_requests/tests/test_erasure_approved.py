"""Approved erasure: the included calls are crypto-shredded at once, tombstones stay, the subject is told."""

from __future__ import annotations

import pytest
from django.core import mail

from audit.models import AuditEvent
from recordings.models import Recording
from recordings.services import open_audio
from retention.models import Tombstone, TombstoneReason
from subject_requests.models import DecisionOutcome, ErasureOutcome, LetterKind


def test_approved_erasure_shreds_the_calls_and_confirms_it(personas, searched_request, subject_calls, settings, client):
    subject_request = searched_request(rights=["erasure"])
    caller_call = subject_calls["as_caller"]
    blobs = [caller_call.original_blob, caller_call.rendition_blob]
    mail.outbox.clear()

    client.force_login(personas.dpo)
    page = client.get(f"/requests/{subject_request.number}/erasure/")
    form = {key: "erase" for key in page.context["form"].fields if key.startswith("action_")}
    response = client.post(f"/requests/{subject_request.number}/erasure/", {**form, "confirmed": "1"})
    assert response.status_code == 302

    for key in ("as_caller", "as_callee"):
        assert not Recording.objects.filter(pk=subject_calls[key].pk).exists()
        tombstone = Tombstone.objects.get(recording_public_id=subject_calls[key].public_id)
        assert tombstone.reason == TombstoneReason.ERASURE and tombstone.reference == subject_request.number
    with pytest.raises(Exception):  # noqa: B017 - the key is gone: any attempt to read fails
        open_audio(caller_call)
    for blob in blobs:
        assert not (settings.MEDIA_ROOT / blob).exists()
    assert Recording.objects.filter(pk=subject_calls["someone_else"].pk).exists()

    assert set(subject_request.matches.values_list("erasure_outcome", flat=True)) == {ErasureOutcome.ERASED}
    assert subject_request.decisions.get(right="erasure").outcome == DecisionOutcome.GRANTED
    letter = subject_request.letters.get(kind=LetterKind.ERASURE)
    assert "olemme poistaneet" in letter.body.lower() and "2 puhelutallennetta" in letter.body
    assert mail.outbox and mail.outbox[-1].subject.startswith("Päätös poistopyyntöösi")
    events = AuditEvent.objects.filter(action="erasure", reason=subject_request.number)
    assert events.count() == 2
