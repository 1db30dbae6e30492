"""`scripts/run` serves the demo, and Ctrl-C stops the web server, the Celery worker, beat and the embedded
PostgreSQL within seconds; a second run on the same data refuses while it runs."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.embedded import ROOT, embedded_env, postmasters
from tests.seaweedfs import free_port


def _descendants(pid: int) -> dict[int, str]:
    """Every live process below `pid`, whatever process group or session it moved to."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = {}, [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            try:
                found[child] = (Path("/proc") / str(child) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_ctrl_c_stops_every_process_within_five_seconds(tmp_path):
    port = free_port()
    env = embedded_env(tmp_path / "var", PORT=str(port), DEMO_CALLS="1")
    log = open(tmp_path / "run.log", "wb")  # noqa: SIM115 - closed below, after the process
    # A session of its own stands for the terminal: Ctrl-C signals its whole foreground process group.
    # ...and, as in a terminal, Ctrl-C is not ignored: a test run started in the background of a shell without
    # job control inherits SIGINT ignored, and a shell cannot trap a signal ignored when it started.
    run = subprocess.Popen(
        [str(ROOT / "scripts" / "run")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 300
        served = False
        while time.monotonic() < deadline and run.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as response:
                    served = response.status == 200
            except OSError:
                pass
            processes = _descendants(run.pid)
            if served and any("celery" in c and "worker" in c for c in processes.values()):
                break
            time.sleep(1)
        assert served, (tmp_path / "run.log").read_text()[-3000:]
        # The demo's connectors have a drop folder per register, DATA_DIR/connectors/<register>.
        assert (tmp_path / "var" / "connectors" / "onni-hoiva-puhelut").is_dir()
        time.sleep(3)  # the worker and beat are up and polling the broker
        processes = _descendants(run.pid)
        assert any("runserver" in c for c in processes.values())
        # The embedded PostgreSQL runs in a session of its own (pg_ctl), outside the run's process tree.
        servers = postmasters(tmp_path / "var")
        assert len(servers) == 1, servers
        # A second run on the same data says so and changes nothing.
        second = subprocess.run(
            [str(ROOT / "scripts" / "run")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert second.returncode != 0 and "already running" in second.stderr, second.stdout + second.stderr
        assert postmasters(tmp_path / "var") == servers
        os.killpg(run.pid, signal.SIGINT)
        stopped_by = time.monotonic() + 5
        while time.monotonic() < stopped_by and any(_alive(p) for p in [run.pid, *processes, *servers]):
            time.sleep(0.1)
        left = {p: c for p, c in processes.items() if _alive(p)}
        assert left == {} and not _alive(run.pid), (left, (tmp_path / "run.log").read_text()[-3000:])
        assert postmasters(tmp_path / "var") == [], (tmp_path / "run.log").read_text()[-3000:]
    finally:
        for pid in [run.pid, *_descendants(run.pid)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        run.wait(timeout=10)
        log.close()
