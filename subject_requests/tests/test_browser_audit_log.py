"""In Chromium: the auditor reads the release of recordings to a subject in the audit log, filters it, pages through
every event, and exports the filtered events as CSV (items 2 and 11 of the walk-through)."""

from __future__ import annotations

import csv
import io

import pytest

from audit.models import AuditEvent
from audit.selectors import PAGE_SIZE
from audit.services import audit_record
from subject_requests import services
from testkit import make_stored_recording
from tests.screens import screenshot_widths

from .conftest import LINK_BASE, SUBJECT_EMAIL, SUBJECT_NAME, SUBJECT_NUMBER
from .test_browser_access_request import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def released_request(personas, searched_request):
    subject_request = searched_request()
    _package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    services.export_package_claim(raw_token=token)
    services.request_close(subject_request=subject_request, actor=personas.dpo)
    return subject_request


def test_the_auditor_sees_a_subject_request_from_intake_to_download(
    transactional_db, live_server, personas, released_request, page, client
):
    client.force_login(personas.dpo)
    client.get("/ropa.csv")
    log_in(page, live_server, personas.auditor.username)
    page.click("header #nav-audit")
    page.wait_for_selector("table.audit-log")

    page.fill("#id_q", released_request.number)
    page.click("#apply-filters")
    page.wait_for_url("**q=*")
    actions = page.locator("table.audit-log tbody tr").evaluate_all("rows => rows.map(r => r.dataset.action)")
    assert {"request_intake", "request_change", "request_decision", "export"} <= set(actions)
    assert f"{released_request.number}" in page.inner_text("table.audit-log")
    content = page.content()
    assert SUBJECT_NAME not in content and SUBJECT_EMAIL not in content and SUBJECT_NUMBER not in content
    screenshot_widths(page, "item02-auditor-request-events")

    page.goto(f"{live_server.url}/audit/?action=ropa_export")
    assert page.locator("tr[data-action=ropa_export]").count() == 1
    screenshot_widths(page, "item02-auditor-ropa-export")


def test_the_audit_log_names_calls_filters_pages_and_exports(transactional_db, live_server, personas, page):
    recording = make_stored_recording(personas.register)
    audit_record(
        action="play", actor=personas.supervisor, register=personas.register, obj=recording, reason="=cmd|' /C calc'!A0"
    )
    for i in range(PAGE_SIZE + 3):
        audit_record(action="hold_place", actor=personas.dpo, register=personas.register, reason=f"Reklamaatio {i}")

    log_in(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/audit/")
    assert page.locator("tr[data-sequence]").count() == PAGE_SIZE
    page.click("#older-page")
    page.wait_for_url("**before=*")
    assert page.locator("tr[data-action=play]").count() == 1
    object_cell = page.locator("tr[data-action=play] td.object")
    assert object_cell.inner_text().startswith("Puhelu ") or object_cell.inner_text().startswith("Call ")
    assert "Rekisteri A" in object_cell.inner_text()
    assert object_cell.locator("a").get_attribute("href") == f"/recordings/{recording.public_id}/"
    assert "recordings.recording" not in page.content()
    screenshot_widths(page, "item11-audit-log-older-page")

    page.goto(f"{live_server.url}/audit/")
    page.select_option("#id_actor", str(personas.supervisor.pk))
    page.select_option("#id_action", "play")
    page.click("#apply-filters")
    page.wait_for_url("**action=play*")
    assert page.locator("tr[data-sequence]").count() == 1
    screenshot_widths(page, "item11-audit-log-filtered")

    with page.expect_download() as download_info:
        page.click("#export-csv")
    rows = list(csv.reader(io.StringIO(open(download_info.value.path(), encoding="utf-8").read())))
    assert len(rows) == 2 and rows[1][7].startswith("'=")
    assert AuditEvent.objects.filter(action="export", actor_id=personas.dpo.pk, details__audit_log=True).count() == 1
