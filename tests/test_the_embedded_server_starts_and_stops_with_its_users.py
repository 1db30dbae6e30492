"""With DATABASE_URL unset, every entry point uses one embedded PostgreSQL under DATA_DIR.

A command run alone starts it and stops it again; one run while the server is
kept (scripts/run) reaches the same server and leaves it running; two at once
share one server, and the last to leave stops it; a process killed with -9
leaves it to the next. The data survives every restart.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.embedded import ROOT, embedded_env, manage, pgembedded, postmasters, shell

COUNT_USERS = "from django.contrib.auth import get_user_model; print(get_user_model().objects.count())"


def test_a_command_run_alone_starts_the_server_and_stops_it_again(tmp_path):
    data = tmp_path / "var"
    migrated = manage(data, "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    assert (data / "postgres" / "data" / "PG_VERSION").is_file()
    assert postmasters(data) == []
    shell(data, "from testkit import make_user; make_user('kept-across-restarts')")
    assert postmasters(data) == []
    assert shell(data, COUNT_USERS).split()[-1] == "1"
    if os.geteuid() == 0:
        # PostgreSQL refuses root: the cluster belongs to a user of its own.
        assert (data / "postgres" / "data").stat().st_uid != 0


def test_a_command_reaches_the_kept_server_and_leaves_it_running(tmp_path):
    data = tmp_path / "var"
    assert pgembedded(data, "start").returncode == 0
    try:
        [server] = postmasters(data)
        assert manage(data, "migrate", "--no-input").returncode == 0
        assert postmasters(data) == [server]
    finally:
        released = pgembedded(data, "release")
    assert released.returncode == 0 and "stopped" in released.stdout, released.stdout + released.stderr
    assert postmasters(data) == []


def _hold(data, seconds: float) -> subprocess.Popen:
    """A command that uses the database for `seconds`, as a long management command would."""
    code = (
        "import os, time, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'recordings_admin.settings')\n"
        "django.setup()\n"
        "from django.db import connection\n"
        "connection.ensure_connection()\n"
        "print('connected', flush=True)\n"
        f"time.sleep({seconds})\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, env=embedded_env(data), stdout=subprocess.PIPE, text=True
    )


def test_two_commands_share_one_server_and_the_last_to_leave_stops_it(tmp_path):
    data = tmp_path / "var"
    long = _hold(data, 60)
    assert long.stdout.readline().strip() == "connected"
    [server] = postmasters(data)
    short = _hold(data, 0)
    assert short.stdout.readline().strip() == "connected"
    assert short.wait(timeout=60) == 0
    assert postmasters(data) == [server], "the first user still needs it"
    long.send_signal(signal.SIGTERM)  # Python's default: no atexit. The kernel drops its lock all the same.
    long.wait(timeout=30)
    assert postmasters(data) == [server], "nobody stopped it: the killed process ran no exit handler"
    # The next process to use it finds it running, and being the last user when it leaves, stops it.
    assert shell(data, "from django.db import connection; connection.ensure_connection()") is not None
    assert postmasters(data) == []


def test_a_process_killed_mid_start_leaves_no_half_made_cluster(tmp_path):
    data = tmp_path / "var"
    process = subprocess.Popen([sys.executable, "manage.py", "migrate", "--no-input"], cwd=ROOT, env=embedded_env(data))
    # Kill it as soon as initdb has begun writing: the side folder exists, the name does not.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((data / "postgres").glob(".data-partial-*")):
        time.sleep(0.01)
    process.kill()
    process.wait()
    time.sleep(2)  # initdb, a child, may outlive it by a moment
    # Whatever moment it died at, the next command makes or finds a whole cluster and works.
    migrated = manage(data, "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    assert list((data / "postgres").glob(".data-partial-*")) == []
    assert postmasters(data) == []
