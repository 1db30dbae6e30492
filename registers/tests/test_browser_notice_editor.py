"""In Chromium, the register's DPO edits the privacy notice next to a live preview, saves it, is refused a new
address for the published notice, and does it all by keyboard; without JavaScript the Preview button stands in."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from conftest import browser_login
from registers.models import Register
from tests.screens import screenshot_widths
from tests.test_browser_keyboard_only import focused, tab_to

pytestmark = pytest.mark.browser

NEW_PURPOSE = "Puhelut tallennetaan asiakaspalvelun laadun kehittämiseksi ja riitojen selvittämiseksi."


def _open_editor(page, live_server, personas) -> None:
    browser_login(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/notice/")
    page.wait_for_selector("#notice-form")


def _preview(page) -> str:
    return page.locator("#notice-preview").inner_text()


def _stored(personas) -> Register:
    return Register.objects.get(pk=personas.register.pk)


def test_typing_in_a_field_changes_the_preview_without_saving(transactional_db, live_server, personas, page):
    _open_editor(page, live_server, personas)
    assert "Asiakaspalvelun laadun varmistaminen." in _preview(page)
    screenshot_widths(page, "notice-editor")
    page.fill("#id_purpose", NEW_PURPOSE)
    page.wait_for_function(
        "(text) => document.querySelector('#notice-preview').innerText.includes(text)", arg=NEW_PURPOSE
    )
    assert "Asiakaspalvelun laadun varmistaminen." not in _preview(page)
    page.check("#id_transfers_outside_eea")
    page.fill("#id_transfers_description", "Tallenteet siirretään Norjaan.")
    page.wait_for_function("() => document.querySelector('#notice-preview').innerText.includes('Norjaan')")
    assert page.locator("#preview-status").inner_text() == "Esikatselu päivitetty."
    screenshot_widths(page, "notice-editor-live-preview")
    assert _stored(personas).purpose == "Asiakaspalvelun laadun varmistaminen."
    assert not AuditEvent.objects.filter(action="register_change").exists()


def test_saving_stores_the_notice_shows_it_public_and_audits_it(transactional_db, live_server, personas, page):
    _open_editor(page, live_server, personas)
    page.fill("#id_purpose", NEW_PURPOSE)
    page.check("#id_rights_offered_2")  # the right to erasure
    page.click("#save-notice")
    page.wait_for_selector(".messages li.success")
    assert "Tietosuojaseloste tallennettiin." in page.locator(".messages").inner_text()
    screenshot_widths(page, "notice-editor-saved")
    register = _stored(personas)
    assert register.purpose == NEW_PURPOSE and "erasure" in register.rights_offered
    event = AuditEvent.objects.get(action="register_change")
    assert event.details["fields"] == ["purpose", "rights_offered"] and event.actor_id == personas.dpo.pk
    page.goto(f"{live_server.url}/privacy/{register.slug}/")
    assert NEW_PURPOSE in page.locator("main").inner_text()


def test_a_new_address_for_the_published_notice_is_refused_at_the_field(transactional_db, live_server, personas, page):
    _open_editor(page, live_server, personas)
    slug = page.locator("#id_slug")
    assert slug.get_attribute("readonly") is not None
    assert "julkaistu" in page.locator("#id_slug_helptext").inner_text()
    # Past the read-only field, as a crafted request would be.
    slug.evaluate("(input) => input.removeAttribute('readonly')")
    slug.fill("uusi-osoite")
    page.fill("#id_purpose", NEW_PURPOSE)
    page.click("#save-notice")
    page.wait_for_selector("#id_slug_error")
    assert "/privacy/register-a/" in page.locator("#id_slug_error").inner_text()
    assert focused(page, "#id_slug")  # the keyboard is on the field in error
    screenshot_widths(page, "notice-editor-slug-refused")
    register = _stored(personas)
    assert (register.slug, register.purpose) == ("register-a", "Asiakaspalvelun laadun varmistaminen.")
    assert not AuditEvent.objects.filter(action="register_change").exists()


def test_the_dpo_edits_previews_and_saves_by_keyboard_alone(transactional_db, live_server, personas, page):
    _open_editor(page, live_server, personas)
    tab_to(page, "#id_purpose")
    page.keyboard.press("Control+A")
    page.keyboard.type(NEW_PURPOSE)
    page.wait_for_function(
        "(text) => document.querySelector('#notice-preview').innerText.includes(text)", arg=NEW_PURPOSE
    )
    tab_to(page, "#id_identity_verified", limit=120)
    page.keyboard.press("Space")
    assert not page.is_checked("#id_identity_verified")
    tab_to(page, "#save-notice", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_selector(".messages li.success")
    register = _stored(personas)
    assert register.purpose == NEW_PURPOSE and not register.identity_verified


def test_without_javascript_the_preview_button_shows_the_unsaved_notice(
    transactional_db, live_server, personas, browser
):
    context = browser.new_context(locale="fi-FI", java_script_enabled=False, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        _open_editor(page, live_server, personas)
        page.fill("#id_purpose", NEW_PURPOSE)
        page.click("#preview-notice")
        page.wait_for_load_state()
        assert NEW_PURPOSE in _preview(page)
        assert page.input_value("#id_purpose") == NEW_PURPOSE
        assert _stored(personas).purpose == "Asiakaspalvelun laadun varmistaminen."
    finally:
        context.close()
