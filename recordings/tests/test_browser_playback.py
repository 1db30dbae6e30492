"""A supervisor plays a GSM 6.10 call in a real Chromium, sees its length and seeks to the middle."""

from __future__ import annotations

import pytest

from conftest import browser_login, screenshot

pytestmark = pytest.mark.browser


def test_supervisor_plays_a_gsm_call_and_seeks_to_the_middle(
    transactional_db, live_server, personas, make_recording, page
):
    recording = make_recording(personas.register, fmt="wav-gsm", seconds=8.0)
    assert recording.codec == "gsm_ms" and recording.rendition_status == "ready"

    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/register-a/recordings/")
    page.click(f"tr[data-recording='{recording.public_id}'] a")
    page.click("#listen")
    page.wait_for_selector("audio#player")

    duration = page.evaluate(
        """() => new Promise((resolve) => {
            const a = document.getElementById('player');
            const done = () => Number.isFinite(a.duration) ? resolve(a.duration) : null;
            if (a.readyState >= 1 && done() !== null) return;
            a.addEventListener('loadedmetadata', done);
            a.addEventListener('durationchange', done);
            a.load();
        })"""
    )
    assert abs(duration - recording.duration_seconds) < 0.25, (duration, recording.duration_seconds)

    page.evaluate("() => document.getElementById('player').play()")
    page.wait_for_function("() => document.getElementById('player').currentTime > 0.3")
    # Seek by clicking the middle of the waveform, as a person would.
    box = page.locator("#waveform").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    middle = duration / 2
    page.wait_for_function(f"() => document.getElementById('player').currentTime > {middle + 0.3}", timeout=15000)
    position = page.evaluate("() => document.getElementById('player').currentTime")
    assert middle < position < duration
    screenshot(page, "supervisor-plays-gsm-call")
