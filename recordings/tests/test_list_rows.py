"""The call list shows each call's times in Finnish local time, rounded durations, and links to its page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from testkit import make_stored_recording


@pytest.mark.django_db
def test_list_rows_show_local_times_rounded_durations_and_links(client, personas):
    # 21:30 UTC on 30 June is 00:30 on 1 July in Helsinki (summer time, UTC+3).
    ended = datetime(2026, 6, 30, 21, 30, 1, tzinfo=UTC)
    recording = make_stored_recording(
        personas.register,
        ended_at=ended,
        expires_at=datetime(2026, 12, 31, 22, 30, tzinfo=UTC),
        duration_seconds=12.5,
        agent_name="agentti-7",
        caller_number="",
    )
    client.force_login(personas.supervisor)
    response = client.get(reverse("recording_list", args=[personas.register.slug]))
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r.public_id == recording.public_id)
    assert row.started == "1.7.2026 00:30:00"
    assert row.duration == "0:13"
    assert row.expires == "1.1.2027"
    assert row.agent == "agentti-7"
    assert row.caller == "—"
    assert row.url == reverse("recording_detail", args=[recording.public_id])
    html = response.content.decode()
    assert f'<a href="{row.url}">1.7.2026 00:30:00</a>' in html
