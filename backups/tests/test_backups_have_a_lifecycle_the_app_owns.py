"""The app's own backups: scheduled, verified, kept BACKUP_KEEP_DAYS, and nothing left behind by a kill.

A backup killed halfway left its hidden `.NAME.partial-*` folder (call
metadata no purge reaches) forever. The scheduled run removes it, and any
scratch database a killed verify left, then backs up, verifies and prunes;
each step is in the audit log.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from backups.lifecycle import backup_scheduled
from backups.services import MANIFEST, _connect
from testkit import database_url, make_personas, make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = django_settings.BASE_DIR


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = str(tmp_path / "backups")
    settings.BACKUP_KEEP_DAYS = 35
    personas = make_personas()
    for _ in range(3):
        make_stored_recording(personas.register)
    return tmp_path / "backups"


def _kill_a_backup_halfway(settings, folder) -> None:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": database_url(db),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DELETION_JOURNAL_DIR": str(settings.DELETION_JOURNAL_DIR),
        "RECORDINGS_KEYS_FILE": str(settings.RECORDINGS_KEYS_FILE),
        "DEBUG": "true",
    }
    process = subprocess.Popen([sys.executable, "manage.py", "backup", str(folder)], cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(folder.parent.glob(f".{folder.name}.partial-*/database.dump")):
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_a_killed_backup_leaves_nothing_after_the_next_scheduled_run(backup_dir, settings):
    backup_dir.mkdir()
    _kill_a_backup_halfway(settings, backup_dir / "killed")
    [leftover] = list(backup_dir.glob(".killed.partial-*"))
    scratch = f"{connection.settings_dict['NAME']}_verify_999999"
    with _connect("postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{scratch}"')

    run = backup_scheduled()

    assert run.verified and run.folder.is_dir() and (run.folder / MANIFEST).is_file()
    assert [p.name for p in backup_dir.iterdir()] == [run.folder.name]
    with _connect("postgres", autocommit=True) as admin:
        assert admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scratch]).fetchone() is None
    cleanup = AuditEvent.objects.get(action="backup_cleanup")
    assert cleanup.details == {"folders": [leftover.name], "scratch_databases": [scratch]}
    assert AuditEvent.objects.filter(action="backup").exists()
    assert AuditEvent.objects.filter(action="restore", details__drill=True).exists()


def test_backups_older_than_the_keep_days_are_deleted_and_the_deletion_audited(backup_dir):
    first = backup_scheduled(now=timezone.now() - timedelta(days=40)).folder
    recent = backup_scheduled(now=timezone.now() - timedelta(days=2)).folder
    for folder, age in ((first, 40), (recent, 2)):
        manifest = json.loads((folder / MANIFEST).read_text())
        manifest["created_at"] = (timezone.now() - timedelta(days=age)).isoformat()
        (folder / MANIFEST).write_text(json.dumps(manifest))
    foreign = backup_dir / "notes"  # not a backup of ours: never touched
    foreign.mkdir()

    run = backup_scheduled()

    assert run.pruned == [first.name]
    assert sorted(p.name for p in backup_dir.iterdir()) == sorted([recent.name, run.folder.name, "notes"])
    pruned = AuditEvent.objects.get(action="backup_prune")
    assert pruned.details == {"deleted": [first.name], "keep_days": 35}


def test_a_second_backup_while_one_runs_is_refused_not_interleaved(backup_dir):
    from backups.services import BackupError, backup_create, backup_lock

    with backup_lock() as locked:
        assert locked
        # Another process's backup (another session) would not get the lock: the same session may re-enter.
        with _connect(autocommit=True) as other:
            assert other.execute("SELECT pg_try_advisory_lock(%s, %s)", [0x42414B, 1]).fetchone()[0] is False
    with _connect(autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s, %s)", [0x42414B, 1])
        with pytest.raises(BackupError, match="another backup is running"):
            backup_create(backup_dir / "refused")
        assert backup_scheduled().skipped == "another backup is running"


def test_the_beat_runs_the_backup_on_its_schedule(settings):
    entry = django_settings.CELERY_BEAT_SCHEDULE["scheduled-backup"]
    assert entry["task"] == "backups.tasks.scheduled_backup"
    assert entry["schedule"] == crontab(*django_settings.BACKUP_SCHEDULE.split())
    settings.BACKUP_DIR = ""
    assert backup_scheduled().skipped == "BACKUP_DIR is not set"
