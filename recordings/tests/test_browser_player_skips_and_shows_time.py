"""A supervisor skips 5 and 10 seconds back and forward, changes the speed, and reads the time as mm:ss."""

from __future__ import annotations

import pytest

from recordings.tests.player import current_time, open_player
from tests.screens import readme_screenshot, screenshot_widths

pytestmark = pytest.mark.browser


def test_a_supervisor_skips_back_and_forward_and_reads_mm_ss(
    transactional_db, live_server, personas, make_recording, page
):
    call = make_recording(personas.register, seconds=40.0)
    open_player(page, live_server, personas.supervisor, call)
    page.evaluate("() => { document.getElementById('player').currentTime = 0; }")

    steps = [("10 s eteenpäin", 10), ("5 s eteenpäin", 15), ("10 s taaksepäin", 5), ("5 s taaksepäin", 0)]
    for name, expected in steps:
        page.get_by_role("button", name=name, exact=True).click()
        assert current_time(page) == pytest.approx(expected, abs=0.3), name

    page.get_by_role("button", name="10 s eteenpäin", exact=True).click()
    page.get_by_role("button", name="5 s eteenpäin", exact=True).click()
    page.wait_for_function("() => document.getElementById('position').textContent === '00:15'")
    assert page.text_content("#length") == "00:40"
    assert page.get_attribute("#waveform", "aria-valuetext") == "00:15 / 00:40"

    page.select_option("#speed", "1.5")
    assert page.evaluate("() => document.getElementById('player').playbackRate") == 1.5
    page.select_option("#speed", "0.75")
    assert page.evaluate("() => document.getElementById('player').playbackRate") == 0.75
    screenshot_widths(page, "player-skip-and-speed")
    readme_screenshot(page, "player")


def test_calls_of_an_hour_or_more_show_hours(transactional_db, live_server, personas, make_recording, page):
    call = make_recording(personas.register, seconds=3.0)
    open_player(page, live_server, personas.supervisor, call)
    clock = "([s, total]) => import('/static/js/clock.js').then((m) => m.clock(s, total))"
    assert page.evaluate(clock, [3725, 3725]) == "1:02:05"
    assert page.evaluate(clock, [65, 3725]) == "0:01:05"
    assert page.evaluate(clock, [65, 3599]) == "01:05"
    assert page.evaluate(clock, [3599, 3599]) == "59:59"
