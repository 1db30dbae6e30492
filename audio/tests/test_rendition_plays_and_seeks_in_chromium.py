"""A real Chromium reads the rendition's length, seeks to the middle and plays from there.

Driven through headless Chromium's --dump-dom rather than Playwright so it
checks the audio file alone, without the web app around it (the app's own
browser tests cover the player page).
"""

from __future__ import annotations

import base64
import os
import re
import subprocess

import pytest

from audio.rendition import make_rendition
from audio.synth import write_sample
from conftest import CHROMIUM_PATHS, require_or_skip

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html><body><pre id="out">waiting</pre><script>
const out = document.getElementById('out');
const audio = new Audio();
audio.preload = 'auto';
audio.addEventListener('error', () => { out.textContent = 'error ' + (audio.error && audio.error.code); });
audio.addEventListener('loadedmetadata', () => {
  out.textContent = 'duration=' + audio.duration;
  audio.currentTime = audio.duration / 2;
}, { once: true });
audio.addEventListener('seeked', () => {
  const seeked = audio.currentTime;
  out.textContent += ' seeked=' + seeked;
  const advanced = () => {
    if (audio.currentTime <= seeked) return;
    audio.removeEventListener('timeupdate', advanced);
    out.textContent += ' playing=' + audio.currentTime + ' done';
  };
  audio.addEventListener('timeupdate', advanced);
  audio.play().catch((e) => { out.textContent += ' play-failed ' + e; });
}, { once: true });
audio.src = 'data:audio/ogg;codecs=opus;base64,%s';
</script></body></html>"""


@pytest.mark.parametrize(("fmt", "channels"), [("wav-gsm", 1), ("m4a-aac", 2)])
def test_chromium_reads_the_length_seeks_and_plays(tmp_path, fmt, channels):
    chromium = next((p for p in CHROMIUM_PATHS if os.path.exists(p)), None)
    require_or_skip(chromium is not None, "Chromium")
    src, dst, page = tmp_path / "src", tmp_path / "out.ogg", tmp_path / "play.html"
    write_sample(src, fmt, 8.0, channels=channels)
    result = make_rendition(src, dst)
    page.write_text(PAGE % base64.b64encode(dst.read_bytes()).decode())
    # Playback after the seek runs on the audio clock, which a loaded machine can starve past the
    # virtual-time budget: a report that got as far as the seek is tried again, up to three times.
    for _attempt in range(3):
        report = _play(chromium, page, tmp_path)
        if "done" in report or "seeked=" not in report:
            break
    numbers = dict(re.findall(r"(duration|seeked|playing)=([0-9.]+)", report))
    assert "done" in report and set(numbers) == {"duration", "seeked", "playing"}, report
    duration, seeked, playing = (float(numbers[k]) for k in ("duration", "seeked", "playing"))
    assert duration == pytest.approx(result.duration_seconds, abs=0.1)
    assert seeked == pytest.approx(duration / 2, abs=0.1)
    assert playing > seeked


def _play(chromium: str, page, tmp_path) -> str:
    """What the page reported after headless Chromium loaded, seeked and played it."""
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--autoplay-policy=no-user-gesture-required",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=10000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    found = re.search(r'<pre id="out">([^<]*)</pre>', done.stdout)
    assert found, done.stderr[-2000:]
    return found.group(1)
