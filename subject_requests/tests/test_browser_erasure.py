"""In Chromium: erasure needs an explicit choice per call, links to each call, and a confirmation naming the count;
before the review the access section does not offer “no recordings found”."""

from __future__ import annotations

import pytest

from recordings.models import Recording
from subject_requests import services
from tests.screens import screenshot_widths

from .test_browser_access_request import log_in

pytestmark = pytest.mark.browser


def test_the_dpo_chooses_each_call_and_confirms_before_anything_is_erased(
    transactional_db, live_server, personas, new_request, verify, subject_calls, page
):
    subject_request = verify(new_request(rights=["access", "erasure"]))
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    log_in(page, live_server, personas.dpo.username)

    page.goto(f"{live_server.url}/requests/{subject_request.number}/")
    assert page.locator("#answer-none").count() == 0
    assert page.locator("#access-pending").is_visible()
    screenshot_widths(page, "item08-access-before-review")

    page.click("#include-all")
    page.wait_for_selector("#erasure-page")
    page.click("#erasure-page")
    page.wait_for_selector("#erasure-form")
    assert page.locator("#erasure-form input[type=radio]:checked").count() == 0
    links = page.locator("#erasure-form a.call-link")
    assert links.count() == 2
    assert {links.nth(i).get_attribute("href") for i in range(2)} == {
        f"/recordings/{subject_calls[k].public_id}/" for k in ("as_caller", "as_callee")
    }
    screenshot_widths(page, "item08-erasure-choices")

    page.click("#review-erasure")
    assert page.evaluate("document.querySelector('#erasure-form').checkValidity()") is False
    assert page.locator("#erasure-confirm-form").count() == 0
    assert Recording.objects.filter(pk=subject_calls["as_caller"].pk).exists()

    caller = subject_request.matches.get(recording_public_id=subject_calls["as_caller"].public_id)
    callee = subject_request.matches.get(recording_public_id=subject_calls["as_callee"].public_id)
    page.check(f"input[name=action_{caller.pk}][value=erase]")
    page.check(f"input[name=action_{callee.pk}][value=refuse]")
    page.fill(f"textarea[name=reason_{callee.pk}]", "Tallenne tarvitaan vireillä olevassa reklamaatiossa.")
    page.click("#review-erasure")
    page.wait_for_selector("#erasure-confirm-form")
    assert "1 call will be destroyed irreversibly" in page.inner_text("#erasure-count") or (
        "1 puhelu tuhotaan" in page.inner_text("#erasure-count")
    )
    assert Recording.objects.filter(pk=subject_calls["as_caller"].pk).exists()
    screenshot_widths(page, "item08-erasure-confirm")

    page.click("#confirm-erasure")
    page.wait_for_selector("#erasure")
    assert not Recording.objects.filter(pk=subject_calls["as_caller"].pk).exists()
    assert Recording.objects.filter(pk=subject_calls["as_callee"].pk).exists()
    screenshot_widths(page, "item08-erasure-done")
