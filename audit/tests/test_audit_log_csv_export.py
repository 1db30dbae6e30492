"""The filtered audit log exports as CSV: every matching event, cells a spreadsheet will not run, and audited."""

from __future__ import annotations

import csv
import io

import pytest

from audit.models import AuditEvent
from audit.selectors import PAGE_SIZE
from audit.services import audit_record
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db


def _export(client, user, **params) -> list[list[str]]:
    client.force_login(user)
    response = client.get("/en/audit/export.csv", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_export_holds_every_filtered_event_beyond_one_page(personas, client):
    for i in range(PAGE_SIZE + 7):
        audit_record(action="play", actor=personas.supervisor, register=personas.register, reason=f"n{i}")
    audit_record(action="hold_place", actor=personas.dpo, register=personas.register, reason="hold")

    rows = _export(client, personas.auditor, action="play")

    assert rows[0] == ["sequence", "time", "action", "step", "user", "register", "object", "reason", "from"]
    assert len(rows) - 1 == PAGE_SIZE + 7
    assert {r[2] for r in rows[1:]} == {"played a recording"}


def test_the_export_names_objects_and_neutralises_formulas(personas, client):
    recording = make_stored_recording(personas.register)
    audit_record(
        action="play",
        actor=personas.supervisor,
        register=personas.register,
        obj=recording,
        reason='=HYPERLINK("http://evil.example","x")',
    )
    rows = _export(client, personas.auditor, action="play")
    row = rows[1]
    assert row[6].startswith("Call ") and "Rekisteri A" in row[6]
    assert row[7].startswith("'=")


def test_the_export_is_itself_audited_with_its_filters(personas, client):
    audit_record(action="play", actor=personas.supervisor, register=personas.register, reason="x")
    _export(client, personas.auditor, action="play")
    event = AuditEvent.objects.filter(action="export", actor_id=personas.auditor.pk).get()
    assert event.details["audit_log"] is True
    assert event.details["events"] == 1
    assert event.details["filters"] == {"action": "play"}
    client.force_login(personas.auditor)
    assert 'data-action="export"' in client.get("/en/audit/").content.decode()


def test_an_outsider_cannot_export_this_controllers_events(personas, client):
    audit_record(action="play", actor=personas.supervisor, register=personas.register, reason="secret-a")
    rows = _export(client, personas.outsider)
    assert not any("secret-a" in cell for row in rows for cell in row)
