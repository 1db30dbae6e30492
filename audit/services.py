"""Writing and checking the audit log.

`audit_record` is the one way events are written. It takes the chain head's
row lock, so concurrent writers queue rather than fork the chain; call it
inside the transaction of the change it records, so the event and the
change commit or roll back together.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import GENESIS_HASH, AuditChainHead, AuditEvent

logger = logging.getLogger("audit")
CHECKPOINT_PREFIX = "audit-checkpoints/"


def _client_address(request) -> str | None:
    if request is None:
        return None
    # REMOTE_ADDR is the proxy's address behind a proxy; settings.BEHIND_PROXY
    # makes the X-Forwarded-For middleware rewrite it before we get here.
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor=None,
    actor_label: str = "",
    register=None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    reason: str = "",
    request=None,
    details: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain. Details must hold ids and counts, never personal data."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated:
            actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            sequence=head.last_sequence + 1,
            created_at=timezone.now(),
            actor_id=actor.pk if actor is not None else None,
            actor_label=(actor.get_username() if actor is not None else actor_label)[:150],
            action=action,
            register_id=register.pk if register is not None else None,
            register_slug=register.slug if register is not None else "",
            object_type=object_type,
            object_id=str(object_id)[:64],
            reason=reason,
            client_address=_client_address(request),
            details=json.loads(json.dumps(details or {}, default=str)),
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
        head.last_sequence = event.sequence
        head.last_hash = event.hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return event


def events_for_object(object_type: str, object_id) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-id")


def events_for_register(register) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(register_id=register.pk).order_by("-id")


# -- checkpoints -------------------------------------------------------------


def _sign(payload: bytes) -> str:
    key = hashlib.sha256(b"audit-checkpoint:" + settings.AUDIT_CHECKPOINT_KEY.encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def audit_checkpoint_write() -> dict | None:
    """Write the chain head outside the database: a signed file in storage and a log line.

    Someone who can rewrite the audit table and recompute its hashes cannot
    also rewrite checkpoints already copied to storage, backups and logs.
    """
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.last_sequence == 0:
        return None
    body = {"sequence": head.last_sequence, "hash": head.last_hash, "at": timezone.now().isoformat()}
    payload = json.dumps(body, sort_keys=True).encode()
    checkpoint = {**body, "signature": _sign(payload)}
    name = f"{CHECKPOINT_PREFIX}{head.last_sequence:012d}.json"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(json.dumps(checkpoint, sort_keys=True).encode()))
    logger.info("audit checkpoint sequence=%s hash=%s", head.last_sequence, head.last_hash)
    return checkpoint


def _checkpoints() -> list[dict]:
    try:
        _dirs, files = default_storage.listdir(CHECKPOINT_PREFIX)
    except FileNotFoundError:
        return []
    result = []
    for name in sorted(files):
        with default_storage.open(CHECKPOINT_PREFIX + name) as fh:
            result.append(json.loads(fh.read()))
    return result


@dataclass
class ChainReport:
    events: int = 0
    checkpoints: int = 0
    problems: list[str] = field(default_factory=list)
    verified_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_chain_verify(*, batch_size: int = 5000) -> ChainReport:
    """Recompute every hash, check every link, and compare against stored checkpoints."""
    report = ChainReport(verified_at=timezone.now())
    expected_prev = GENESIS_HASH
    hashes: dict[int, str] = {}
    checkpoints = _checkpoints()
    wanted = {int(c["sequence"]) for c in checkpoints}
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(sequence__gt=last).order_by("sequence")[:batch_size])
        if not batch:
            break
        for event in batch:
            report.events += 1
            if event.sequence != last + 1:
                report.problems.append(f"events {last + 1}..{event.sequence - 1} are missing")
            if event.prev_hash != expected_prev:
                report.problems.append(f"event {event.sequence}: link to the previous event is broken")
            if event.compute_hash() != event.hash:
                report.problems.append(f"event {event.sequence}: contents do not match its hash")
            if event.sequence in wanted:
                hashes[event.sequence] = event.hash
            expected_prev = event.hash
            last = event.sequence
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_sequence != last:
        report.problems.append(f"chain head names event {head.last_sequence} but the last event is {last}")
    for checkpoint in checkpoints:
        report.checkpoints += 1
        body = {k: checkpoint[k] for k in ("sequence", "hash", "at")}
        if not hmac.compare_digest(_sign(json.dumps(body, sort_keys=True).encode()), checkpoint.get("signature", "")):
            report.problems.append(f"checkpoint at event {checkpoint['sequence']}: signature is invalid")
            continue
        found = hashes.get(int(checkpoint["sequence"]))
        if found is None:
            report.problems.append(f"checkpoint at event {checkpoint['sequence']}: that event is missing")
        elif found != checkpoint["hash"]:
            report.problems.append(f"checkpoint at event {checkpoint['sequence']}: the chain was rewritten since")
    return report
