"""In Chromium: the register's DPO edits the second-approver setting and the controller's facts on the register's
settings page, audited; switching four eyes off is refused to a lone DPO and needs a second DPO's approval."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from registers.models import Register, Role
from subject_requests.tests.test_browser_access_request import log_in
from testkit import grant, make_user
from tests.screens import screenshot_widths

pytestmark = pytest.mark.browser


def _settings(page, live_server, register):
    page.goto(f"{live_server.url}/")
    page.click(f"#settings-{register.slug}")
    page.wait_for_selector("#four-eyes-form")


def test_the_dpo_switches_four_eyes_on_and_edits_the_controller_but_cannot_switch_it_off_alone(
    transactional_db, live_server, personas, browser
):
    register = personas.register
    page = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900}).new_page()
    log_in(page, live_server, personas.dpo.username)
    _settings(page, live_server, register)
    screenshot_widths(page, "dpo-register-settings")

    page.check("#id_erasure_needs_second_approver")
    page.click("#save-four-eyes")
    page.wait_for_selector(".messages")
    register.refresh_from_db()
    assert register.erasure_needs_second_approver
    assert AuditEvent.objects.filter(
        action="register_change", register_id=register.pk, details__fields=["erasure_needs_second_approver"]
    ).exists()

    page.fill("#id_city", "Tampere")
    page.click("#save-controller")
    page.wait_for_selector(".messages")
    register.controller.refresh_from_db()
    assert register.controller.city == "Tampere"
    assert AuditEvent.objects.filter(
        action="register_change", register_id=register.pk, details__controller_fields=["city"]
    ).exists()

    # Alone, the DPO cannot remove the check on themselves.
    page.uncheck("#id_erasure_needs_second_approver")
    page.click("#save-four-eyes")
    page.wait_for_selector("#four-eyes-refused")
    assert Register.objects.get(pk=register.pk).erasure_needs_second_approver


def test_switching_four_eyes_off_waits_for_a_second_dpo(transactional_db, live_server, personas, browser):
    register = personas.register
    register.erasure_needs_second_approver = True
    register.save(update_fields=["erasure_needs_second_approver"])
    second = make_user("dpo-a-second", first_name="Kaisa", last_name="Rantanen")
    grant(second, register, Role.DPO)

    first = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900}).new_page()
    log_in(first, live_server, personas.dpo.username)
    _settings(first, live_server, register)
    first.uncheck("#id_erasure_needs_second_approver")
    first.click("#save-four-eyes")
    first.wait_for_selector("#four-eyes-proposal")
    assert Register.objects.get(pk=register.pk).erasure_needs_second_approver
    assert first.locator("#approve-four-eyes-off").count() == 0

    other = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900}).new_page()
    log_in(other, live_server, second.username)
    other.goto(f"{live_server.url}/requests/")
    other.click("#awaiting-approval a[href$='/settings/']")
    other.wait_for_selector("#four-eyes-proposal")
    screenshot_widths(other, "dpo-four-eyes-off-approve")
    other.click("#approve-four-eyes-off")
    other.wait_for_selector(".messages")
    assert not Register.objects.get(pk=register.pk).erasure_needs_second_approver
    steps = [
        e.details.get("step")
        for e in AuditEvent.objects.filter(action="register_change", register_id=register.pk).order_by("pk")
        if e.details.get("four_eyes_off")
    ]
    assert steps == ["proposed", "approved"]
