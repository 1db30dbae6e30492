"""Every hand-written statement gives what the ORM gives on the same rows, timestamps included.

A statement written by hand bypasses the fields' converters. Each one kept for
its cost (the purge's batch lock, the journal's outbox read, the audit log's
append) is held here to the ORM's reading of the same rows; the upload's token
read went back to the ORM, and is held to the rule it states.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from audit.models import AuditChainHead, AuditEvent
from audit.services import audit_record_many
from journal.models import DeletionOutbox
from journal.services import OUTBOX_COLUMNS, _outbox_chunk, deletions_outbox_add
from recordings.api import authenticate
from recordings.models import IngestToken, Recording
from retention.purge import _lock_batch
from retention.selectors import recordings_due
from testkit import unsaved_recording

pytestmark = pytest.mark.django_db


def test_the_upload_reads_its_token_as_the_orm_does(personas):
    token, raw = IngestToken.issue(personas.register, name="recorder")
    used = timezone.now() - timedelta(hours=3)
    IngestToken.objects.filter(pk=token.pk).update(last_used_at=used)
    orm = IngestToken.objects.get(pk=token.pk)
    _register, read = authenticate(RequestFactory().post("/", HTTP_AUTHORIZATION=f"Token {raw}"), "register-a")
    assert (read.pk, read.prefix, read.register_id) == (orm.pk, orm.prefix, orm.register_id)
    assert read.last_used_at == orm.last_used_at == used and read.last_used_at.tzinfo is not None
    # The second upload of the hour does arithmetic with it (it raised TypeError on a naive value).
    _register, again = authenticate(RequestFactory().post("/", HTTP_AUTHORIZATION=f"Token {raw}"), "register-a")
    assert IngestToken.objects.get(pk=token.pk).last_used_at > used and again.pk == token.pk


def test_the_purge_locks_the_batch_the_orm_orders_and_ends_it_at_the_same_instant(personas):
    now = timezone.now()
    Recording.objects.bulk_create(
        [
            unsaved_recording(personas.register, expires_at=now - timedelta(days=n % 7, microseconds=n * 137))
            for n in range(40)
        ]
    )
    orm = list(recordings_due(now=now).order_by("expires_at", "pk").values_list("pk", "expires_at"))
    with transaction.atomic():
        ids, end = _lock_batch(now=now, register=None, batch_size=15, after=None)
        following, last = _lock_batch(now=now, register=None, batch_size=100, after=end)
    assert ids == [pk for pk, _ in orm[:15]] and following == [pk for pk, _ in orm[15:]]
    assert end == orm[14][::-1] and end[0].tzinfo is not None
    assert last == orm[-1][::-1]


def test_the_journal_reads_the_outbox_as_the_orm_does(personas):
    recordings = [unsaved_recording(personas.register) for _ in range(5)]
    with transaction.atomic():
        deletions_outbox_add(
            [(r.public_id, personas.register.pk) for r in recordings], kind="recording", reason="retention"
        )
    orm = [
        tuple(str(v) if k in {"public_id", "token"} else v for k, v in zip(OUTBOX_COLUMNS, row, strict=True))
        for row in DeletionOutbox.objects.order_by("pk").values_list(*OUTBOX_COLUMNS)
    ]
    assert [tuple(row) for row in _outbox_chunk()] == orm and len(orm) == 5


def test_the_audit_append_stores_what_the_orm_reads_back(personas):
    written = audit_record_many(
        [
            {"action": "ropa_export", "actor": personas.dpo, "register": personas.register, "details": {"n": 1}},
            {"action": "purge_batch", "actor_label": "purge", "register": personas.register, "details": {"n": 2}},
        ]
    )
    stored = {e.pk: e for e in AuditEvent.objects.filter(pk__in=[e.pk for e in written])}
    for event in written:
        again = stored[event.pk]
        for field in AuditEvent._meta.concrete_fields:
            assert getattr(again, field.attname) == getattr(event, field.attname), field.name
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_sequence, head.last_hash) == (written[-1].sequence, written[-1].hash)
