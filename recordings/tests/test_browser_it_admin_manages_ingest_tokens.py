"""The IT administrator creates a recorder's ingest token on a page, sees it once, and revokes it there."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from conftest import browser_login
from recordings.models import IngestToken
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser


def test_it_admin_creates_sees_once_and_revokes_a_token(transactional_db, live_server, personas, page, client):
    browser_login(page, live_server, personas.it_admin.username)
    page.click(f"tr[data-register='{personas.register.slug}'] >> text=Integraatiotunnukset")
    page.fill("#id_name", "Pilvivaihde")
    page.click("#create-token")
    raw = page.locator("#new-token").inner_text()
    assert raw.startswith("rat_")
    token = IngestToken.objects.get(register=personas.register, name="Pilvivaihde")
    assert token.token_hash == IngestToken.hash(raw) and raw not in token.token_hash
    shoot_both_widths(page, "ingest-token-created")
    # The token works for the API ...
    api = f"/api/v1/registers/{personas.register.slug}/recordings/missing/"
    assert client.get(api, HTTP_AUTHORIZATION=f"Token {raw}").status_code == 404
    # ... and is never shown again.
    page.reload()
    assert page.locator("#new-token").count() == 0 and raw not in page.content()
    page.click(f"tr[data-token='{token.prefix}'] .revoke")
    page.click("#confirm-revoke")
    assert "Peruttu" in page.locator(f"tr[data-token='{token.prefix}']").inner_text()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(api, HTTP_AUTHORIZATION=f"Token {raw}").status_code == 401
    actions = list(AuditEvent.objects.filter(object_id=str(token.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["token_create", "token_revoke"]
    shoot_both_widths(page, "ingest-token-revoked")


def test_only_the_it_admin_has_the_token_page(transactional_db, live_server, personas, page):
    browser_login(page, live_server, personas.supervisor.username)
    response = page.goto(f"{live_server.url}/registers/{personas.register.slug}/tokens/")
    assert response.status == 404
    assert page.locator("text=Integraatiotunnukset").count() == 0


def test_the_favicon_is_served(transactional_db, live_server, personas, page):
    browser_login(page, live_server, personas.it_admin.username)
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(f"{live_server.url}{href}").status == 200
    assert page.request.get(f"{live_server.url}/favicon.ico").status == 200
