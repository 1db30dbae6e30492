"""The DPO ticks every call on a page of the call list and holds them all in one action, in Chromium; the audit log
shows the bulk action with a link to the hold's page. A call gone before the form is sent holds nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from conftest import browser_login
from retention.models import Hold
from testkit import make_stored_recording
from tests.screens import screenshot_widths

pytestmark = pytest.mark.browser


def _fill_hold(page, reason: str = "Rikostutkinta: poliisin pyyntö") -> None:
    page.select_option("#id_bulk-kind", "criminal_investigation")
    page.fill("#id_bulk-reason", reason)
    page.fill("#id_bulk-reference", "POL-2026-41")
    page.fill("#id_bulk-review_on", (timezone.localdate() + timedelta(days=90)).isoformat())


def test_the_dpo_holds_every_call_of_the_page_in_one_action(transactional_db, live_server, personas, page):
    calls = [make_stored_recording(personas.register, agent_name=f"Agentti {i}") for i in range(4)]
    browser_login(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    page.check("#select-all")
    boxes = page.locator("input[name=recordings]")
    assert boxes.count() == 4 and all(boxes.nth(i).is_checked() for i in range(4))
    assert page.inner_text("#selected-count") == "4 puhelua valittu"
    boxes.nth(0).uncheck()
    assert page.evaluate("document.getElementById('select-all').indeterminate")
    boxes.nth(0).check()
    _fill_hold(page)
    screenshot_widths(page, "bulk-hold-ticked")
    page.click("#place-bulk-hold")
    page.wait_for_selector(".messages .success")
    assert page.locator("tbody .badge.hold").count() == 4
    hold = Hold.objects.get()
    assert set(hold.recordings.all()) == set(calls)
    assert AuditEvent.objects.filter(action="bulk_hold", object_id=str(hold.pk)).count() == 1
    screenshot_widths(page, "bulk-hold-placed")

    page.goto(f"{live_server.url}/audit/?action=bulk_hold")
    row = page.locator("tr[data-action=bulk_hold]")
    assert row.count() == 1 and "4 puhelua" in row.inner_text()
    row.locator("td.object a").click()
    page.wait_for_url(f"**/holds/{hold.pk}/")
    assert page.locator("tbody tr[data-recording]").count() == 4
    assert "POL-2026-41" in page.inner_text("h1")
    screenshot_widths(page, "hold-page")


def test_a_call_deleted_after_the_page_loaded_holds_nothing(transactional_db, live_server, personas, page):
    calls = [make_stored_recording(personas.register) for _ in range(3)]
    browser_login(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    page.check("#select-all")
    _fill_hold(page)
    type(calls[1]).objects.filter(pk=calls[1].pk).delete()
    page.click("#place-bulk-hold")
    error = page.locator(".messages .error")
    error.wait_for()
    assert "Pitoa ei asetettu" in error.inner_text()
    assert not Hold.objects.exists() and not AuditEvent.objects.filter(action__in=["hold_place", "bulk_hold"]).exists()
    screenshot_widths(page, "bulk-hold-refused")
