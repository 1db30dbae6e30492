"""A real Celery worker over Redis sends the deadline digest; sent twice, the task emails each DPO once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from email import message_from_string
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from conftest import require_or_skip
from retention.tests.test_scheduled_purge_with_celery import REDIS_URL, redis_available
from subject_requests import services
from subject_requests.reminders import deadline_digest_send
from testkit import database_url, make_personas


def _late_request(personas, received_days_ago=40):
    return services.request_receive(
        actor=personas.dpo,
        controller=personas.register.controller,
        rights=["access"],
        received_on=timezone.localdate() - timedelta(days=received_days_ago),
        channel="letter",
        language="fi",
        subject_name="Kalle Kokeilija",
        phone_numbers=["040 765 4321"],
    )


def _dpos_with_email(personas):
    for user, address in ((personas.dpo, "dpo-a@example.fi"), (personas.sibling_dpo, "dpo-a2@example.fi")):
        user.email = address
        user.save(update_fields=["email"])


def _read_mailbox(folder: Path) -> list:
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                messages.append(message_from_string(chunk.strip()))
    return messages


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_dpo_one_digest_however_often_the_task_runs(tmp_path):
    require_or_skip(redis_available(), "Redis")
    personas = make_personas()
    _dpos_with_email(personas)
    late = _late_request(personas)
    mailbox = tmp_path / "mail"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": database_url(db),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mailbox),
        "SITE_URL": "https://tallenteet.example.fi",
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
            "--pool=threads",
            "--concurrency=2",
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
        results = [client.send_task("subject_requests.tasks.send_deadline_reminders") for _ in range(3)]
        sent = [r.get(timeout=90) for r in results]
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert sorted(sent) == [0, 0, 2]
    messages = _read_mailbox(mailbox)
    assert sorted(m["To"] for m in messages) == ["dpo-a2@example.fi", "dpo-a@example.fi"]
    for message in messages:
        body = message.get_payload()
        assert f"https://tallenteet.example.fi/requests/{late.number}/" in body
        assert "Kalle" not in body


@pytest.mark.django_db(transaction=True)
def test_two_digests_at_once_name_each_request_to_each_dpo_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    personas = make_personas()
    _dpos_with_email(personas)
    _late_request(personas)
    _late_request(personas, received_days_ago=28)
    mail.outbox = []
    barrier = threading.Barrier(2)
    counts = []

    def run():
        from django.db import connections

        barrier.wait()
        try:
            counts.append(deadline_digest_send())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(counts) in ([0, 2], [1, 1])
    digests = [m for m in mail.outbox if m.to[0].startswith("dpo-")]
    assert sorted(m.to[0] for m in digests) == ["dpo-a2@example.fi", "dpo-a@example.fi"]
    assert all(m.body.count("/requests/SR-") == 2 for m in digests)
