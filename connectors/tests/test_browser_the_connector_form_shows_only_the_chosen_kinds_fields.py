"""In Chromium, the connector form shows the fields of the kind chosen and hides the others' (at 1366 and 390 px);
without JavaScript every kind's fields stay, each group headed with the kinds it belongs to."""

from __future__ import annotations

import pytest

from conftest import browser_login
from tests.screens import overflows_sideways, screenshot

pytestmark = pytest.mark.browser

FREEPBX_ONLY, BOTH, S3_ONLY = "#id_cdr_csv_path", "#id_path", "#id_s3_bucket"


def _visible(page) -> dict[str, bool]:
    return {selector: page.locator(selector).is_visible() for selector in (FREEPBX_ONLY, BOTH, S3_ONLY)}


@pytest.mark.parametrize("width", [1366, 390])
def test_choosing_a_kind_shows_its_fields_only(transactional_db, live_server, personas, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(page, live_server, personas.it_admin.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/connectors/new/")

    page.select_option("#id_kind", "s3")
    assert _visible(page) == {FREEPBX_ONLY: False, BOTH: False, S3_ONLY: True}
    page.select_option("#id_kind", "folder")
    assert _visible(page) == {FREEPBX_ONLY: False, BOTH: True, S3_ONLY: False}
    page.select_option("#id_kind", "freepbx")
    assert _visible(page) == {FREEPBX_ONLY: True, BOTH: True, S3_ONLY: False}
    screenshot(page, f"connector-form-freepbx-{width}")
    assert not overflows_sideways(page)

    # A failed save keeps the kind chosen and its fields the only ones shown.
    page.fill("#id_name", "Vaihde")
    page.fill("#id_path", "/etc")
    page.click("#save-connector")
    page.wait_for_selector("#id_path[aria-invalid=true]")
    assert _visible(page) == {FREEPBX_ONLY: True, BOTH: True, S3_ONLY: False}


def test_without_javascript_every_kinds_fields_stay_with_their_headings(
    transactional_db, live_server, personas, browser
):
    context = browser.new_context(locale="fi-FI", java_script_enabled=False, viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        browser_login(page, live_server, personas.it_admin.username)
        page.goto(f"{live_server.url}/registers/{personas.register.slug}/connectors/new/")
        page.select_option("#id_kind", "s3")
        assert _visible(page) == {FREEPBX_ONLY: True, BOTH: True, S3_ONLY: True}
        legends = page.locator("fieldset[data-kinds] legend").all_inner_texts()
        assert len(legends) == 3
        assert any("FreePBX" in legend and "pudotuskansio" in legend.lower() for legend in legends)
        assert any("S3" in legend for legend in legends)
        assert not overflows_sideways(page)
    finally:
        context.close()
