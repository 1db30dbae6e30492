"""Reading the accountability report on its page is a view, audited once per user, report and day; a download is an
export, audited every time."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from accountability.models import AccountabilityReport
from accountability.services import report_verify
from audit.models import AuditEvent

URL = "/registers/register-a/accountability/2026-10/"


def _events(action: str, user=None):
    events = AuditEvent.objects.filter(action=action)
    return events.filter(actor_id=user.pk) if user is not None else events


def test_a_dpo_reading_the_report_again_and_again_leaves_one_view_event(client, personas):
    client.force_login(personas.dpo)
    for _ in range(3):
        assert client.get(URL).status_code == 200
    assert client.get(URL + "print/").status_code == 200
    assert client.get(URL + "?lang=en").status_code == 200
    assert _events("export").count() == 0
    view = _events("report_view", personas.dpo).get()
    assert "2026-10" in view.reason and view.register_id == personas.register.pk
    # Each page read is still an issued report that verifies against the day's one event.
    assert AccountabilityReport.objects.count() == 5
    assert all(report_verify(report).ok for report in AccountabilityReport.objects.all())


def test_each_reader_report_and_day_has_its_own_view_event(client, personas):
    client.force_login(personas.dpo)
    client.get(URL)
    client.get("/registers/register-a/accountability/2026-09/")
    client.force_login(personas.auditor)
    client.get(URL)
    assert _events("report_view", personas.dpo).count() == 2
    assert _events("report_view", personas.auditor).count() == 1
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        client.force_login(personas.auditor)  # the idle session ended overnight
        assert client.get(URL).status_code == 200
    assert _events("report_view", personas.auditor).count() == 2


def test_every_download_is_an_export(client, personas):
    client.force_login(personas.dpo)
    client.get(URL + "csv/")
    client.get(URL + "csv/")
    client.get(URL + "json/")
    assert _events("export", personas.dpo).count() == 3
    assert _events("report_view").count() == 0
