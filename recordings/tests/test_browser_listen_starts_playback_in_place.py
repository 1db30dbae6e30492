"""Listen starts playback without reloading the page; the waveform is a labelled slider; lengths read as m:ss
on the page and as mm:ss in the player."""

from __future__ import annotations

import pytest

from conftest import browser_login
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser


def test_listen_plays_at_once_without_a_reload(transactional_db, live_server, personas, make_recording, page):
    recording = make_recording(personas.register, seconds=65.0)
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/recordings/{recording.public_id}/")
    assert page.locator("dd.duration").inner_text() == "1:05"
    page.evaluate("() => { window.sameDocument = true; }")
    page.click("#listen")
    page.wait_for_function("() => document.getElementById('player').currentTime > 0.3")
    # The same document: no reload, so the marker set before the click is still there.
    assert page.evaluate("() => window.sameDocument === true")
    assert page.evaluate("() => !document.getElementById('player').paused")
    assert page.locator("#length").inner_text() == "01:05"
    shoot_both_widths(page, "listen-in-place")


def test_the_waveform_takes_the_keyboard_and_has_a_label(transactional_db, live_server, personas, make_recording, page):
    recording = make_recording(personas.register, seconds=40.0)
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/recordings/{recording.public_id}/")
    page.click("#listen")
    page.wait_for_function("() => document.getElementById('player').readyState >= 1")
    page.evaluate("() => document.getElementById('player').pause()")
    waveform = page.locator("#waveform")
    assert waveform.get_attribute("role") == "slider"
    assert "nuolinäppäimet" in (waveform.get_attribute("aria-label") or "").lower()
    waveform.focus()
    start = page.evaluate("() => document.getElementById('player').currentTime")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    moved = page.evaluate("() => document.getElementById('player').currentTime")
    assert moved == pytest.approx(start + 10, abs=0.5)
    assert waveform.get_attribute("aria-valuetext").startswith("00:1")
    page.keyboard.press("End")
    assert page.evaluate("() => document.getElementById('player').currentTime") > 39


def test_the_player_offers_no_download(transactional_db, live_server, personas, make_recording, page):
    recording = make_recording(personas.register, seconds=5.0)
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/recordings/{recording.public_id}/")
    page.click("#listen")
    page.wait_for_selector("#player-area:not([hidden])")
    assert page.evaluate("() => document.getElementById('player').controlsList.contains('nodownload')")
    assert page.locator("text=Lataa alkuperäinen").count() == 0
    shoot_both_widths(page, "player-without-download")


def test_list_durations_read_as_minutes_and_seconds(transactional_db, live_server, personas, make_recording, page):
    make_recording(personas.register, seconds=300.0, render=False)
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    assert page.locator("table.recordings td.duration").first.inner_text() == "5:00"
