"""With blob storage down, the call page tells a supervisor the audio is unavailable instead of a silent player."""

from __future__ import annotations

import pytest

from conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.s3]


def test_supervisor_is_told_the_audio_is_unavailable_while_storage_is_down(
    transactional_db, live_server, personas, make_recording, page, stoppable_s3_storage
):
    recording = make_recording(personas.register, fmt="wav-mulaw", seconds=3.0)
    stoppable_s3_storage.stop()

    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/recordings/{recording.public_id}/")
    page.click("#listen")
    page.wait_for_selector("audio#player")
    notice = page.locator("#player-unavailable")
    notice.wait_for(state="visible")
    assert "tallenteiden tallennustila ei vastaa" in notice.inner_text()
    screenshot(page, "storage-outage-player")
