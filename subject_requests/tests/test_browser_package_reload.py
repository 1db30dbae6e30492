"""In Chromium: creating an export package asks for confirmation, and reloading the result page sends nothing new."""

from __future__ import annotations

import pytest
from django.core import mail

from subject_requests.models import ExportPackage, LetterKind
from tests.screens import screenshot_widths

from .test_browser_access_request import log_in

pytestmark = pytest.mark.browser


def test_reloading_the_package_created_page_creates_no_second_package_or_link(
    transactional_db, live_server, personas, searched_request, page
):
    subject_request = searched_request()
    mail.outbox.clear()
    log_in(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/requests/{subject_request.number}/")

    page.click("#create-package")
    page.wait_for_selector("#confirm-package")
    assert ExportPackage.objects.count() == 0, "the confirmation page must not create anything"
    screenshot_widths(page, "item01-package-confirm")

    page.click("#confirm-package")
    link = page.inner_text("#download-link").strip()
    assert "/exports/" in link
    assert "/created/" in page.url
    screenshot_widths(page, "item01-package-created")

    page.reload()
    page.reload()
    page.wait_for_selector("#link-shown-once")
    assert link not in page.content()
    screenshot_widths(page, "item01-package-created-reloaded")

    page.go_back()
    page.wait_for_load_state()
    assert ExportPackage.objects.filter(request=subject_request).count() == 1
    assert subject_request.letters.filter(kind=LetterKind.DELIVERY).count() == 1
    assert len([m for m in mail.outbox if "/exports/" in m.body]) == 1


def test_confirming_again_while_the_link_is_live_creates_nothing_and_says_why(
    transactional_db, live_server, personas, searched_request, page
):
    subject_request = searched_request()
    log_in(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/requests/{subject_request.number}/access/package/")
    page.click("#confirm-package")
    page.wait_for_selector("#download-link")

    # A second tab still showing the confirmation form posts it again.
    second = page.context.new_page()
    second.goto(f"{live_server.url}/requests/{subject_request.number}/access/package/")
    assert second.locator("#live-package").count() == 1
    second.evaluate(
        """(url) => { const f = document.createElement('form'); f.method = 'post'; f.action = url;
        const t = document.createElement('input'); t.type = 'hidden'; t.name = 'csrfmiddlewaretoken';
        t.value = document.cookie.match(/csrftoken=([^;]+)/)[1]; f.appendChild(t);
        document.body.appendChild(f); f.submit(); }""",
        f"/requests/{subject_request.number}/access/package/",
    )
    second.wait_for_selector(".messages .error")
    assert "withdraw" in second.inner_text(".messages").lower()
    screenshot_widths(second, "item01-package-second-post-refused")
    assert ExportPackage.objects.filter(request=subject_request).count() == 1
