"""Across a whole request, the subject's data appears in no URL and no audit event: only the number does."""

from __future__ import annotations

from audit.models import AuditEvent
from subject_requests import services

from .conftest import SUBJECT_EMAIL, SUBJECT_NAME, SUBJECT_NUMBER, SUBJECT_TYPED

PERSONAL = (SUBJECT_NAME, SUBJECT_EMAIL, SUBJECT_NUMBER, SUBJECT_TYPED, "Meikäläinen")


def test_no_url_or_audit_event_carries_the_subjects_data(personas, searched_request, client):
    subject_request = searched_request(rights=["access", "erasure"])
    client.force_login(personas.dpo)
    response = client.post(f"/requests/{subject_request.number}/access/package/", follow=True)
    link = response.content.decode().split('id="download-link">')[1].split("<")[0]
    services.erasure_decide(subject_request=subject_request, actor=personas.dpo)
    page = client.get(f"/requests/{subject_request.number}/").content.decode()

    urls = (
        [link]
        + [part.split('"')[0] for part in page.split('href="')[1:]]
        + [part.split('"')[0] for part in page.split('action="')[1:]]
    )
    for url in urls:
        assert not any(p in url for p in PERSONAL), url

    events = AuditEvent.objects.all()
    assert events.filter(reason=subject_request.number).count() >= 8
    for event in events:
        text = f"{event.reason} {event.details!r}"
        assert not any(p in text for p in PERSONAL), (event.action, text)
