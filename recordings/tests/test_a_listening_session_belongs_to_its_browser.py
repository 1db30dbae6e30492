"""A listening session opened in one browser plays in that browser only, not in another browser of the same user."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from recordings.models import Recording
from registers.models import Role
from testkit import make_stored_recording


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_another_browser_of_the_same_user_opens_its_own_audited_session(personas):
    register = personas.register
    register.download_roles = [Role.SUPERVISOR]
    register.save()
    call = make_stored_recording(register)
    audio = reverse("recording_audio", args=[call.public_id]) + "?download=1"
    listen = reverse("recording_listen", args=[call.public_id])
    office, home = _browser(personas.supervisor), _browser(personas.supervisor)

    assert office.post(listen, {"reason": "Reklamaatio 12"}).status_code == 302
    assert office.get(audio).status_code == 200
    assert AuditEvent.objects.filter(action="play").count() == 1

    # The other browser holds the same user's login but not the session that was opened and audited.
    assert home.get(audio).status_code == 403
    assert home.get(reverse("recording_silences", args=[call.public_id])).status_code == 403
    Recording.objects.filter(pk=call.pk).update(rendition_status="ready")
    page = home.get(reverse("recording_detail", args=[call.public_id])).content.decode()
    assert 'id="listen"' in page

    assert home.post(listen, {"reason": "Reklamaatio 12"}).status_code == 302
    assert home.get(audio).status_code == 200
    assert AuditEvent.objects.filter(action="play").count() == 2
