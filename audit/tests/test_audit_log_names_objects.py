"""The audit log names objects as people do (a call by its time and register, a request by its number), not by ids."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from audit.services import audit_record
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture
def played_call(personas):
    recording = make_stored_recording(personas.register, ended_at=datetime(2025, 3, 1, 10, 12, 1, tzinfo=HELSINKI))
    audit_record(
        action="play", actor=personas.supervisor, register=personas.register, obj=recording, reason="Reklamaatio 77"
    )
    return recording


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get("/en/audit/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_call_is_named_by_its_time_and_register(personas, played_call, client):
    page = _page(client, personas.auditor)
    assert "Call 1.3.2025 10.12, register Rekisteri A" in page
    assert "recordings.recording" not in page


def test_the_dpo_gets_a_link_to_the_call_and_the_auditor_who_may_not_open_it_does_not(personas, played_call, client):
    assert f'href="/en/recordings/{played_call.public_id}/"' in _page(client, personas.dpo)
    assert f"/recordings/{played_call.public_id}/" not in _page(client, personas.auditor)


def test_an_erased_call_is_named_as_deleted(personas, played_call, client):
    from recordings.services import recording_shred

    recording_shred(played_call, reason="erasure", reference="SR-2026-0001")
    page = _page(client, personas.auditor)
    assert "Call (deleted)" in page


def test_the_register_column_shows_the_register_name(personas, played_call, client):
    page = _page(client, personas.auditor)
    assert "<td>Rekisteri A</td>" in page
