"""The IT admin sets up a FreePBX connector in Chromium, runs it now, and sees what it took and refused; the page
shows metadata and status only (an IT admin does not listen)."""

from __future__ import annotations

import pytest

from conftest import browser_login
from connectors.models import Connector
from tests.screens import readme_screenshot, shoot_both_widths

pytestmark = pytest.mark.browser


def test_it_admin_sets_up_runs_and_reads_a_connector(transactional_db, live_server, personas, page, pbx, eager_worker):
    pbx.call()
    pbx.call(audio=b"not audio at all" * 100)
    browser_login(page, live_server, personas.it_admin.username)
    page.click(f"tr[data-register='{personas.register.slug}'] >> text=Tuontiyhteydet")
    assert page.locator("text=Ei vielä tuontiyhteyksiä.").count() == 1
    page.click("#new-connector")
    page.fill("#id_name", "Oma vaihde")
    page.select_option("#id_kind", "freepbx")
    page.fill("#id_path", "/etc")
    page.click("#save-connector")
    assert page.locator("#id_path[aria-invalid=true]").count() == 1
    shoot_both_widths(page, "connector-form-error")
    page.fill("#id_path", str(pbx.monitor))
    page.fill("#id_cdr_csv_path", str(pbx.master_csv))
    page.click("#save-connector")
    page.click("#run-now")
    page.wait_for_selector("#calls-taken")
    assert page.locator("#calls-taken").inner_text() == "1"
    assert page.locator("#last-refused").inner_text() == "1"
    assert "ääni:" in page.locator("table.refusals").inner_text()
    assert page.locator("audio").count() == 0 and page.locator("a[href*='/recordings/']").count() == 0
    overflow = shoot_both_widths(page, "connector-status")
    readme_screenshot(page, "connector")
    assert overflow == {1366: False, 390: False}
    page.click("text=← Tuontiyhteydet")
    assert "Oma vaihde" in page.locator("table.connectors").inner_text()
    shoot_both_widths(page, "connectors")
    assert Connector.objects.get().calls_taken == 1
