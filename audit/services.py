"""Writing and checking the audit log.

`audit_record` is the one way events are written. It takes the chain head's
row lock, so concurrent writers queue rather than fork the chain; call it
inside the transaction of the change it records, so the event and the
change commit or roll back together.
"""

from __future__ import annotations

import hmac
import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max, Min, QuerySet
from django.utils import timezone

from journal.file import JournalError, journal_entries, journal_tip

from .anchors import AnchorStoreError, anchor_signature, anchor_store
from .client import client_address
from .models import GENESIS_HASH, AuditChainHead, AuditEvent

logger = logging.getLogger("audit")


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
    return audit_record_many([dict(locals())])[0]


def audit_record_many(events: list[dict]) -> list[AuditEvent]:
    """Append several events in order, locking and moving the chain head once (a purge batch's per-register events).

    Each item takes audit_record's keyword arguments.
    """
    if not events:
        return []
    # Inside a caller's transaction a savepoint would buy nothing: a failed audit write must undo the caller's work.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        written = []
        for item in events:
            event = _event(head, item)
            head.last_sequence, head.last_hash = event.sequence, event.hash
            written.append(event)
        _append(written, head)
    return written


def _locked_head() -> AuditChainHead:
    """The chain head, row-locked until the caller's transaction ends (created on the first write ever)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    return head


# The events' columns but the id, in the model's order (the INSERT below and its values follow it).
_EVENT_FIELDS = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]


def _append(events: list[AuditEvent], head: AuditChainHead) -> None:
    """The events' insert and the head's move in one statement, one round trip where they were two
    (the head was read, and locked, by _locked_head)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _EVENT_FIELDS)
    row = "(" + ", ".join(["%s"] * len(_EVENT_FIELDS)) + ")"
    params = [f.get_db_prep_save(getattr(e, f.attname), connection) for e in events for f in _EVENT_FIELDS]
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH head AS (UPDATE {quote(AuditChainHead._meta.db_table)} SET last_sequence = %s, last_hash = %s "
            f"WHERE id = 1) INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) "
            f"VALUES {', '.join([row] * len(events))} RETURNING id",
            [head.last_sequence, head.last_hash, *params],
        )
        for event, (pk,) in zip(events, cursor.fetchall(), strict=True):
            event.pk = pk
            event._state.adding, event._state.db = False, connection.alias


def _event(head: AuditChainHead, item: dict) -> AuditEvent:
    """The next event after `head`, hashed and not yet saved; `item` holds audit_record's keyword arguments."""
    actor, request, obj = item.get("actor"), item.get("request"), item.get("obj")
    register, details = item.get("register"), item.get("details")
    object_type, object_id = item.get("object_type", ""), item.get("object_id", "")
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        if request.user.is_authenticated:
            actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    event = AuditEvent(
        sequence=head.last_sequence + 1,
        created_at=timezone.now(),
        actor_id=actor.pk if actor is not None else None,
        actor_label=(actor.get_username() if actor is not None else item.get("actor_label", ""))[:150],
        action=item["action"],
        register_id=register.pk if register is not None else None,
        register_slug=register.slug if register is not None else "",
        object_type=object_type,
        object_id=str(object_id)[:64],
        reason=item.get("reason", ""),
        client_address=client_address(request),
        details=json.loads(json.dumps(details or {}, default=str)),
        prev_hash=head.last_hash,
    )
    event.hash = event.compute_hash()
    return event


def events_for_object(object_type: str, object_id) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).order_by("-id")


def events_for_register(register) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(register_id=register.pk).order_by("-id")


# -- anchors -----------------------------------------------------------------


def _anchor_name(at: datetime, sequence: int) -> str:
    # Names sort by time, so the store's listing order is the anchors' order.
    return f"anchor-{at.astimezone(UTC):%Y%m%dT%H%M%S%fZ}-{sequence:012d}.json"


def audit_anchor_write() -> dict:
    """Sign the audit chain head and the deletion journal head and write them to the anchor store.

    Written every interval even when nothing changed: verification demands a
    recent anchor, so removing the newest anchors (or stopping them) shows.
    """
    head = AuditChainHead.objects.filter(pk=1).first()
    sequence, last_hash = (head.last_sequence, head.last_hash) if head else (0, GENESIS_HASH)
    journal_sequence, journal_hash = journal_tip()
    at = timezone.now()
    body = {
        "at": at.isoformat(),
        "audit": {"sequence": sequence, "hash": last_hash},
        "journal": {"sequence": journal_sequence, "hash": journal_hash},
    }
    anchor = {**body, "signature": anchor_signature(body)}
    anchor_store().put(_anchor_name(at, sequence), json.dumps(anchor, sort_keys=True).encode())
    logger.info("audit anchor sequence=%s hash=%s journal=%s", sequence, last_hash, journal_sequence)
    _remember_anchored(last_hash, journal_hash)
    return anchor


# The heads the newest anchor this installation wrote names: kept in the cache (shared by every process
# with CACHE_URL on Redis) so that a minute without audited writes costs one read of the chain head.
ANCHORED_HEADS_CACHE_KEY = "audit:anchored-heads"


def _remember_anchored(audit_hash: str, journal_hash: str) -> None:
    try:
        cache.set(ANCHORED_HEADS_CACHE_KEY, [audit_hash, journal_hash], timeout=None)
    except Exception as exc:  # noqa: BLE001 - a cache outage costs an extra anchor, never a missing one
        logger.warning("audit anchor: cannot note the anchored head in the cache: %s", type(exc).__name__)


def audit_anchor_new_events() -> dict | None:
    """Anchor the heads if anything was written since the last anchor; None when nothing was.

    Run every minute (the beat), so an audited write is anchored within a
    minute or so: one anchor covers every event and journal entry since the
    last. Someone who deletes the newest events has at most that long.
    """
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    if head is None:
        return None
    try:
        anchored = cache.get(ANCHORED_HEADS_CACHE_KEY)
    except Exception:  # noqa: BLE001 - without the cache, anchor
        anchored = None
    if anchored and anchored[0] == head and anchored[1] == journal_tip()[1]:
        return None
    return audit_anchor_write()


@dataclass
class ChainReport:
    events: int = 0
    anchors: int = 0
    problems: list[str] = field(default_factory=list)
    verified_at: datetime | None = None
    # Events written since the newest anchor: the ones whose deletion no anchor would show yet.
    unanchored_events: int = 0
    newest_unanchored_age: timedelta | None = None
    oldest_unanchored_age: timedelta | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _read_anchors(report: ChainReport) -> list[dict]:
    """The anchors whose signature holds, oldest first; forged or unreadable ones become problems."""
    try:
        stored = list(anchor_store().anchors())
    except AnchorStoreError as exc:
        report.problems.append(str(exc))
        return []
    return _valid_anchors(stored, report)


def _valid_anchors(stored: list[tuple[str, bytes]], report: ChainReport) -> list[dict]:
    """_read_anchors for anchors already read: (name, data) pairs."""
    valid = []
    for name, data in stored:
        report.anchors += 1
        try:
            anchor = json.loads(data)
            body = {k: anchor[k] for k in ("at", "audit", "journal")}
            anchor["at_time"] = datetime.fromisoformat(anchor["at"])
            int(anchor["audit"]["sequence"]), int(anchor["journal"]["sequence"])
        except (ValueError, KeyError, TypeError):
            report.problems.append(f"anchor {name}: unreadable")
            continue
        if not hmac.compare_digest(anchor_signature(body), str(anchor.get("signature", ""))):
            report.problems.append(f"anchor {name}: signature is invalid")
            continue
        anchor["name"] = name
        valid.append(anchor)
    return sorted(valid, key=lambda a: a["at_time"])


def anchored_journal_head() -> dict | None:
    """The deletion journal's furthest head a validly signed anchor names: {"sequence", "hash", "at", "name"}.

    None when no anchor names a journal entry. Raises AnchorStoreError when the
    store cannot be read; forged or unreadable anchors are passed over (they
    prove nothing), as audit_chain_verify reports them.
    """
    stored = list(anchor_store().anchors())
    anchors = [a for a in _valid_anchors(stored, ChainReport()) if int(a["journal"]["sequence"]) > 0]
    if not anchors:
        return None
    newest = max(anchors, key=lambda a: (int(a["journal"]["sequence"]), a["at_time"]))
    return {
        "sequence": int(newest["journal"]["sequence"]),
        "hash": newest["journal"]["hash"],
        "at": newest["at"],
        "name": newest["name"],
    }


def _compare_with_anchors(
    report: ChainReport, anchors: list[dict], part: str, hashes: dict[int, str], last: int, what: str
) -> None:
    """Every anchored head must still be in the chain, with the same hash."""
    beyond = [a for a in anchors if int(a[part]["sequence"]) > last]
    if beyond:
        named = max(int(a[part]["sequence"]) for a in beyond)
        if part == "audit":
            report.problems.append(
                f"events {last + 1}..{named} are missing: the chain ends at event {last}, "
                f"but an anchor names event {named} (the newest events were deleted)"
            )
        else:
            report.problems.append(
                f"deletion journal: entries {last + 1}..{named} are missing "
                f"(the journal ends at entry {last}, an anchor names {named})"
            )
    for anchor in anchors:
        sequence = int(anchor[part]["sequence"])
        if 0 < sequence <= last and hashes.get(sequence) not in (None, anchor[part]["hash"]):
            report.problems.append(f"anchor {anchor['name']}: {what} {sequence} was rewritten since")


def _check_freshness(report: ChainReport, anchors: list[dict], now: datetime) -> None:
    limit = timedelta(minutes=2 * settings.AUDIT_ANCHOR_INTERVAL_MINUTES)
    if anchors:
        newest = anchors[-1]["at_time"]
        if now - newest > limit:
            report.problems.append(
                f"the newest anchor is stale: written {newest.isoformat(timespec='seconds')}, older than twice the "
                f"anchor interval ({limit.total_seconds() / 60:g} minutes); newer anchors were removed or not written"
            )
        return
    oldest = AuditEvent.objects.order_by("sequence").values_list("created_at", flat=True).first()
    if oldest is not None and now - oldest > limit:
        report.problems.append(
            "no audit anchor found, though events are older than twice the anchor interval "
            "(anchors were removed or never written)"
        )


def _note_unanchored(report: ChainReport, anchors: list[dict], now: datetime) -> None:
    anchored = max((int(a["audit"]["sequence"]) for a in anchors), default=0)
    found = AuditEvent.objects.filter(sequence__gt=anchored).aggregate(
        count=Count("id"), oldest=Min("created_at"), newest=Max("created_at")
    )
    report.unanchored_events = found["count"]
    if found["count"]:
        report.newest_unanchored_age = now - found["newest"]
        report.oldest_unanchored_age = now - found["oldest"]


def audit_chain_verify(*, batch_size: int = 5000) -> ChainReport:
    """Recompute every hash, check every link, and compare the audit chain and the journal with the anchors."""
    now = timezone.now()
    report = ChainReport(verified_at=now)
    anchors = _read_anchors(report)
    wanted = {int(a["audit"]["sequence"]) for a in anchors}
    expected_prev = GENESIS_HASH
    hashes: dict[int, str] = {}
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
    _compare_with_anchors(report, anchors, "audit", hashes, last, "event")

    wanted_journal = {int(a["journal"]["sequence"]) for a in anchors}
    journal_hashes: dict[int, str] = {}
    journal_last = 0
    try:
        for entry in journal_entries():
            journal_last = entry["sequence"]
            if journal_last in wanted_journal:
                journal_hashes[journal_last] = entry["hash"]
    except JournalError as exc:
        report.problems.append(f"deletion journal: {exc}")
    _compare_with_anchors(report, anchors, "journal", journal_hashes, journal_last, "journal entry")
    _check_freshness(report, anchors, now)
    _note_unanchored(report, anchors, now)
    return report
