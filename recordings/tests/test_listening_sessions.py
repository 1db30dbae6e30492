"""Listening sessions live in the database: they end at logout and never keep a recording from the purge."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from recordings.models import ListeningGrant, Recording
from recordings.services import listening_open
from retention.services import purge_expired_recordings
from testkit import make_stored_recording


def test_a_listening_session_names_its_reason_and_its_audit_event(personas):
    recording = make_stored_recording(personas.register)
    grant = listening_open(user=personas.supervisor, recording=recording, reason="Reklamaatio 7")
    assert grant.reason == "Reklamaatio 7"
    assert grant.audit_event.action == "play" and grant.audit_event.reason == "Reklamaatio 7"
    assert grant.audit_event.object_id == str(recording.pk)


def test_logging_out_ends_every_listening_session(personas, client):
    recording = make_stored_recording(personas.register)
    client.force_login(personas.supervisor)
    client.post(reverse("recording_listen", args=[recording.public_id]), {"reason": ""})
    assert ListeningGrant.objects.open_for(personas.supervisor, recording).exists()
    client.post(reverse("logout"))
    assert not ListeningGrant.objects.open_for(personas.supervisor, recording).exists()


def test_the_purge_deletes_a_recording_someone_is_listening_to(personas):
    recording = make_stored_recording(personas.register, ended_at=timezone.now() - timedelta(days=800))
    grant = listening_open(user=personas.supervisor, recording=recording)
    assert purge_expired_recordings().deleted == 1
    assert not Recording.objects.filter(pk=recording.pk).exists()
    grant.refresh_from_db()
    assert grant.recording_id is None


def test_ended_sessions_are_forgotten_a_day_later_and_the_audit_log_keeps_the_listen(personas, settings):
    from audit.models import AuditEvent
    from recordings.tasks import forget_ended_listening_sessions

    recording = make_stored_recording(personas.register)
    ended_long_ago = listening_open(user=personas.supervisor, recording=recording, reason="Reklamaatio 8")
    ended_just_now = listening_open(user=personas.supervisor, recording=recording, reason="Reklamaatio 9")
    still_open = listening_open(user=personas.dpo, recording=recording, reason="Pyyntö 3")
    now = timezone.now()
    ListeningGrant.objects.filter(pk=ended_long_ago.pk).update(expires_at=now - timedelta(days=2))
    ListeningGrant.objects.filter(pk=ended_just_now.pk).update(expires_at=now - timedelta(minutes=5))

    assert forget_ended_listening_sessions() == 1
    assert set(ListeningGrant.objects.values_list("pk", flat=True)) == {ended_just_now.pk, still_open.pk}
    # Who listened and why stays where it belongs: the play event.
    assert AuditEvent.objects.get(pk=ended_long_ago.audit_event_id).reason == "Reklamaatio 8"
    # The beat runs it.
    assert any(
        entry["task"] == "recordings.tasks.forget_ended_listening_sessions"
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
    )
