"""The beat schedule names the purge, and a real worker over Redis runs it and deletes an expired call."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection

from conftest import require_or_skip
from recordings.models import Recording
from testkit import database_url, make_personas, make_stored_recording

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available() -> bool:
    url = urlparse(REDIS_URL)
    try:
        with socket.create_connection((url.hostname, url.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def test_beat_schedule_names_the_purge_task():
    entries = {e["task"]: e for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "retention.tasks.purge_expired_recordings" in entries
    from recordings_admin.celery import app

    app.loader.import_default_modules()
    assert "retention.tasks.purge_expired_recordings" in app.tasks


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_purges_an_expired_recording_through_redis(tmp_path):
    require_or_skip(redis_available(), "Redis")
    from datetime import timedelta

    from django.utils import timezone

    personas = make_personas()
    recording = make_stored_recording(personas.register, expires_at=timezone.now() - timedelta(minutes=1))
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": database_url(db),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "RECORDINGS_KEYS_FILE": str(settings.RECORDINGS_KEYS_FILE),
        "DATA_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "recordings_admin",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        from celery import Celery

        client = Celery(broker=REDIS_URL, backend=REDIS_URL)
        result = client.send_task("retention.tasks.purge_expired_recordings")
        outcome = result.get(timeout=60)
        assert outcome["deleted"] == 1
        deadline = time.monotonic() + 10
        while Recording.objects.filter(pk=recording.pk).exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not Recording.objects.filter(pk=recording.pk).exists()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
