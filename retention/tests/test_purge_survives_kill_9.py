"""A purge killed with SIGKILL at any point leaves the journal, the database and storage in agreement.

The purge runs in a real subprocess (`manage.py purge_expired`, or the same
command with a step wrapped to kill its own process at one step boundary)
against this test's PostgreSQL database, journal and storage. After every
kill: no journalled call is still keyed (no phantom entry) and every
tombstone is in the journal or waiting in the outbox (no unjournalled
deletion). After a last run: the journal names exactly the deleted calls,
once each, no blob is orphaned, every run has a finish time, the audit log
counts every deletion, and restoring a backup taken before the purge destroys
exactly the deleted calls and none of the held ones.
"""

from __future__ import annotations

import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from journal.file import journal_entries, journal_verify
from recordings.models import Recording
from recordings.services import open_audio
from retention.models import HoldKind, PurgeRun, Tombstone
from retention.services import hold_place, reconcile_storage
from testkit import database_url, make_personas, make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)

BATCH = 6

# Wrap one step so the process kills itself (SIGKILL, like a power cut) when the step is reached.
KILL_DRIVER = """
import os, signal, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recordings_admin.settings")
django.setup()
point = sys.argv[1]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

from journal import file as journal, services as backup_services
from retention import purge

# Ship the journal after every batch (a run ships every few seconds and at its end),
# so each kill below lands with batches still to go.
purge.SHIP_EVERY = 0.0

if point == "before_commit":
    original = purge._destroy_keys
    def wrapped(*a, **k):
        original(*a, **k)
        die()  # keys destroyed, tombstones and the deletions' records written, not committed
    purge._destroy_keys = wrapped
elif point == "after_commit_before_ship":
    original_ship = backup_services.journal_ship
    calls = []
    def ship(*a, **k):
        calls.append(1)
        if len(calls) > 1:
            die()  # the first batch committed; its entries are still in the outbox
        return original_ship(*a, **k)
    backup_services.journal_ship = ship
    purge.journal_ship = ship
elif point == "after_append_before_outbox_delete":
    original_append = journal.Appender.append
    def append(self, items):
        result = original_append(self, items)
        if items:
            die()
        return result
    journal.Appender.append = append
elif point == "mid_append":
    original_append = journal.Appender.append
    def append(self, items):
        if items:
            self.fh.seek(0, os.SEEK_END)
            self.fh.write(b'{"sequence": 999999, "at": "2026-')  # a torn final line
            self.fh.flush()
            os.fsync(self.fh.fileno())
            die()
        return original_append(self, items)
    journal.Appender.append = append
elif point == "after_blobs_before_dequeue":
    original_dequeue = purge._dequeue
    def dequeue(public_ids):
        if public_ids:
            die()  # the batch's blobs are deleted; their queue rows are not
        return original_dequeue(public_ids)
    purge._dequeue = dequeue

from django.core.management import call_command
call_command("purge_expired", batch_size=int(sys.argv[2]))
"""

POINTS = [
    "before_commit",
    "after_commit_before_ship",
    "after_append_before_outbox_delete",
    "mid_append",
    "after_blobs_before_dequeue",
]


def _env(settings) -> dict:
    db = connection.settings_dict
    url = database_url(db)
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DATA_DIR": str(Path(settings.MEDIA_ROOT).parent / "data"),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "RECORDINGS_KEYS": "",
        "RECORDINGS_KEYS_FILE": str(settings.RECORDINGS_KEYS_FILE),
        "DELETION_JOURNAL_DIR": str(settings.DELETION_JOURNAL_DIR),
        "CONN_MAX_AGE": "0",
        # With DEBUG off manage.py refuses the public default key; a throwaway one will do.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or f"kill-test-{secrets.token_urlsafe(32)}",
    }


def _journalled() -> list[str]:
    return [e.get(e.get("kind", "recording")) for e in journal_entries()]


def _queued() -> set[str]:
    """Committed deletions waiting in the outbox for the journal."""
    from journal.models import DeletionOutbox

    return {str(p) for p in DeletionOutbox.objects.values_list("public_id", flat=True)}


def _check_after_kill() -> None:
    journalled = set(_journalled())
    keyed = {str(p) for p in Recording.objects.filter(wrapped_key__isnull=False).values_list("public_id", flat=True)}
    assert journalled & keyed == set(), "phantom entries: journalled calls that still live"
    tombstoned = {str(p) for p in Tombstone.objects.values_list("recording_public_id", flat=True)}
    assert tombstoned - journalled - _queued() == set(), "deletions neither journalled nor queued"
    assert journalled <= tombstoned
    # A deleted call's blobs are queued until they are gone, so a kill orphans none.
    from recordings.models import BlobsToDelete

    assert {str(p) for p in BlobsToDelete.objects.values_list("recording_public_id", flat=True)} <= tombstoned
    assert reconcile_storage(grace=timedelta(0)).orphan_blobs == [], "a blob nobody will delete"


def _readable(public_id) -> bool:
    reader = open_audio(Recording.objects.get(public_id=public_id), variant="original")
    try:
        return bool(b"".join(reader.read_all()))
    finally:
        reader.close()


def test_a_purge_killed_at_every_step_loses_and_invents_no_deletion(settings, tmp_path):
    personas = make_personas()
    past = timezone.now() - timedelta(hours=1)
    expired = [make_stored_recording(personas.register, expires_at=past) for _ in range(70)]
    kept = [make_stored_recording(personas.register, expires_at=timezone.now() + timedelta(days=30)) for _ in range(3)]
    held_first = expired[-3:]
    hold_place(
        actor=personas.dpo,
        recordings=held_first,
        kind=HoldKind.COMPLAINT,
        reason="Reklamaatio.",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    env = _env(settings)

    kills = 0
    for point in POINTS:
        process = subprocess.run(
            [sys.executable, "-c", KILL_DRIVER, point, str(BATCH)],
            cwd=django_settings.BASE_DIR,
            env=env,
            capture_output=True,
            timeout=120,
        )
        assert process.returncode == -signal.SIGKILL, (point, process.stderr.decode()[-2000:])
        kills += 1
        _check_after_kill()

    # A DPO holds three calls the killed runs did not reach; the purge must keep them
    # and a restore must not destroy them.
    alive = list(
        Recording.objects.filter(expires_at__lte=timezone.now(), wrapped_key__isnull=False).exclude(
            pk__in=[r.pk for r in held_first]
        )[:3]
    )
    assert len(alive) == 3
    hold_place(
        actor=personas.dpo,
        recordings=alive,
        kind=HoldKind.CRIMINAL_INVESTIGATION,
        reason="Esitutkinta.",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    held = {str(r.public_id) for r in [*held_first, *alive]}

    rng = random.Random(13)

    def expired_unheld():
        return (
            Recording.objects.filter(expires_at__lte=timezone.now(), wrapped_key__isnull=False)
            .exclude(public_id__in=held)
            .count()
        )

    for _ in range(5):
        # Enough expired calls for a dozen batches, so the kill lands mid-purge on any machine.
        for _ in range(max(0, 36 - expired_unheld())):
            make_stored_recording(personas.register, expires_at=past)
        runs_before = PurgeRun.objects.count()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "purge_expired", "--batch-size", "3"],
            cwd=django_settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Start the clock when the run has begun: interpreter start-up takes seconds on a
        # busy machine and a fraction of one on a quiet one.
        deadline = time.monotonic() + 90
        while PurgeRun.objects.count() == runs_before and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.04))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        kills += process.returncode == -signal.SIGKILL
        _check_after_kill()

    finish = subprocess.run(
        [sys.executable, "manage.py", "purge_expired", "--batch-size", str(BATCH)],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert finish.returncode == 0, finish.stderr.decode()[-2000:]
    assert kills >= len(POINTS) + 3

    journalled = _journalled()
    tombstoned = {str(p) for p in Tombstone.objects.values_list("recording_public_id", flat=True)}
    assert [k for k, n in Counter(journalled).items() if n > 1] == [], "an entry was written twice"
    assert set(journalled) == tombstoned, "the journal names exactly the deleted calls"
    assert _queued() == set()
    assert journal_verify().problems == []
    assert held.isdisjoint(tombstoned)
    assert not Recording.objects.filter(wrapped_key__isnull=True).exists()
    from recordings.models import BlobsToDelete

    assert not BlobsToDelete.objects.exists()
    assert reconcile_storage(grace=timedelta(0)).orphan_blobs == []
    assert not PurgeRun.objects.filter(finished_at__isnull=True).exists()
    # Every precise kill but mid_append (which dies shipping, before the run's row exists) left a run.
    assert PurgeRun.objects.filter(interrupted=True).count() >= len(POINTS) - 1
    audited = sum(e.details.get("deleted", 0) for e in AuditEvent.objects.filter(action="purge_batch"))
    assert audited == len(tombstoned), "the audit log counts every deletion once"

    # The disaster, then the restore of the backup taken before the purge.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    call_command("restore", str(backup))
    restored = {str(p) for p in Recording.objects.values_list("public_id", flat=True)}
    before = {str(r.public_id) for r in [*expired, *kept]}
    assert restored == before - tombstoned, "the restore destroys exactly the deleted calls"
    for public_id in held:
        assert _readable(public_id), "a held call survives the restore"
    for recording in kept:
        assert _readable(recording.public_id)
