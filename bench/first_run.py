"""python -m bench.first_run [--json FILE]: what a new user waits for on the first `scripts/run`.

It runs `scripts/run` as the README tells a new user to, on a fresh DATA_DIR and a
free port (the checkout's virtualenv as it is), and measures:

- the seconds until the first page answers;
- how many of the demo's calls play at that moment (their browser version is ready);
- the seconds after the first page until every call plays. Goal: 30 s.

Then it stops the run with TERM, as Ctrl-C would, and removes the folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .__main__ import machine

ROOT = Path(__file__).resolve().parents[1]
PLAYABLE_GOAL_S = 30
GIVE_UP_S = 900
# Variables that would point the run elsewhere than the embedded defaults.
NOT_INHERITED = {"DATABASE_URL", "CELERY_BROKER_URL", "EMBEDDED_POSTGRES_DIR", "MEDIA_ROOT", "DATA_DIR", "PORT"}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _calls(data_dir: Path) -> tuple[int, int]:
    """(calls, calls whose browser version is made or failed for good) in the run's own database."""
    import psycopg

    from lib.pgembedded import Cluster, database_url

    url = database_url(Cluster(data_dir / "postgres").database_settings())
    with psycopg.connect(url, connect_timeout=5) as conn:
        return conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE rendition_status <> 'pending') FROM recordings_recording"
        ).fetchone()


def measure(work: Path) -> dict:
    port = free_port()
    data_dir = work / "var"
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(DATA_DIR=str(data_dir), PORT=str(port))
    log = open(work / "run.log", "wb")  # noqa: SIM115 - closed below, after the process
    began = time.monotonic()
    run = subprocess.Popen(
        [str(ROOT / "scripts" / "run")], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )
    try:
        first_page = _wait(lambda: _answers(f"http://127.0.0.1:{port}/accounts/login/"), run, began)
        at_first_page = _calls(data_dir)
        every_call = _wait(lambda: (lambda c: c[0] > 0 and c[0] == c[1])(_calls(data_dir)), run, began)
    finally:
        os.killpg(run.pid, signal.SIGTERM)
        try:
            run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
        log.close()
    # The demo is loaded before the server answers, so the count at the first page is the whole demo.
    calls = at_first_page[0]
    return {
        "first_page_s": round(first_page, 1),
        "calls": calls,
        "playable_at_first_page": at_first_page[1],
        "every_call_playable_after_first_page_s": round(every_call - first_page, 1),
        "goal_s": PLAYABLE_GOAL_S,
        "met": every_call - first_page <= PLAYABLE_GOAL_S,
    }


def _wait(done, run: subprocess.Popen, began: float) -> float:
    """Seconds since `began` when `done()` first holds; the run ending first or GIVE_UP_S passing is an error."""
    while time.monotonic() - began < GIVE_UP_S:
        if run.poll() is not None:
            raise SystemExit(f"scripts/run ended with {run.returncode} before the measurement ended")
        try:
            if done():
                return time.monotonic() - began
        except Exception:  # noqa: BLE001 - the database may not be up yet
            pass
        time.sleep(0.25)
    raise SystemExit(f"gave up after {GIVE_UP_S} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_run", description=__doc__)
    parser.add_argument("--json", metavar="FILE", help="also write the result as JSON")
    parser.add_argument("--keep-log", action="store_true", help="print the path of scripts/run's log and keep it")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-first-run-"))
    try:
        result = measure(work)
    finally:
        if args.keep_log:
            print(f"log: {work / 'run.log'}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"machine: {machine()}")
    print(f"first page answered after            {result['first_page_s']:>6} s")
    print(f"demo calls                           {result['calls']:>6}")
    print(f"playable when the first page answers {result['playable_at_first_page']:>6}")
    met = "met" if result["met"] else "NOT met"
    print(
        f"every call playable, after the first page {result['every_call_playable_after_first_page_s']:>6} s"
        f"   goal <= {PLAYABLE_GOAL_S} s  {met}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), **result}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
