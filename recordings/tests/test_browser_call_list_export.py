"""A supervisor downloads the filtered call list as CSV in Chromium, and the DPO finds the export in the audit log,
with the count and the filters used but not their values."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import browser_login
from testkit import make_stored_recording
from tests.screens import screenshot_widths

pytestmark = pytest.mark.browser


def test_the_filtered_list_downloads_as_csv_and_the_export_is_in_the_audit_log(
    transactional_db, live_server, personas, page, browser
):
    inbound = [make_stored_recording(personas.register, direction="inbound") for _ in range(2)]
    make_stored_recording(personas.register, direction="outbound")
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    page.select_option("#id_direction", "inbound")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/recordings/?f=*")
    screenshot_widths(page, "call-list-export")
    with page.expect_download() as info:
        page.click("#export-csv")
    download = info.value
    assert download.suggested_filename.startswith(f"calls-{personas.register.slug}-")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8-sig").read()), delimiter=";"))
    assert {r["id"] for r in rows} == {str(c.public_id) for c in inbound}

    dpo = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900}).new_page()
    browser_login(dpo, live_server, personas.dpo.username)
    dpo.goto(f"{live_server.url}/audit/?action=export")
    row = dpo.locator("tr[data-action=export]")
    assert row.count() == 1
    text = row.inner_text()
    assert personas.supervisor.username in text and "puhelulista: 2 puhelua" in text and "suunta" in text
    screenshot_widths(dpo, "audit-log-call-list-export")
