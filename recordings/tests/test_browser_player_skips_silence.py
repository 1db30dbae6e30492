"""With "skip silence" on, the player jumps over a silent stretch of a call instead of playing it."""

from __future__ import annotations

import time

import numpy as np
import pytest

from recordings.tests.player import current_time, open_player
from recordings.tests.tones import ingest_call, silence, tone, write_call
from tests.screens import screenshot_widths

pytestmark = pytest.mark.browser

# Where the player was, sampled every 20 ms while it plays.
WATCH = """() => {
    const a = document.getElementById('player');
    window.heardAt = [];
    setInterval(() => { if (!a.paused) window.heardAt.push(a.currentTime); }, 20);
}"""


@pytest.fixture
def call_with_a_long_pause(personas, tmp_path):
    """A tone for two seconds, five seconds of silence, then a tone again for three."""
    path = tmp_path / "pause.wav"
    seconds = write_call(path, np.concatenate([tone(2, 440), silence(5), tone(3, 440)]))
    return ingest_call(personas.register, path, seconds)


def test_skip_silence_jumps_over_the_silent_stretch(
    transactional_db, live_server, personas, call_with_a_long_pause, page
):
    open_player(page, live_server, personas.supervisor, call_with_a_long_pause)
    page.wait_for_selector("#player-area[data-silences-loaded='1']")
    page.get_by_label("Ohita hiljaisuus").check()
    page.wait_for_function(
        "() => document.getElementById('player-status').textContent === 'Hiljaisuuden ohitus päällä'"
    )
    page.evaluate(WATCH)
    page.evaluate("() => { const a = document.getElementById('player'); a.currentTime = 1; a.play(); }")
    started = time.monotonic()
    page.wait_for_function("() => document.getElementById('player').currentTime > 7.5", timeout=10000)
    took = time.monotonic() - started
    heard = page.evaluate("() => window.heardAt")
    inside = [t for t in heard if 2.4 < t < 6.6]
    assert not inside, f"played inside the silence at {inside[:5]}"
    # Playing the silence would have taken more than six seconds from 1 s to 7.5 s.
    assert took < 4.5, took
    screenshot_widths(page, "player-skip-silence")


def test_without_skip_silence_the_silence_is_played(
    transactional_db, live_server, personas, call_with_a_long_pause, page
):
    open_player(page, live_server, personas.supervisor, call_with_a_long_pause)
    page.wait_for_selector("#player-area[data-silences-loaded='1']")
    page.evaluate(WATCH)
    page.evaluate("() => { const a = document.getElementById('player'); a.currentTime = 1.5; a.play(); }")
    page.wait_for_function("() => document.getElementById('player').currentTime > 3.5")
    assert 2.4 < current_time(page) < 6.6
