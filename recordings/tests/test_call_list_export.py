"""The call list exports as CSV: the current filters, only what the user may see, cells a spreadsheet will not
execute, streamed, never cached, and one audit event naming the count and which filters were used."""

from __future__ import annotations

import csv
import io
import re

import pytest

from audit.models import AuditEvent
from recordings.searches import iter_recordings
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db


def _filter(client, slug: str, **data) -> str:
    response = client.post(f"/en/registers/{slug}/recordings/", {"number": "", **data})
    return re.search(r"f=([\w-]+)", response.url).group(1)


def _export(client, slug: str, key: str | None = None):
    return client.post(f"/en/registers/{slug}/recordings/export/", {"f": key} if key else {})


def _rows(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_export_lists_the_filtered_calls_and_is_audited_without_the_number(personas, client):
    wanted = make_stored_recording(personas.register, caller_number="+358409225646", agent_name="=HYPERLINK(1)")
    make_stored_recording(personas.register, caller_number="+358505550101")
    make_stored_recording(personas.other_register, caller_number="+358409225646")
    client.force_login(personas.supervisor)
    key = _filter(client, personas.register.slug, number="040 922 5646", direction="inbound")
    response = _export(client, personas.register.slug, key)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"] and response["Content-Disposition"].startswith("attachment")
    rows = _rows(response)
    assert [r["id"] for r in rows] == [str(wanted.public_id)]
    assert rows[0]["caller"] == "+358409225646"
    assert rows[0]["agent"] == "'=HYPERLINK(1)"
    event = AuditEvent.objects.get(action="export")
    assert event.actor_id == personas.supervisor.pk and event.register_id == personas.register.pk
    assert event.details == {"call_list": True, "recordings": 1, "filters": ["direction", "number"]}
    assert "9225646" not in str(event.details) + event.reason


def test_an_export_without_filters_lists_the_whole_register(personas, client):
    for _ in range(3):
        make_stored_recording(personas.register)
    client.force_login(personas.dpo)
    assert len(_rows(_export(client, personas.register.slug))) == 3
    assert AuditEvent.objects.get(action="export").details["recordings"] == 3


def test_the_export_walks_every_row_in_the_lists_order_across_batches(personas):
    from recordings.models import Recording

    for _ in range(7):
        make_stored_recording(personas.register)
    qs = Recording.objects.filter(register=personas.register)
    newest_first = list(qs.order_by("-started_at", "-pk").values_list("pk", flat=True))
    assert [r.pk for r in iter_recordings(qs, sort="-started", batch_size=2)] == newest_first
    shortest = list(qs.order_by("duration_seconds", "pk").values_list("pk", flat=True))
    assert [r.pk for r in iter_recordings(qs, sort="duration", batch_size=3)] == shortest


@pytest.mark.parametrize("role", ["agent", "it_admin"])
def test_roles_that_do_not_review_the_register_cannot_export(personas, client, role):
    make_stored_recording(personas.register)
    client.force_login(getattr(personas, role))
    assert _export(client, personas.register.slug).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_other_registers_cannot_be_exported(personas, client):
    make_stored_recording(personas.register)
    for user in (personas.outsider, personas.sibling_dpo):
        client.force_login(user)
        assert _export(client, personas.register.slug).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_export_is_a_post_so_no_link_elsewhere_can_start_one(personas, client):
    client.force_login(personas.supervisor)
    assert client.get(f"/en/registers/{personas.register.slug}/recordings/export/").status_code == 405
