"""Opening a call's player in Chromium, as a listener does, for the player's browser tests."""

from __future__ import annotations

from conftest import browser_login


def open_player(page, live_server, user, recording, *, paused: bool = True) -> None:
    """Log in, open the call, press Listen and wait until the audio's length is known; pause unless asked not to."""
    browser_login(page, live_server, user.username)
    page.goto(f"{live_server.url}/recordings/{recording.public_id}/")
    page.click("#listen")
    page.wait_for_selector("#player-area:not([hidden])")
    page.wait_for_function("() => Number.isFinite(document.getElementById('player').duration)")
    if paused:
        page.evaluate("() => document.getElementById('player').pause()")
        page.wait_for_function("() => document.getElementById('player').paused")


def current_time(page) -> float:
    return page.evaluate("() => document.getElementById('player').currentTime")
