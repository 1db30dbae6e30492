"""In Chromium: the DPO's request list names each open request's stage, who it waits for and its deadline; the second
DPO sees what waits for their approval; closed requests are found by number and by period."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from registers.models import RetentionTrigger, RetentionUnit, Role
from retention.rule_proposals import rule_proposal_create
from subject_requests import services
from subject_requests.erasure_approval import erasure_propose
from subject_requests.models import RequestStatus, SubjectRequest
from testkit import grant, make_user
from tests.screens import screenshot_widths

from .test_browser_access_request import log_in

pytestmark = pytest.mark.browser


def _row(page, number: str) -> dict[str, str]:
    row = page.locator(f"tr[data-request='{number}']")
    return {
        "stage": row.locator("td.stage").inner_text().strip(),
        "waiting": row.locator("td.waiting").inner_text().strip(),
        "due": row.locator("td.due").inner_text().strip(),
    }


def test_each_open_request_shows_its_stage_who_it_waits_for_and_its_deadline(
    transactional_db, live_server, personas, new_request, verify, subject_calls, browser
):
    personas.register.erasure_needs_second_approver = True
    personas.register.save(update_fields=["erasure_needs_second_approver"])
    second = make_user("dpo-a-second", first_name="Kaisa", last_name="Rantanen")
    grant(second, personas.register, Role.DPO)
    dpo = personas.dpo

    identity = new_request()
    search = verify(new_request())
    review = verify(new_request())
    services.request_search(subject_request=review, actor=dpo)
    package = verify(new_request())
    services.request_search(subject_request=package, actor=dpo)
    services.matches_include_pending(subject_request=package, actor=dpo)
    erasure = verify(new_request(rights=["erasure"]))
    services.request_search(subject_request=erasure, actor=dpo)
    services.matches_include_pending(subject_request=erasure, actor=dpo)
    erasure_propose(
        subject_request=erasure, actor=dpo, erase=list(erasure.matches.values_list("pk", flat=True)), refusals={}
    )
    rule_proposal_create(
        actor=dpo, register=personas.register, value=1, unit=RetentionUnit.DAYS, trigger=RetentionTrigger.CALL_END
    )

    page = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900}).new_page()
    log_in(page, live_server, dpo.username)
    page.goto(f"{live_server.url}/requests/")
    assert "Käsittelyssä" not in page.locator("table.requests").inner_text()
    assert _row(page, identity.number)["stage"] == "Henkilöllisyyden tarkistus"
    assert _row(page, search.number)["stage"] == "Tallenteiden haku"
    assert _row(page, review.number)["stage"] == "Löydösten läpikäynti"
    assert _row(page, package.number)["stage"] == "Vastaus ja paketti"
    waiting = _row(page, erasure.number)
    assert waiting["stage"] == "Toinen hyväksyjä"
    assert "toinen tietosuojavastaava" in waiting["waiting"].lower()
    assert "Tietosuojavastaava" in _row(page, identity.number)["waiting"]
    due = identity.due_on
    assert f"{due.day}.{due.month}.{due.year}" in _row(page, identity.number)["due"]
    assert "päivää" in _row(page, identity.number)["due"]
    # The proposer is not asked to approve their own proposals.
    assert page.locator("#awaiting-approval").count() == 0
    screenshot_widths(page, "dpo-request-stages")

    # The proposer's home page asks nothing of them.
    page.goto(f"{live_server.url}/")
    assert page.locator("#home-waiting").count() == 0

    other = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900}).new_page()
    log_in(other, live_server, second.username)
    # The second DPO's home page says what waits for them, and leads to it.
    other.goto(f"{live_server.url}/")
    waiting_here = other.locator("#home-waiting")
    assert waiting_here.is_visible()
    assert "2 ehdotusta odottaa hyväksyntääsi" in waiting_here.inner_text()
    screenshot_widths(other, "dpo-home-points-to-approvals")
    waiting_here.locator("a").click()
    other.wait_for_url("**/requests/#awaiting-approval")
    approvals = other.locator("#awaiting-approval")
    assert approvals.is_visible()
    text = approvals.inner_text()
    assert erasure.number in text
    assert personas.register.name in text and "säilytys" in text.lower()
    other.click(f"#awaiting-approval a[href$='/requests/{erasure.number}/#erasure']")
    other.wait_for_selector("#review-proposal")
    screenshot_widths(other, "dpo-awaiting-approval")


def test_closed_requests_are_found_by_number_and_by_period(
    transactional_db, live_server, personas, new_request, browser
):
    now = timezone.now()
    old = new_request(received_on=timezone.localdate() - timedelta(days=120))
    recent = new_request()
    for subject_request, closed_at in ((old, now - timedelta(days=90)), (recent, now - timedelta(days=1))):
        SubjectRequest.objects.filter(pk=subject_request.pk).update(
            status=RequestStatus.COMPLETED, verified_at=closed_at, closed_at=closed_at, closed_by=personas.dpo
        )

    page = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900}).new_page()
    log_in(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/requests/")
    page.fill("#closed-number", old.number)
    page.click("#closed-search")
    results = page.locator("#closed-results")
    assert old.number in results.inner_text() and recent.number not in results.inner_text()

    page.fill("#closed-number", "")
    start = timezone.localdate() - timedelta(days=7)
    page.fill("#closed-from", start.isoformat())
    page.fill("#closed-until", timezone.localdate().isoformat())
    page.click("#closed-search")
    results = page.locator("#closed-results")
    assert recent.number in results.inner_text() and old.number not in results.inner_text()
    screenshot_widths(page, "dpo-closed-requests")
