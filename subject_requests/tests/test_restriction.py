"""Restriction: nobody but the DPO plays the calls, the purge keeps them, and lifting tells the subject."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from audit.models import AuditEvent
from recordings.models import Recording
from recordings.permissions import can_play
from subject_requests import services
from subject_requests.models import LetterKind


def test_restricted_calls_play_for_the_dpo_only(personas, searched_request, subject_calls, client):
    subject_request = searched_request(rights=["restriction"])
    assert services.restriction_apply(subject_request=subject_request, actor=personas.dpo) == 2
    call = Recording.objects.get(pk=subject_calls["as_caller"].pk)
    assert call.restricted
    assert not can_play(personas.supervisor, call)
    assert can_play(personas.dpo, call)
    assert not Recording.objects.get(pk=subject_calls["someone_else"].pk).restricted

    client.force_login(personas.supervisor)
    client.post(f"/recordings/{call.public_id}/listen/", {"reason": "valmennus"})
    assert client.get(f"/recordings/{call.public_id}/audio/").status_code in (403, 404)
    events = AuditEvent.objects.filter(action="restriction", reason=subject_request.number)
    assert events.count() == 2
    assert "rajoittaneet" in subject_request.letters.get(kind=LetterKind.DECISION).body


def test_the_purge_keeps_a_restricted_call_after_it_expires(personas, searched_request, subject_calls):
    from retention.services import purge_expired_recordings

    subject_request = searched_request(rights=["restriction"])
    services.restriction_apply(subject_request=subject_request, actor=personas.dpo)
    past = timezone.now() - timedelta(days=1)
    Recording.objects.filter(pk__in=[c.pk for c in subject_calls.values()]).update(expires_at=past)

    purge_expired_recordings()

    assert Recording.objects.filter(pk=subject_calls["as_caller"].pk).exists()
    assert Recording.objects.filter(pk=subject_calls["as_callee"].pk).exists()
    assert not Recording.objects.filter(pk=subject_calls["someone_else"].pk).exists()


def test_lifting_needs_a_reason_and_tells_the_subject(personas, searched_request, subject_calls):
    subject_request = searched_request(rights=["restriction"])
    services.restriction_apply(subject_request=subject_request, actor=personas.dpo)
    match = subject_request.matches.get(recording_public_id=subject_calls["as_caller"].public_id)
    services.restriction_lift(match=match, actor=personas.dpo, reason="Oikaisu on tarkistettu ja tiedot ovat oikein.")
    assert not Recording.objects.get(pk=subject_calls["as_caller"].pk).restricted
    assert Recording.objects.get(pk=subject_calls["as_callee"].pk).restricted
    lifted = subject_request.letters.filter(kind=LetterKind.DECISION).last()
    assert "puretaan" in lifted.body and "Oikaisu on tarkistettu" in lifted.body
