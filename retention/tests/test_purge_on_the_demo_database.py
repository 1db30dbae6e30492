"""The purge works on the demo's embedded database (SQLite) too, not only on PostgreSQL.

`scripts/run` serves the demo on SQLite with the Celery beat running the
purge; its deletion path is the ORM one (no single-statement CTE), so it is
tried here in a process of its own, from an empty database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recordings_admin.settings")
django.setup()
from datetime import timedelta
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
assert connection.vendor == "sqlite", connection.vendor
call_command("migrate", verbosity=0)
from testkit import make_personas, make_stored_recording
from recordings.models import BlobsToDelete, Recording, Tombstone
from journal.file import journal_entries
from retention.services import purge_expired_recordings
personas = make_personas()
gone = [make_stored_recording(personas.register, expires_at=timezone.now() - timedelta(hours=1)) for _ in range(5)]
kept = make_stored_recording(personas.register, expires_at=timezone.now() + timedelta(days=3))
result = purge_expired_recordings(batch_size=2)
assert result.deleted == 5 and result.errors == 0, (result.deleted, result.errors)
assert list(Recording.objects.values_list("pk", flat=True)) == [kept.pk]
assert not BlobsToDelete.objects.exists()
assert Tombstone.objects.filter(expires_at__isnull=False).count() == 5
assert sorted(e["recording"] for e in journal_entries()) == sorted(str(r.public_id) for r in gone)
files = [f for _d, _s, names in os.walk(os.environ["MEDIA_ROOT"]) for f in names]
assert len(files) == 1, files
print("ok")
"""


def test_the_purge_runs_on_sqlite_from_an_empty_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(
        DATA_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DEBUG="true",
        SECRET_KEY="sqlite-purge-test-key-not-for-production-use-0123456789",
        TWO_FACTOR_REQUIRED="false",
    )
    process = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, timeout=300, text=True
    )
    assert process.returncode == 0 and process.stdout.strip().endswith("ok"), process.stderr[-3000:]
