"""In Chromium: the DPO opens the deadlines page from the request list and sees late, due-soon and later requests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.screens import screenshot_widths

from .test_browser_access_request import log_in

pytestmark = pytest.mark.browser


def test_the_dpo_sees_requests_grouped_by_deadline_in_their_own_registers(
    transactional_db, live_server, personas, new_request, page, settings
):
    settings.DEADLINE_REMINDER_DAYS = 7
    today = timezone.localdate()
    late = new_request(received_on=today - timedelta(days=40))
    soon = new_request(received_on=today - timedelta(days=27))
    later = new_request(received_on=today)

    log_in(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/requests/")
    page.click("#deadlines-link")
    page.wait_for_url("**/requests/deadlines/")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.locator(f"#overdue tr[data-request='{late.number}']").is_visible()
    assert page.locator(f"#due-soon tr[data-request='{soon.number}']").is_visible()
    assert page.locator(f"#later tr[data-request='{later.number}']").is_visible()
    assert "Rekisteri A" in page.locator(f"#overdue tr[data-request='{late.number}']").inner_text()
    screenshot_widths(page, "dpo-deadlines")

    # A longer lead moves the request due in a month into “due soon”.
    page.fill("#id_days", "40")
    page.click("#deadline-lead button[type=submit]")
    page.wait_for_url("**/requests/deadlines/?days=40")
    assert page.locator(f"#due-soon tr[data-request='{later.number}']").is_visible()
    page.locator(f"#overdue tr[data-request='{late.number}'] a").click()
    page.wait_for_url(f"**/requests/{late.number}/")


def test_a_dpo_of_another_controller_sees_none_of_these_deadlines(
    transactional_db, live_server, personas, new_request, page
):
    late = new_request(received_on=timezone.localdate() - timedelta(days=40))
    log_in(page, live_server, personas.outsider.username)
    page.goto(f"{live_server.url}/requests/deadlines/")
    assert late.number not in page.content()
    assert page.locator("#overdue tbody tr").count() == 0


def test_the_deadlines_page_is_not_for_a_supervisor(transactional_db, live_server, personas, page):
    log_in(page, live_server, personas.supervisor.username)
    response = page.goto(f"{live_server.url}/requests/deadlines/")
    assert response.status == 404
