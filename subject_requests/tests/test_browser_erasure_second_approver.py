"""In Chromium: in a register that asks for two, one DPO confirms an erasure as a proposal and another approves it."""

from __future__ import annotations

import pytest

from recordings.models import Recording
from registers.models import Role
from subject_requests import services
from testkit import grant, make_user
from tests.screens import readme_screenshot, screenshot_widths

from .test_browser_access_request import log_in

pytestmark = pytest.mark.browser


def test_an_erasure_waits_for_a_second_dpo_and_runs_when_they_approve(
    transactional_db, live_server, personas, new_request, verify, subject_calls, browser
):
    personas.register.erasure_needs_second_approver = True
    personas.register.save(update_fields=["erasure_needs_second_approver"])
    second = make_user("dpo-a-second")
    grant(second, personas.register, Role.DPO)
    subject_request = verify(new_request(rights=["access", "erasure"]))
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    services.matches_include_pending(subject_request=subject_request, actor=personas.dpo)

    first = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900}).new_page()
    log_in(first, live_server, personas.dpo.username)
    first.goto(f"{live_server.url}/requests/{subject_request.number}/")
    first.click("#erasure-page")
    for radio in first.locator("#erasure-form input[type=radio][value=erase]").all():
        radio.check()
    first.click("#review-erasure")
    assert first.locator("#second-approver-note").is_visible()
    first.click("#confirm-erasure")
    first.wait_for_selector("#erasure-proposal")
    # Proposed, not erased; the proposer cannot approve it themselves.
    assert Recording.objects.filter(wrapped_key__isnull=False).count() == 3
    assert first.locator("#review-proposal").count() == 0
    first.goto(f"{live_server.url}/requests/{subject_request.number}/")
    readme_screenshot(first, "dpo-request")
    screenshot_widths(first, "dpo-erasure-proposed")

    other = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900}).new_page()
    log_in(other, live_server, second.username)
    other.goto(f"{live_server.url}/requests/{subject_request.number}/")
    other.click("#review-proposal")
    other.wait_for_selector("#erasure-approve-form")
    assert other.locator("#erase-list li").count() == 2
    screenshot_widths(other, "dpo-erasure-approve")
    other.click("#approve-erasure")
    other.wait_for_url(f"**/requests/{subject_request.number}/#erasure")
    assert other.locator("#erasure-proposal").count() == 0
    assert not Recording.objects.filter(pk=subject_calls["as_caller"].pk).exists()
    assert not Recording.objects.filter(pk=subject_calls["as_callee"].pk).exists()
    assert Recording.objects.filter(pk=subject_calls["someone_else"].pk).exists()


def test_the_proposer_can_withdraw_and_nothing_is_erased(
    transactional_db, live_server, personas, new_request, verify, subject_calls, page
):
    from subject_requests.erasure_approval import erasure_propose

    personas.register.erasure_needs_second_approver = True
    personas.register.save(update_fields=["erasure_needs_second_approver"])
    subject_request = verify(new_request(rights=["erasure"]))
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    services.matches_include_pending(subject_request=subject_request, actor=personas.dpo)
    erase = list(subject_request.matches.values_list("pk", flat=True))
    erasure_propose(subject_request=subject_request, actor=personas.dpo, erase=erase, refusals={})

    log_in(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/requests/{subject_request.number}/")
    page.click("#withdraw-proposal")
    page.wait_for_selector("#erasure-page")
    assert page.locator("#erasure-proposal").count() == 0
    assert Recording.objects.filter(wrapped_key__isnull=False).count() == 3
