"""The DPO and the auditor open October's report in Chromium at desktop and phone widths; others get 404."""

from __future__ import annotations

import pytest

from audit.services import audit_anchor_write
from conftest import browser_login, screenshot

from .month import build_month

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/registers/register-a/accountability/2026-10/"


@pytest.mark.parametrize("role", ["dpo", "auditor"])
def test_dpo_and_auditor_read_the_report_at_desktop_and_phone_width(browser, live_server, personas, role):
    build_month(personas)
    audit_anchor_write()
    for width, height in ((1366, 900), (390, 844)):
        context = browser.new_context(locale="en-GB", viewport={"width": width, "height": height})
        page = context.new_page()
        page.set_default_timeout(20000)
        browser_login(page, live_server, getattr(personas, role).username)
        page.goto(f"{live_server.url}{URL}?lang=en")
        assert page.locator("h1").inner_text().startswith("Accountability report")
        assert page.locator('[data-figure="purge.deleted"]').inner_text() == "101"
        assert page.locator('[data-figure="purge.lateness_max"]').inner_text() == "3 d 2 h"
        assert page.locator('[data-figure="calls_recorded"]').inner_text() == "103"
        # Nothing overflows sideways on a phone: wide tables scroll inside their own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        assert page.locator('[data-why="storage_error"]').inner_text() == "storage error"
        assert page.locator(".report .ok").first.inner_text() == "Chain intact and anchored"
        screenshot(page, f"accountability-{role}-{width}")
        page.goto(f"{live_server.url}{URL}print/?lang=fi")
        assert page.locator(".site-header").is_hidden()
        screenshot(page, f"accountability-{role}-{width}-print")
        context.close()


def test_supervisor_gets_404_in_the_browser(page, live_server, personas):
    browser_login(page, live_server, personas.supervisor.username)
    response = page.goto(f"{live_server.url}{URL}")
    assert response.status == 404
