"""In Chromium: the DPO reaches the request list from the header and the home page; the auditor, the audit log."""

from __future__ import annotations

import pytest

from tests.screens import screenshot_widths

from .test_browser_access_request import log_in

pytestmark = pytest.mark.browser


def test_the_dpo_finds_the_request_list_from_the_header_and_the_home_page(
    transactional_db, live_server, personas, new_request, page
):
    subject_request = new_request()
    log_in(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/")
    assert page.locator("#home-requests").is_visible()
    screenshot_widths(page, "item05-home-dpo")

    page.click("header #nav-requests")
    page.wait_for_url("**/requests/")
    assert subject_request.number in page.content()
    screenshot_widths(page, "item05-request-list")

    page.goto(f"{live_server.url}/")
    page.click("#home-requests")
    page.wait_for_url("**/requests/")


def test_the_auditor_gets_the_audit_log_link_but_not_the_request_list(transactional_db, live_server, personas, page):
    log_in(page, live_server, personas.auditor.username)
    page.goto(f"{live_server.url}/")
    assert page.locator("#nav-requests").count() == 0 and page.locator("#home-requests").count() == 0
    page.click("header #nav-audit")
    page.wait_for_url("**/audit/")
    screenshot_widths(page, "item05-auditor-audit-link")


def test_a_supervisor_sees_neither_link(transactional_db, live_server, personas, page):
    log_in(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/")
    assert page.locator("#nav-requests, #nav-audit, #home-requests, #home-audit").count() == 0
