"""A filter that cannot be applied says so and lists nothing; a call's back link returns to the filtered list."""

from __future__ import annotations

import pytest

from conftest import browser_login
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser


def test_an_invalid_number_shows_a_finnish_error_and_no_calls(
    transactional_db, live_server, personas, make_recording, page
):
    make_recording(personas.register, seconds=3.0)
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    page.fill("#id_number", "040 1*2")
    page.click("form.filters button[type=submit]")
    error = page.locator("form.filters .error").inner_text()
    assert "puhelinnumero" in error.lower() and "telephone" not in error.lower()
    assert page.locator("table.recordings tbody tr[data-recording]").count() == 0
    assert page.locator("p.count").count() == 0
    shoot_both_widths(page, "invalid-filter")


def test_the_back_link_from_a_call_keeps_the_filters(transactional_db, live_server, personas, make_recording, page):
    kept = make_recording(personas.register, seconds=3.0, direction="outbound")
    make_recording(personas.register, seconds=3.0, direction="inbound")
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    page.select_option("#id_direction", "outbound")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/recordings/?f=*")
    filtered = page.url
    page.click(f"tr[data-recording='{kept.public_id}'] a")
    page.click("a.back")
    assert page.url == filtered
    assert page.input_value("#id_direction") == "outbound"
    assert page.locator("table.recordings tbody tr[data-recording]").count() == 1
    shoot_both_widths(page, "filtered-list-after-back")
