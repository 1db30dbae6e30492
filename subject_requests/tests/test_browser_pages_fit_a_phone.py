"""At 390 px wide (a phone) the pages people use all day fit the screen: nothing scrolls sideways."""

from __future__ import annotations

import pytest

from conftest import browser_login
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser


def test_supervisor_pages_fit_a_phone(transactional_db, live_server, personas, subject_calls, page):
    recording = subject_calls["as_caller"]
    browser_login(page, live_server, personas.supervisor.username)
    pages = {
        "phone-home": "/",
        "phone-call-list": f"/registers/{personas.register.slug}/recordings/",
        "phone-call-detail": f"/recordings/{recording.public_id}/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert shoot_both_widths(page, name) == {1366: False, 390: False}, name


def test_dpo_request_pages_and_audit_log_fit_a_phone(transactional_db, live_server, personas, searched_request, page):
    subject_request = searched_request()
    browser_login(page, live_server, personas.dpo.username)
    pages = {
        "phone-requests": "/requests/",
        "phone-request-detail": f"/requests/{subject_request.number}/",
        "phone-request-new": "/requests/new/",
        "phone-audit-log": f"/registers/{personas.register.slug}/audit/",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        assert shoot_both_widths(page, name) == {1366: False, 390: False}, name
