"""A connector run killed with SIGKILL at any step loses no call and takes none twice.

The run is `manage.py run_connectors` in a real subprocess against this test's database and storage, with one
step wrapped to kill its own process (like a power cut): after a call's blob is written but before its row
commits, after the row commits but before the file moves to done/, and after a refusal's reason is written but
before the file moves to quarantine/; for a FreePBX folder, which is only read, after the row commits but
before the file is noted as taken. A last run in-process finishes the job. Then every call is stored once,
every file is in done/ or quarantine/, and the one blob the first kill left is found and removed by the same
reconciliation the daily job runs.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from audit.models import AuditEvent
from connectors.services import connector_run
from recordings.models import Recording
from retention.reconcile import reconcile_storage
from testkit import database_url

from .drops import write_call

pytestmark = pytest.mark.django_db(transaction=True)

KILL_DRIVER = """
import os, signal, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recordings_admin.settings")
django.setup()
point, connector_id = sys.argv[1], int(sys.argv[2])

def die():
    os.kill(os.getpid(), signal.SIGKILL)

from connectors import services, sources
from recordings import services as ingest

if point == "after_blob_before_commit":
    def save(*a, **k):
        die()  # the encrypted blob is in storage; its row is not committed
    ingest._save_under_current_rule = save
elif point == "after_commit_before_note":
    original_note = services._note
    def note(connector, name, state, *a, **k):
        if state == "taken":
            die()  # the call is stored; that the file was taken is not yet written down
        original_note(connector, name, state, *a, **k)
    services._note = note
elif point == "after_commit_before_move":
    original_note = services._note
    def note(connector, name, state, *a, **k):
        original_note(connector, name, state, *a, **k)
        if state == "taken":
            die()  # the call is stored and noted; its file is still in the drop folder
    services._note = note
elif point == "after_reason_before_quarantine":
    original_move = sources.FolderSource.move
    def move(self, name, folder):
        if folder == sources.QUARANTINE:
            die()  # the reason file is written; the refused file has not moved
        return original_move(self, name, folder)
    sources.FolderSource.move = move

from django.core.management import call_command
call_command("run_connectors", connector_id)
"""

POINTS = ["after_blob_before_commit", "after_commit_before_move", "after_reason_before_quarantine"]


def _env(settings, roots: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "DATA_DIR": str(Path(settings.MEDIA_ROOT).parent / "data"),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "RECORDINGS_KEYS": "",
        "RECORDINGS_KEYS_FILE": str(settings.RECORDINGS_KEYS_FILE),
        "DELETION_JOURNAL_DIR": str(settings.DELETION_JOURNAL_DIR),
        "CONN_MAX_AGE": "0",
        "CONNECTOR_ROOTS": roots,
        "CONNECTOR_SETTLE_SECONDS": "0.05",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or f"kill-test-{secrets.token_urlsafe(32)}",
    }


def test_a_run_killed_at_every_step_loses_and_doubles_nothing(personas, drop_folder, folder_connector, settings):
    calls = [write_call(drop_folder, f"call-{n}.wav") for n in range(4)]
    whole = (drop_folder / "call-0.wav").read_bytes()
    write_call(drop_folder, "torn.wav", audio=whole[:300])
    env = _env(settings, ",".join(settings.CONNECTOR_ROOTS))

    for point in POINTS:
        process = subprocess.run(
            [sys.executable, "-c", KILL_DRIVER, point, str(folder_connector.pk)],
            cwd=django_settings.BASE_DIR,
            env=env,
            capture_output=True,
            timeout=120,
        )
        assert process.returncode == -signal.SIGKILL, (point, process.stderr.decode()[-2000:])

    # Another run of the same connector may not start while one holds its lock; this one finds it free.
    result = connector_run(folder_connector)
    assert not result.skipped and result.error == ""

    stored = list(Recording.objects.values_list("external_id", flat=True))
    assert sorted(stored) == sorted(c["external_id"] for c in calls), "a call lost or stored twice"
    assert AuditEvent.objects.filter(action="ingest").count() == 4
    assert sorted(p.name for p in drop_folder.iterdir()) == [".processing", "done", "quarantine"]
    assert not any((drop_folder / ".processing").iterdir())
    assert len(list((drop_folder / "done").glob("*.wav"))) == 4
    assert (drop_folder / "quarantine" / "torn.wav.reason.txt").read_text().startswith("audio:")
    assert connector_run(folder_connector).taken == 0

    # The first kill left one blob without a row; the daily reconciliation removes it and nothing else.
    report = reconcile_storage(fix=True, grace=timedelta(0))
    assert report.removed == 1 and report.rows_missing_blobs == []
    assert reconcile_storage(grace=timedelta(0)).orphan_blobs == []


def test_a_freepbx_run_killed_after_a_call_is_stored_takes_it_once(personas, pbx, freepbx_connector, settings):
    calls = [pbx.call() for _ in range(3)]
    env = _env(settings, ",".join(settings.CONNECTOR_ROOTS))
    for point in ("after_blob_before_commit", "after_commit_before_note"):
        process = subprocess.run(
            [sys.executable, "-c", KILL_DRIVER, point, str(freepbx_connector.pk)],
            cwd=django_settings.BASE_DIR,
            env=env,
            capture_output=True,
            timeout=120,
        )
        assert process.returncode == -signal.SIGKILL, (point, process.stderr.decode()[-2000:])

    result = connector_run(freepbx_connector)

    assert (result.taken, result.already, result.refused) == (2, 1, 0)
    assert sorted(Recording.objects.values_list("external_id", flat=True)) == sorted(c.uniqueid for c in calls)
    assert AuditEvent.objects.filter(action="ingest").count() == 3
    assert reconcile_storage(fix=True, grace=timedelta(0)).removed == 1
    assert reconcile_storage(grace=timedelta(0)).orphan_blobs == []
