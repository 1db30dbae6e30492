"""The purge works on the demo's default: the embedded PostgreSQL, started by the process that needs it.

`scripts/run` serves the demo with the Celery beat running the purge; here a
process of its own, with no DATABASE_URL, makes the cluster under DATA_DIR,
migrates it from empty, purges, and leaves no server running behind it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.embedded import postmasters

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recordings_admin.settings")
django.setup()
from datetime import timedelta
from django.core.management import call_command
from django.utils import timezone
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


def test_the_purge_runs_on_the_embedded_default_from_an_empty_database(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "EMBEDDED_POSTGRES_DIR"}
    }
    env.update(
        DATA_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DEBUG="true",
        SECRET_KEY="demo-purge-test-key-not-for-production-use-0123456789",
        TWO_FACTOR_REQUIRED="false",
    )
    process = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, timeout=300, text=True
    )
    assert process.returncode == 0 and process.stdout.strip().endswith("ok"), process.stderr[-3000:]
    assert postmasters(tmp_path / "var") == [], "the process that started the server stops it when it leaves"
