"""A downloaded original carries the file name ending of its format, so it opens in a player."""

from __future__ import annotations

import pytest

from conftest import browser_login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("fmt", "suffix"), [("wav-gsm", ".wav"), ("mp3", ".mp3"), ("opus", ".opus")])
def test_the_downloaded_original_has_its_formats_extension(
    transactional_db, live_server, personas, make_recording, page, fmt, suffix
):
    personas.register.download_roles = ["supervisor"]
    personas.register.save(update_fields=["download_roles"])
    recording = make_recording(personas.register, fmt=fmt, seconds=3.0)
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/recordings/{recording.public_id}/")
    # A download, like listening, is served only inside the audited session Listen opens.
    page.click("#listen")
    with page.expect_download() as info:
        page.click("text=Lataa alkuperäinen")
    assert info.value.suggested_filename == f"recording-{recording.public_id}{suffix}"
