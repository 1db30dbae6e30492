"""A retention rule change on a register of millions of calls, as the background job it is.

The DPO's request commits the rule and answers; a worker (here a thread of this
process, with its own database connection, as a Celery worker has) recomputes
every expiry in batches. Three figures, each against a baseline from the same run:

- the DPO's answer, against the retention page idle;
- the job's time, against the least the database can do: one UPDATE of every
  row's expiry and rule version, in one statement, run after the job on the same
  rows (what the change did inside the request before it became a job);
- the retention page, the progress bar's poll and the call list while the job
  runs, against the same pages idle (p95 of each).
"""

from __future__ import annotations

import threading
import time

from django.db import connection, connections
from django.test import Client

from . import data
from .results import Result, percentile, timed

PAGE_SAMPLES = 20
# The goal for a page while the job runs: a person does not wait (and the job does not hold the page's rows).
RESPONSIVE_MS = 1000


def bench_rule_change(world, size: int) -> list[Result]:
    from retention.rule_changes import register_retention_rule_change

    register, dpo, supervisor = world["registers"][0], world["dpo"], world["supervisor"]
    data.clear_recordings()
    data.copy_recordings([register], size, skewed=True, seed=41)
    register.refresh_from_db()

    staff = Client()
    staff.force_login(dpo)
    browsing = Client()
    browsing.force_login(supervisor)
    pages = {
        "retention page": lambda: _ok(staff.get(f"/registers/{register.slug}/retention/")),
        "progress poll": lambda: _ok(staff.get(f"/registers/{register.slug}/retention/recompute/")),
        "call list": lambda: _ok(browsing.get(f"/registers/{register.slug}/recordings/")),
    }
    idle = {name: timed(page, PAGE_SAMPLES) for name, page in pages.items()}

    started = time.perf_counter()
    # A longer period, as a DPO lengthening retention sets it: the calls stay in the future (the purge has kept
    # the register clean), so the pages count what they count on any day, not a backlog the change created.
    job = register_retention_rule_change(actor=dpo, register=register, value=48, unit="months", trigger="call_end")
    answer_ms = (time.perf_counter() - started) * 1000

    run = _JobThread(job.pk)
    run.start()
    during = {name: [] for name in pages}
    while run.is_alive():
        for name, page in pages.items():
            began = time.perf_counter()
            page()
            during[name].append((time.perf_counter() - began) * 1000)
    run.join()
    if run.error is not None:
        raise run.error
    job.refresh_from_db()
    assert job.finished_at is not None and job.done == size, (job.done, size)

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE recordings_recording")
        began = time.perf_counter()
        cursor.execute(
            "UPDATE recordings_recording SET expires_at = ended_at + interval '48 months', "
            "expiry_rule_version = expiry_rule_version + 1 WHERE register_id = %s",
            [register.pk],
        )
        baseline_s = time.perf_counter() - began
    data.clear_recordings()

    results = [
        Result(
            "rule change: the DPO's answer",
            round(answer_ms, 1),
            "ms",
            round(percentile(idle["retention page"], 50), 1),
            round(answer_ms / percentile(idle["retention page"], 50), 2),
            "answers at once (baseline: the retention page, idle, median)",
            None,
        ),
        Result(
            f"rule change job: recompute of {size:,} calls",
            round(run.seconds, 1),
            "s",
            round(baseline_s, 1),
            round(run.seconds / baseline_s, 2),
            "informative (baseline: one UPDATE of every row, in the request)",
            None,
        ),
        Result("rule change job: rate", round(size / run.seconds), "calls/s", round(size / baseline_s), None, "", None),
    ]
    for name in pages:
        busy, calm = percentile(during[name], 95), percentile(idle[name], 95)
        results.append(
            Result(
                f"rule change: {name} p95 while the job runs ({len(during[name])} loads)",
                round(busy, 1),
                "ms",
                round(calm, 1),
                round(busy / calm, 2),
                f"< {RESPONSIVE_MS} ms (baseline: idle p95)",
                busy < RESPONSIVE_MS,
            )
        )
    return results


def _ok(response) -> None:
    assert response.status_code == 200, response.status_code


class _JobThread(threading.Thread):
    """The worker: runs the job on its own connection and times it."""

    def __init__(self, job_id: int):
        super().__init__(daemon=True)
        self.job_id, self.seconds, self.error = job_id, 0.0, None

    def run(self) -> None:
        from retention.rule_recompute import rule_recompute_run

        began = time.perf_counter()
        try:
            rule_recompute_run(self.job_id)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            self.error = exc
        finally:
            self.seconds = time.perf_counter() - began
            connections.close_all()
