"""Processes on the embedded default: no DATABASE_URL, the cluster under a test's own folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Variables of the test run that would point a child process elsewhere than the embedded default.
_NOT_INHERITED = {"DATABASE_URL", "CELERY_BROKER_URL", "TEST_REDIS_URL", "EMBEDDED_POSTGRES_DIR", "MEDIA_ROOT"}


def embedded_env(data_dir: Path, **extra) -> dict:
    """The environment of a newcomer's process: DATA_DIR and nothing else set but the demo's switches."""
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.update(
        DATA_DIR=str(data_dir),
        DEBUG="true",
        TWO_FACTOR_REQUIRED="false",
        SECRET_KEY="embedded-default-tests-not-for-production-0123456789abcdef",
        **extra,
    )
    return env


def manage(data_dir: Path, *args: str, timeout: int = 300, **extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=embedded_env(data_dir, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def shell(data_dir: Path, code: str, *, timeout: int = 300) -> str:
    """Run Python in `manage.py shell` on the embedded default; its standard output."""
    result = manage(data_dir, "shell", "--no-imports", "-c", code, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def pgembedded(data_dir: Path, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lib.pgembedded", command],
        cwd=ROOT,
        env=embedded_env(data_dir),
        capture_output=True,
        text=True,
        timeout=180,
    )


def postmasters(data_dir: Path) -> list[int]:
    """The pids of the servers running on this folder's cluster (any user's: as root it is recordings-pg's)."""
    cluster = str((data_dir / "postgres" / "data").resolve())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if command and command[0].endswith(b"postgres") and cluster.encode() in command:
            found.append(int(entry.name))
    return found
