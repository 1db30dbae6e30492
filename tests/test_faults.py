"""Faults lose nothing: a broker that is down, storage that fails, a tampered audit row."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from recordings.models import Recording, RenditionStatus
from recordings.services import enqueue_rendition, parse_call_metadata, recording_ingest
from recordings.tasks import make_pending_renditions
from recordings.tests.conftest import call_data
from vault.keyring import get_keyring

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    """Point the Celery app at a port where nothing listens, without retries."""
    from recordings_admin.celery import app

    saved = (app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_publish_retry, app._pool)
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    app.conf.broker_transport_options = {"max_retries": 0}
    app.conf.task_publish_retry = False
    # Both pools: a task published earlier in the run (a rule change's recompute) left producers on the real broker.
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url, app.conf.broker_transport_options, app.conf.task_publish_retry, _pool = saved
    app._pool = None
    app.amqp._producer_pool = None


def test_with_the_broker_down_ingest_succeeds_and_the_sweep_makes_the_rendition(
    personas, audio_file, broker_down, caplog
):
    path = audio_file("wav-gsm", 3.0)
    recording, created = recording_ingest(
        register=personas.register, audio_path=path, metadata=parse_call_metadata(call_data(3.0))
    )
    assert created
    enqueue_rendition(recording.pk)  # what on_commit runs: must not raise with the broker down
    assert "rendition of recording" in caplog.text and "deferred" in caplog.text
    assert Recording.objects.get(pk=recording.pk).rendition_status == RenditionStatus.PENDING

    # Later the beat's sweep (every five minutes) finds it.
    Recording.objects.filter(pk=recording.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert make_pending_renditions() == 1
    assert Recording.objects.get(pk=recording.pk).rendition_status == RenditionStatus.READY


@pytest.mark.parametrize("install", ["running", "fresh"])
def test_a_full_disk_at_upload_is_a_clear_503_and_records_nothing(
    personas, client, audio_file, monkeypatch, settings, tmp_path, install
):
    """The disk fills while the blob is flushed to it (where a full disk with delayed allocation shows); on a
    fresh install without RECORDINGS_KEYS the first upload writes the key file first, storage failing too."""
    from recordings.models import IngestToken

    _token, raw = IngestToken.issue(personas.register, name="pbx")
    if install == "fresh":
        settings.RECORDINGS_KEYS = ""
        settings.RECORDINGS_KEYS_FILE = str(tmp_path / "fresh" / "recordings.keys")
    else:
        get_keyring()  # made on an earlier upload

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with open(audio_file("wav-mulaw", 3.0), "rb") as fh:
        response = client.post(
            f"/api/v1/registers/{personas.register.slug}/recordings/",
            {**call_data(3.0), "audio": fh},
            HTTP_AUTHORIZATION=f"Token {raw}",
        )
    assert response.status_code == 503
    assert "nothing was recorded" in response.json()["error"]
    assert not Recording.objects.exists()
    root = settings.MEDIA_ROOT
    assert not os.path.exists(root) or not any(files for _d, _s, files in os.walk(root))
    if install == "fresh":
        assert os.listdir(tmp_path / "fresh") == []


def test_verify_audit_log_names_a_tampered_event(personas, client, capsys):
    from audit.services import audit_record

    for i in range(4):
        audit_record(action="ropa_export", actor=personas.dpo, details={"n": i})
    target = AuditEvent.objects.get(sequence=3)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute("UPDATE audit_auditevent SET actor_label = 'someone else' WHERE id = %s", [target.pk])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
    with pytest.raises(CommandError):
        call_command("verify_audit_log")
    assert "event 3: contents do not match its hash" in capsys.readouterr().err
