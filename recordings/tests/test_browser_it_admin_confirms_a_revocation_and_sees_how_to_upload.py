"""The IT administrator sees the register's full upload address and a curl example without any secret, and a token
is revoked only after a confirmation step that works without JavaScript."""

from __future__ import annotations

import pytest

from conftest import browser_login
from recordings.models import IngestToken
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_the_upload_address_and_example_show_and_revoking_asks_first(
    transactional_db, live_server, personas, page_without_javascript
):
    page = page_without_javascript
    token, raw = IngestToken.issue(personas.register, name="Pilvivaihde")
    browser_login(page, live_server, personas.it_admin.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/tokens/")
    upload_url = f"{live_server.url}/api/v1/registers/{personas.register.slug}/recordings/"
    assert page.locator("#upload-url").inner_text().strip() == upload_url
    example = page.locator("#upload-example").inner_text()
    assert example.startswith("curl ") and upload_url in example and "Authorization: Token" in example
    assert "-F audio=@" in example and raw not in example and token.prefix not in example
    assert not any(shoot_both_widths(page, "ingest-token-upload-address").values()), "the page scrolls sideways"

    page.click(f"tr[data-token='{token.prefix}'] .revoke")
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "Pilvivaihde" in page.locator("main").inner_text()
    shoot_both_widths(page, "ingest-token-revoke-confirm")
    page.click("#cancel-revoke")
    token.refresh_from_db()
    assert token.revoked_at is None

    page.click(f"tr[data-token='{token.prefix}'] .revoke")
    page.click("#confirm-revoke")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Peruttu" in page.locator(f"tr[data-token='{token.prefix}']").inner_text()
