"""PostgreSQL stopping under traffic (a restart, a failover) is a 503 with Retry-After on every entry point: JSON
on the API, the app's own page elsewhere, never a 500; and the app answers again by itself once it is back.

The app runs in gunicorn on a scratch PostgreSQL cluster of this test's own (a copy of the test database),
which the test stops with pg_ctl while requests are in flight, and starts again.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from recordings.models import IngestToken
from tests.seaweedfs import free_port

pytestmark = pytest.mark.django_db(transaction=True)

NORMAL = {"api": {404}, "page": {200, 302}}


@pytest.fixture
def scratch_postgres():
    from lib.pgembedded import Cluster, EmbeddedServerError, tool

    root = Path(tempfile.mkdtemp(prefix="outage-pg-"))
    cluster = Cluster(root)
    try:
        tool("pg_ctl")
        cluster.start()
    except EmbeddedServerError as exc:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"a scratch PostgreSQL cluster did not start: {exc}")
    yield cluster
    cluster.stop()
    shutil.rmtree(root, ignore_errors=True)


def _copy_test_database_into(cluster) -> None:
    from lib.pgembedded import tool

    source = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": source["PASSWORD"] or ""}
    dump = subprocess.run(
        [tool("pg_dump"), "--no-owner", "--no-privileges", "-h", source["HOST"] or "127.0.0.1",
         "-p", str(source["PORT"] or 5432), "-U", source["USER"], source["NAME"]],
        env=env, capture_output=True, check=True,
    )  # fmt: skip
    subprocess.run(
        [tool("psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", str(cluster.socket_dir), "-U", "postgres", "recordings"],
        input=dump.stdout, capture_output=True, check=True,
    )  # fmt: skip


def _get(port: int, path: str, headers: dict) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.fixture
def app_on_scratch_database(scratch_postgres, tmp_path):
    """gunicorn serving the app from the scratch cluster; yields (port, log path)."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recordings_admin.settings",
        "DATABASE_URL": f"postgres://postgres@/recordings?host={scratch_postgres.socket_dir}",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATA_DIR": str(tmp_path / "data"),
        "TWO_FACTOR_REQUIRED": "false",
        "DEBUG": "false",
    }
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "recordings_admin.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "4", "--timeout", "60"],
            cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(port, "/favicon.ico", {})
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield port, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_database_stopped_under_traffic_answers_503_and_recovers(
    personas, client, scratch_postgres, app_on_scratch_database
):
    _token, raw = IngestToken.issue(personas.register, name="pbx")
    client.force_login(personas.supervisor)  # a session row, read by the session middleware on every page
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    _copy_test_database_into(scratch_postgres)
    targets = {
        "api": (
            f"/api/v1/registers/{personas.register.slug}/recordings/no-such-call/",
            {"Authorization": f"Token {raw}"},
        ),
        "page": ("/", {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}),
    }
    answers: list[tuple[str, float, int, dict, bytes]] = []
    dropped: list[str] = []
    stop = threading.Event()

    port, log = app_on_scratch_database
    try:

        def traffic():
            while not stop.is_set():
                for kind, (path, headers) in targets.items():
                    try:
                        status, head, body = _get(port, path, headers)
                    except OSError as exc:
                        dropped.append(f"{kind}: {exc!r}")
                        continue
                    answers.append((kind, time.monotonic(), status, head, body))

        for kind, (path, headers) in targets.items():
            assert _get(port, path, headers)[0] in NORMAL[kind], log.read_text()
        threads = [threading.Thread(target=traffic) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        scratch_postgres.stop()  # pg_ctl stop -m fast: sessions are ended mid-query, new ones refused
        time.sleep(3.0)
        scratch_postgres.start()
        restarted = time.monotonic()
        time.sleep(5.0)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        stop.set()

    assert not dropped, dropped
    errors = [(a[0], a[2]) for a in answers if a[2] >= 500 and a[2] != 503]
    assert not errors, (errors, log.read_text(errors="replace")[-3000:])
    outages = [a for a in answers if a[2] == 503]
    for kind in targets:
        assert any(a[0] == kind for a in outages), f"no 503 seen for the {kind} while the database was down"
    for kind, _at, _status, head, body in outages:
        assert head.get("retry-after") == "30"
        if kind == "api":
            assert head["content-type"].startswith("application/json") and b'"error"' in body
        else:
            assert head["content-type"].startswith("text/html") and b"error-page" in body
    # Recovered by itself: the last answers after the restart are normal again.
    for kind in targets:
        late = [a for a in answers if a[0] == kind and a[1] > restarted + 3.0]
        assert late and all(a[2] in NORMAL[kind] for a in late), [a[2] for a in late]
