"""A listening session just opened is never lost to the player's parallel Range requests.

Against a live, threaded server: while a supervisor's player streams one call
(Range requests in several threads), they open a listening session for
another call and their second player fires parallel Range requests at it at
once. Every one of those must be served; none may answer "Open a listening
session first".
"""

from __future__ import annotations

import http.client
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.test import Client

TRIES = 12
PARALLEL = 6


class Browser:
    """Just enough of a browser for a live server: one session cookie, CSRF, many connections."""

    def __init__(self, base_url: str, session_key: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {settings.SESSION_COOKIE_NAME: session_key}
        self.lock = threading.Lock()

    def request(self, method: str, path: str, *, body: str | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        with self.lock:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers = {"Cookie": cookie, "Host": f"{self.host}:{self.port}", **(headers or {})}
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            content = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    with self.lock:
                        self.cookies[key] = rest.split(";", 1)[0]
            return response.status, content
        finally:
            connection.close()

    def post_form(self, path: str, page_path: str, data: dict):
        _status, page = self.request("GET", page_path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urlencode({"csrfmiddlewaretoken": token, **data})
        return self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}:{self.port}{page_path}",
            },
        )


def test_parallel_range_requests_never_lose_a_just_opened_listening_session(
    transactional_db, live_server, personas, make_recording
):
    playing = make_recording(personas.register, fmt="wav-mulaw", seconds=6.0)
    calls = [make_recording(personas.register, fmt="wav-mulaw", seconds=2.0) for _ in range(TRIES)]
    login = Client()
    login.force_login(personas.supervisor)
    browser = Browser(live_server.url, login.cookies[settings.SESSION_COOKIE_NAME].value)

    def audio(recording, start: int) -> int:
        return browser.request(
            "GET", f"/recordings/{recording.public_id}/audio/", headers={"Range": f"bytes={start}-"}
        )[0]

    assert (
        browser.post_form(f"/recordings/{playing.public_id}/listen/", f"/recordings/{playing.public_id}/", {})[0] == 302
    )
    stop = threading.Event()

    def player():
        while not stop.is_set():
            audio(playing, 0)

    background = [threading.Thread(target=player) for _ in range(3)]
    for thread in background:
        thread.start()
    refused = 0
    try:
        with ThreadPoolExecutor(PARALLEL) as pool:
            for call in calls:
                status, _ = browser.post_form(
                    f"/recordings/{call.public_id}/listen/", f"/recordings/{call.public_id}/", {}
                )
                assert status == 302
                statuses = list(pool.map(audio, [call] * PARALLEL, [i * 100 for i in range(PARALLEL)]))
                assert set(statuses) <= {206, 403}, statuses
                refused += statuses.count(403)
    finally:
        stop.set()
        for thread in background:
            thread.join()
    assert refused == 0, f"{refused} of {TRIES * PARALLEL} Range requests refused right after the session was opened"
