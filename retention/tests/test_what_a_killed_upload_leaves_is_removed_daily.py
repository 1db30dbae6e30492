"""A process killed mid-upload leaves a `.part-` file, or a whole blob whose row never committed; the beat's
daily reconciliation removes both once they are older than the grace period, leaves an upload in flight
alone, and writes what it did to the audit log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings

from audit.models import AuditEvent
from retention.tasks import reconcile_storage as reconcile_storage_task
from vault.blobs import PART_PREFIX

pytestmark = pytest.mark.django_db

# An upload that dies (SIGKILL, like the OOM killer) either while its blob is being written or after the blob is
# whole but before its row commits.
KILLED_UPLOAD = """
import os, signal, sys, time
import django
django.setup()
from vault.blobs import store_encrypted_stream

def write(writer):
    writer.write(os.urandom(300_000))
    writer.flush()
    if sys.argv[1] == "mid-write":
        print("writing", flush=True)
        time.sleep(600)

store_encrypted_stream(write, data_key=os.urandom(32), associated_data=b"call")
print("stored", flush=True)
time.sleep(600)  # the row's transaction would run here
"""


def _killed_upload(where: str, media: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "recordings_admin.settings", "MEDIA_ROOT": str(media)}
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_UPLOAD, where], cwd=django_settings.BASE_DIR, env=env, stdout=subprocess.PIPE
    )
    try:
        assert process.stdout.readline().strip() in (b"writing", b"stored")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _age(path: Path, seconds: int) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_daily_reconciliation_removes_what_killed_uploads_left_after_the_grace_period(personas, settings):
    media = Path(settings.MEDIA_ROOT)
    settings.RECONCILE_GRACE_SECONDS = 3600
    _killed_upload("mid-write", media)
    _killed_upload("after-write", media)
    left = _files(media)
    assert sorted(p.name.startswith(PART_PREFIX) for p in left) == [False, True], left
    for path in left:
        _age(path, 2 * 3600)
    _killed_upload("mid-write", media)  # a fresh one: as far as anyone can tell, an upload still in flight
    in_flight = sorted(set(_files(media)) - set(left))

    result = reconcile_storage_task.apply().get()

    assert result["orphan_blobs_removed"] == 2
    assert _files(media) == in_flight
    event = AuditEvent.objects.get(action="storage_reconcile")
    assert event.details["orphan_blobs_removed"] == 2
    assert event.details["grace_seconds"] == 3600
    assert event.details["recordings_missing_audio"] == 0


def test_the_beat_runs_the_reconciliation_once_a_day():
    [entry] = [
        e for e in django_settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "retention.tasks.reconcile_storage"
    ]
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1
