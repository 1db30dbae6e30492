"""A keyboard user on the call list skips the header and the twelve filters and reaches the fifth call in a few Tabs."""

from __future__ import annotations

import pytest

from conftest import browser_login
from testkit import make_stored_recording
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser

FOCUSED_HREF = "() => document.activeElement && document.activeElement.getAttribute('href')"


def test_a_skip_link_takes_the_keyboard_to_the_calls(transactional_db, live_server, personas, page):
    for _ in range(6):
        make_stored_recording(personas.register)
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    fifth = page.locator("table.recordings tbody tr[data-recording]").nth(4).locator("a").first.get_attribute("href")
    presses = 0
    while presses < 3 and page.evaluate(FOCUSED_HREF) != "#results":
        page.keyboard.press("Tab")
        presses += 1
    assert page.evaluate(FOCUSED_HREF) == "#results", "no skip link to the calls among the first Tabs"
    shoot_both_widths(page, "call-list-skip-link")
    page.keyboard.press("Enter")
    presses += 1
    while presses < 15 and page.evaluate(FOCUSED_HREF) != fifth:
        page.keyboard.press("Tab")
        presses += 1
    assert page.evaluate(FOCUSED_HREF) == fifth
    assert presses <= 10, presses
