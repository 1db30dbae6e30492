"""What a supervisor waits for in Chromium: from pressing Listen to sound, and from a seek to sound.

"Sound" is the first advance of the player's `currentTime`, polled every few
milliseconds; the press is the moment the click reaches the page. The
calls are real ingests with renditions made as the worker makes them, one of
them long (an hour at full size), served by a threaded WSGI server in this
process through the project's middleware.
"""

from __future__ import annotations

import os
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .results import Result, median, percentile

CALLS = 20
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

# Chromium fires `timeupdate` only every 250 ms or so; polling every few milliseconds sees the first advance.
_PROBE = """() => {
  const b = window.__bench = {pressed: null, sound: null, from: 0, armed: false};
  document.addEventListener('click', (e) => {
    if (e.target.closest('#listen')) { b.pressed = performance.now(); b.from = 0; b.armed = true; }
  }, true);
  setInterval(() => {
    const a = document.getElementById('player');
    if (b.armed && a && a.currentTime > b.from) { b.sound = performance.now(); b.armed = false; }
  }, 2);
}"""
_SEEK = """(to) => {
  const b = window.__bench, a = document.getElementById('player');
  b.sound = null; b.from = to; b.pressed = performance.now();
  a.currentTime = to;
  b.armed = true;
}"""


def _calls(register, short_seconds: float, long_seconds: float, count: int):
    from audio.synth import write_sample
    from recordings.services import parse_call_metadata, recording_ingest, rendition_make

    work = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    ended = (datetime.now(UTC) - timedelta(days=2)).replace(microsecond=0)
    recordings = []
    for i in range(count):
        seconds = long_seconds if i == count // 2 else short_seconds
        path = work / f"call-{i}.wav"
        write_sample(path, "wav-mulaw", seconds, seed=i)
        metadata = parse_call_metadata(
            {
                "external_id": f"browser-{i}-{ended.timestamp():.0f}",
                "started_at": (ended - timedelta(seconds=seconds)).isoformat(),
                "ended_at": ended.isoformat(),
                "direction": "inbound",
                "caller": "040 123 4567",
                "callee": "010 380 8000",
            }
        )
        recording, _ = recording_ingest(register=register, audio_path=path, metadata=metadata)
        recordings.append(rendition_make(recording))
        path.unlink()
    return recordings


def _serve():
    """The project's WSGI application, static files included, on a free local port in a thread."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def bench_browser(world, long_seconds: int) -> list[Result]:
    from django.conf import settings
    from django.test import Client
    from playwright.sync_api import sync_playwright

    executable = next((p for p in CHROMIUM_PATHS if os.path.exists(p)), None)
    assert executable, "Chromium is needed for the browser benchmark"
    register, supervisor = world["registers"][2], world["supervisor"]
    # The full figure is 20 calls; --quick (a two-minute long call) and the smoke test play fewer.
    count = CALLS if long_seconds >= 600 else 5 if long_seconds >= 60 else 3
    recordings = _calls(register, min(60.0, float(long_seconds)), float(long_seconds), count)
    client = Client()
    client.force_login(supervisor)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    server, base = _serve()
    listen, seek = [], []
    # Playwright's sync API runs an event loop in this thread; the ORM calls here stay synchronous.
    # Only for this benchmark: a process started later (a test's gunicorn, say) must not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=executable,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required"],
            )
            context = chromium.new_context(locale="fi-FI")
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
            page = context.new_page()
            page.set_default_timeout(30000)
            for recording in recordings:
                page.goto(f"{base}/recordings/{recording.public_id}/")
                assert page.locator("#listen").count() == 1, (page.url, page.title())
                page.evaluate(_PROBE)
                page.click("#listen")
                page.wait_for_function("() => window.__bench.sound !== null")
                listen.append(page.evaluate("() => window.__bench.sound - window.__bench.pressed"))
                target = round(recording.duration_seconds * 0.75, 1)
                page.evaluate(_SEEK, target)
                page.wait_for_function("() => window.__bench.sound !== null")
                seek.append(page.evaluate("() => window.__bench.sound - window.__bench.pressed"))
                page.evaluate("() => document.getElementById('player').pause()")
            chromium.close()
    finally:
        server.shutdown()
        server.server_close()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
    long_label = f"{long_seconds // 60} min" if long_seconds >= 60 else f"{long_seconds} s"
    return [
        Result(
            f"browser: Listen to first sound, {count} calls incl. {long_label}: p50",
            round(median(listen)),
            "ms",
        ),
        Result(
            "browser: Listen to first sound: p95",
            round(percentile(listen, 95)),
            "ms",
            goal="< 300 ms",
            met=percentile(listen, 95) < 300,
        ),
        Result(f"browser: Listen to first sound, the {long_label} call", round(listen[count // 2]), "ms"),
        Result("browser: seek to sound: p50", round(median(seek)), "ms"),
        Result(
            "browser: seek to sound: p95",
            round(percentile(seek, 95)),
            "ms",
            goal="< 150 ms",
            met=percentile(seek, 95) < 150,
        ),
        Result(f"browser: seek to sound, the {long_label} call", round(seek[count // 2]), "ms"),
    ]
