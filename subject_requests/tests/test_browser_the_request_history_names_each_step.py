"""The DPO reads a request's history in Finnish and sees each step named (received, identity checked, searched,
recording reviewed), not "changed a data-subject request" on every row."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditAction
from conftest import browser_login
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser


def test_each_step_of_the_request_is_named_in_its_history(
    transactional_db, live_server, personas, searched_request, page
):
    subject_request = searched_request()
    with translation.override("fi"):
        generic = str(AuditAction.REQUEST_CHANGE.label)
        url = reverse("subject_requests:detail", args=[subject_request.number])
    browser_login(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}{url}")
    steps = [text.strip() for text in page.locator("#audit tbody tr td:nth-child(2)").all_inner_texts()]
    assert len(steps) >= 4, steps
    assert generic not in steps, steps
    assert len(set(steps)) >= 4, steps
    page.locator("#audit").scroll_into_view_if_needed()
    shoot_both_widths(page, "request-history-steps")
