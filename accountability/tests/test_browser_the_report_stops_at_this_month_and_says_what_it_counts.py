"""The DPO reads the accountability report in Finnish: an impossible month is a 404 page, not a 500; there is no
link past the current month; each figure says what it counts; and the audit log names the report and every action
in Finnish."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accountability.selectors import Month
from audit.services import audit_record
from conftest import browser_login
from tests.screens import shoot_both_widths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_report_stops_at_this_month_explains_its_figures_and_the_log_speaks_finnish(live_server, personas, page):
    base = f"{live_server.url}/registers/{personas.register.slug}/accountability"
    browser_login(page, live_server, personas.dpo.username)

    response = page.goto(f"{base}/9999-12/")
    assert response.status in (400, 404)
    assert page.locator("h1").count() == 1

    this_month = Month.containing(timezone.now())
    page.goto(f"{base}/{this_month}/")
    assert page.locator("a.next-month").count() == 0
    assert page.goto(f"{base}/{this_month.next()}/").status == 404
    page.goto(f"{base}/{this_month.previous()}/")
    assert page.locator("a.next-month").get_attribute("href").startswith(f"/registers/{personas.register.slug}")
    explained = page.locator('[data-explains="access.listens"]').inner_text()
    assert "Kuuntele" in explained and "poistettu" in explained, explained
    assert page.locator("[data-figure]").count() <= page.locator("[data-explains]").count() + 1
    shoot_both_widths(page, "accountability-report-explained")

    audit_record(action="journal_repair", actor=personas.dpo, register=personas.register)
    page.goto(f"{live_server.url}/audit/")
    log = page.locator("main").inner_text()
    assert "repaired the deletion journal" not in log
    assert "Accountability report" not in log and "Osoitusvelvollisuusraportti" in log
    shoot_both_widths(page, "audit-log-in-finnish")
