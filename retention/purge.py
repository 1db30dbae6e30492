"""The retention purge: every recording past its expiry that no hold or restriction keeps.

The purge deletes in two steps per batch, each safe to interrupt:
1. in one transaction: lock the batch (SKIP LOCKED on PostgreSQL, so a second
   purge running at the same time takes other rows), delete the rows (their
   wrapped data keys go with them), write the tombstones, the statistics and
   the journal's outbox rows, and queue the blobs (recordings.BlobsToDelete).
   From this commit on the audio is unreadable everywhere, backups included
   (a restore replays the journal).
2. delete the blobs, then their queue rows; a storage error leaves the queue
   row for the next run.
A crash after step 1 leaves queued blobs; every run starts by finishing them,
and the keyless rows an interrupted erasure leaves (recordings.services).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from audit.services import audit_record_many
from journal import services as journal_services
from journal.services import deletions_record, deletions_record_sql, journal_ship, journal_shipping_deferred
from lib.db import array_literal, batch_cursor, delete_in
from lib.timezones import HELSINKI
from recordings.models import BlobsToDelete, Recording
from recordings.signals import after_deletion_run, recordings_deleting_send
from registers.models import Register
from vault.blobs import delete_blobs, share_storage_connection

from .models import (
    Hold,
    PurgeRun,
    Tombstone,
    TombstoneReason,
)
from .selectors import recordings_due

logger = logging.getLogger(__name__)

# A batch's commit carries fixed costs (the lock, the audit events, the counts); a thousand rows spread them
# thinly and keep each transaction's locks short (S3 deletes them in two DeleteObjects requests).
DEFAULT_BATCH_SIZE = 1000
SHIP_EVERY = 5.0  # seconds between journal shipments while a purge runs


@dataclass
class PurgeResult:
    deleted: int = 0
    errors: int = 0
    completed_interrupted: int = 0
    per_register: Counter = field(default_factory=Counter)
    would_delete: list[Recording] = field(default_factory=list)
    run: PurgeRun | None = None


def _lock_batch(
    *, now: datetime, register: Register | None, batch_size: int, after: tuple | None
) -> tuple[list[int], tuple | None]:
    """The next batch's ids in (expires_at, id) order, after the last one this run took, and where the
    batch ends (the last one's expiry and id: the next batch's `after`).

    The keyset matters at scale: the rows this run already deleted leave dead
    entries at the front of the expires_at index until vacuum, and a plain
    ORDER BY ... LIMIT would wade through all of them for every batch.
    """
    qs = recordings_due(now=now, register=register)
    if after is not None:
        qs = qs.filter(Q(expires_at__gt=after[0]) | Q(expires_at=after[0], pk__gt=after[1]))
    qs = qs.order_by("expires_at", "pk").select_for_update(skip_locked=True, of=("self",))
    # One statement: the ids come back as one array, and the batch's end with them. Django's row
    # iterator cost more per id than locking the row; the last row in (expires_at, id) order has the
    # batch's latest expiry.
    sql, params = qs.values_list("pk", "expires_at")[:batch_size].query.sql_with_params()
    with batch_cursor() as cursor:
        cursor.execute(
            f"WITH batch (id, expires_at) AS ({sql}) "
            "SELECT coalesce(array_agg(id ORDER BY expires_at, id), '{}'), max(expires_at) FROM batch",
            params,
        )
        ids, last = cursor.fetchone()
    return (ids, (last, ids[-1])) if ids else ([], None)


def _destroy_keys(ids: list[int], *, reason: str, reference: str = "", by_expiry: bool = True) -> list[dict]:
    """Step 1: inside the caller's transaction, delete the rows with their keys, write tombstones,
    statistics and outbox rows, and queue the blobs. Returns the deleted rows (at least BLOB_COLUMNS).

    A recording that is held or restricted by the time the deleting statement
    runs is kept, even if it was a candidate when the batch was chosen.
    """
    return _destroy_keys_in_one_statement(ids, reason=reason, reference=reference, by_expiry=by_expiry)


SHRED_COLUMNS = (
    "pk",
    "public_id",
    "register_id",
    "original_blob",
    "rendition_blob",
    "started_at",
    "direction",
    "duration_seconds",
    "service_line_id",
    "external_id_digest",
)


def _destroy_keys_in_one_statement(ids: list[int], *, reason: str, reference: str, by_expiry: bool) -> list[dict]:
    """The same step in one statement: the rows' delete with their tombstones, queued blobs, statistics and
    journal outbox rows, and what points at the rows (listening grants, holds' and tasks' lists, subject-request
    finds). Returns the rows with BLOB_COLUMNS."""
    from registers.models import ServiceLine

    recordings, tombstones, registers = Recording._meta.db_table, Tombstone._meta.db_table, Register._meta.db_table
    holds, held = Hold._meta.db_table, Hold.recordings.through._meta.db_table
    queue, lines = BlobsToDelete._meta.db_table, ServiceLine._meta.db_table
    now = timezone.now()
    recorded, recorded_params = deletions_record_sql("named", reason=reason, reference=reference)
    # What pointed at the rows goes in the same statement (their foreign keys are checked at commit, deferred).
    related = "".join(
        f", related_{i} AS ({statement})"
        for i, (statement, _params) in enumerate(
            _related_changes(lambda column: (f"{connection.ops.quote_name(column)} IN (SELECT id FROM shredded)", []))
        )
    )
    with batch_cursor() as cursor:
        # The hold and restriction re-check is part of the DELETE: under READ
        # COMMITTED this statement sees every hold committed before it started,
        # including one committed after the batch's candidate query began (a row
        # lock taken by SELECT ... FOR UPDATE does not re-evaluate a condition on
        # another table). A hold placed later waits for this transaction's row lock. So is the rule version, for
        # the purge: a rule change committed since the batch was chosen makes the row's expiry stale
        # (retention.rule_recompute). A deletion that names its calls (an event's task, by_expiry false) does not
        # go by expiry.
        current_rule = (
            f"AND r.expiry_rule_version = "
            f"(SELECT g.retention_rule_version FROM {registers} g WHERE g.id = r.register_id)"
            if by_expiry
            else ""
        )
        cursor.execute(
            f"""
            WITH shredded AS (
                DELETE FROM {recordings} AS r
                WHERE r.id = ANY(%s::bigint[]) AND r.wrapped_key IS NOT NULL AND NOT r.restricted
                  {current_rule}
                  AND NOT EXISTS (
                      SELECT 1 FROM {held} hr JOIN {holds} h ON h.id = hr.hold_id
                      WHERE hr.recording_id = r.id AND h.released_at IS NULL
                  )
                RETURNING id, public_id, register_id, original_blob, rendition_blob, started_at, direction,
                          duration_seconds, service_line_id, expires_at, external_id_digest
            ), named AS (
                SELECT s.public_id, s.register_id, (s.started_at AT TIME ZONE %s)::date AS day,
                       coalesce(l.name, '') AS line, s.direction, s.duration_seconds, s.external_id_digest
                FROM shredded s LEFT JOIN {lines} l ON l.id = s.service_line_id
            ), tombs AS (
                INSERT INTO {tombstones}
                    (recording_public_id, register_id, deleted_at, reason, reference, expires_at, external_id_digest)
                SELECT public_id, register_id, %s, %s, %s, expires_at, external_id_digest FROM shredded
                ON CONFLICT (recording_public_id) DO NOTHING
            ), queued AS (
                INSERT INTO {queue} (recording_public_id, register_id, original_blob, rendition_blob, queued_at)
                SELECT public_id, register_id, original_blob, rendition_blob, %s FROM shredded
                ON CONFLICT (recording_public_id) DO NOTHING
            ) {recorded} {related}
            SELECT id, public_id::text, register_id, original_blob, rendition_blob FROM shredded
            """,
            [array_literal(ids), HELSINKI.key, now, reason, reference, now, *recorded_params],
        )
        return [dict(zip(BLOB_COLUMNS, row, strict=True)) for row in cursor.fetchall()]


# What the purge's later steps need of a deleted row: its blobs, and its ids for the audit and the export packages.
BLOB_COLUMNS = ("pk", "public_id", "register_id", "original_blob", "rendition_blob")


def _record_deletions(rows: list[dict], *, reason: str, reference: str) -> None:
    """Anonymous statistics and the deletion journal, inside the transaction that destroys the keys."""
    from registers.models import ServiceLine

    line_ids = {r["service_line_id"] for r in rows if r.get("service_line_id")}
    names = dict(ServiceLine.objects.filter(pk__in=line_ids).values_list("pk", "name")) if line_ids else {}
    for row in rows:
        row["line"] = names.get(row.get("service_line_id"), "")
    deletions_record(rows, reason=reason, reference=reference)


def _revoke_packages(rows: list[dict], *, reason: str, reference: str = "") -> list:
    """Inside the transaction that destroys the keys: revoke the download packages holding these recordings.

    Through the recordings_deleting signal (subject_requests receives it); returns
    what to run after the transaction, for export_package_blobs_delete.
    """
    return recordings_deleting_send([r["public_id"] for r in rows], reason=reason, reference=reference)


# After the transaction: delete the blobs of the packages _revoke_packages revoked.
export_package_blobs_delete = after_deletion_run


def _blob_names(rows: list[dict]) -> list[str]:
    return [blob for row in rows for blob in (row["original_blob"], row["rendition_blob"]) if blob]


def _delete_blobs_and_rows(rows: list[dict], *, failed: set[str] | None = None) -> tuple[int, int]:
    """Step 2 for rows step 1 deleted: their blobs, then their queue rows (BlobsToDelete).

    Returns (recordings finished, blob errors); a recording whose blob failed
    stays queued for the next run. `failed` is what deleting the blobs answered,
    when that was done already (by the purge's blob thread). The batch's blobs go
    in as few storage requests as the storage allows (S3 DeleteObjects takes
    1,000 keys); an outage fails them all, counted, not raised.
    """
    done, errors = _blobs_gone(rows, failed)
    _dequeue([row["public_id"] for row in done])
    return len(done), errors


def _dequeue(public_ids: list) -> None:
    """The queue rows of recordings whose blobs are gone: the last trace of the deletion's work."""
    delete_in(BlobsToDelete, "recording_public_id", public_ids)


def _delete_keyless_blobs_and_rows(rows: list[dict]) -> tuple[int, int]:
    """Blobs, then rows, of recordings whose key was destroyed but whose row is left (an interrupted erasure)."""
    done, errors = _blobs_gone(rows, None)
    return _delete_rows([row["pk"] for row in done]), errors


def _blobs_gone(rows: list[dict], failed: set[str] | None) -> tuple[list[dict], int]:
    if failed is None:
        failed = delete_blobs(_blob_names(rows))
    done = [row for row in rows if not failed & {row["original_blob"], row["rendition_blob"]}]
    if failed:
        logger.warning("purge: blob deletion failed for %s recording(s); retried next run", len(rows) - len(done))
    return done, len(rows) - len(done)


def _delete_rows(ids: list[int], *, keyless_only: bool = True) -> int:
    """Delete rows without loading them: Django's collector would instantiate every row
    (a SET_NULL relation defeats its fast path), which dominates a purge of millions. On
    PostgreSQL each statement takes the ids as one array, so its text is the same for every batch.
    Unless told otherwise, only rows whose key is destroyed go.
    Returns how many rows this call removed (a parallel run may have removed some already)."""
    if not ids:
        return 0
    quote = connection.ops.quote_name
    with transaction.atomic(savepoint=False), batch_cursor() as cursor:
        _delete_related(ids)
        condition, params = _where(Recording._meta.pk.column, ids)
        keyless = f" AND {quote('wrapped_key')} IS NULL" if keyless_only else ""
        cursor.execute(f"DELETE FROM {quote(Recording._meta.db_table)} WHERE {condition}{keyless}", params)
        return cursor.rowcount


def _where(column: str, ids: list[int] | str) -> tuple[str, list]:
    """`column` among `ids` (or the ids' array_literal, made once for several statements)."""
    quote = connection.ops.quote_name
    return f"{quote(column)} = ANY(%s::bigint[])", [ids if isinstance(ids, str) else array_literal(ids)]


def _delete_related(ids: list[int]) -> None:
    """What points at these recordings, as Django's on_delete would: list memberships go, references are nulled."""
    if not ids:
        return
    ids = array_literal(ids)
    with batch_cursor() as cursor:
        for statement, params in _related_changes(lambda column: _where(column, ids)):
            cursor.execute(statement, params)


def _related_changes(condition_for) -> list[tuple[str, list]]:
    """The statements _delete_related runs, each restricted by `condition_for(column)`: (SQL, params)."""
    quote = connection.ops.quote_name
    statements = []
    for relation in Recording._meta.related_objects:
        if relation.many_to_many:
            through = getattr(Recording, relation.get_accessor_name()).through
            condition, params = condition_for(through._meta.get_field("recording").column)
            statements.append((f"DELETE FROM {quote(through._meta.db_table)} WHERE {condition}", params))
        elif relation.on_delete is models.SET_NULL:
            column = relation.field.column
            condition, params = condition_for(column)
            table = quote(relation.related_model._meta.db_table)
            statements.append((f"UPDATE {table} SET {quote(column)} = NULL WHERE {condition}", params))
        else:
            # A relation this purge does not know how to follow: say so rather than guess.
            raise NotImplementedError(f"purge: {relation} has on_delete={relation.on_delete.__name__}")
    return statements


def _finish_interrupted(batch_size: int, run: PurgeRun | None = None) -> tuple[int, int]:
    """Complete deletions an earlier run (or erasure) left half done: queued blobs, and keyless rows.

    Each batch writes an audit event per register, so the log accounts for the
    recordings finished here too; a keyless row without a tombstone (a deletion
    nobody recorded) gets its tombstone, statistics and journal entry now.
    """
    finished, errors = _finish_queued(batch_size, run)
    last_pk = 0
    while True:
        with transaction.atomic():
            qs = Recording.objects.filter(wrapped_key__isnull=True, pk__gt=last_pk).order_by("pk")
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True, of=("self",))
            rows = list(qs.values(*SHRED_COLUMNS)[:batch_size])
            if not rows:
                return finished, errors
            last_pk = rows[-1]["pk"]
            tombstoned = set(
                Tombstone.objects.filter(recording_public_id__in=[r["public_id"] for r in rows]).values_list(
                    "recording_public_id", flat=True
                )
            )
            unrecorded = [r for r in rows if r["public_id"] not in tombstoned]
            if unrecorded:
                Tombstone.objects.bulk_create(
                    [
                        Tombstone(
                            recording_public_id=r["public_id"],
                            register_id=r["register_id"],
                            reason=TombstoneReason.RETENTION,
                        )
                        for r in unrecorded
                    ],
                    ignore_conflicts=True,
                )
                _record_deletions(unrecorded, reason=TombstoneReason.RETENTION, reference="")
            done, failed = _delete_keyless_blobs_and_rows(rows)
            _audit_batches(rows, unrecorded=unrecorded, run=run, completed=True)
        finished += done
        errors += failed


def _finish_queued(batch_size: int, run: PurgeRun | None) -> tuple[int, int]:
    """Delete the blobs a killed run (or a storage outage) left queued, then their queue rows."""
    finished = errors = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            qs = BlobsToDelete.objects.filter(pk__gt=last_pk).order_by("pk")
            if connection.features.has_select_for_update_skip_locked:
                qs = qs.select_for_update(skip_locked=True)
            queued = list(
                qs.values("pk", "register_id", "original_blob", "rendition_blob", public_id=F("recording_public_id"))[
                    :batch_size
                ]
            )
            if not queued:
                return finished, errors
            last_pk = queued[-1]["pk"]
            done, failed = _delete_blobs_and_rows(queued)
            _audit_batches(queued, unrecorded=[], run=run, completed=True)
        finished += done
        errors += failed


def _audit_batches(
    rows: list[dict],
    *,
    run: PurgeRun | None,
    unrecorded=None,
    completed: bool = False,
    registers: dict | None = None,
) -> None:
    """One purge_batch event per register, inside the transaction whose work it records.

    `deleted` counts keys destroyed (each deletion once, by the run that did it);
    `completed` counts rows whose removal a later run finished.
    """
    # An event names its register by id and slug: the notice's texts need not come along. `registers` keeps
    # them from batch to batch of one run (a published register's slug does not change).
    registers = {} if registers is None else registers
    missing = {row["register_id"] for row in rows} - registers.keys()
    if missing:
        registers.update({r.pk: r for r in Register.objects.filter(pk__in=missing).only("pk", "slug")})
    total = Counter(r["register_id"] for r in rows)
    new = Counter(r["register_id"] for r in (unrecorded if completed else rows) or [])
    events = []
    for register_id in sorted(total):
        details = {"deleted": new[register_id], "run": run.pk if run else None}
        if completed:
            details["completed"] = total[register_id]
        events.append(
            {
                "action": "purge_batch",
                "actor_label": "retention purge",
                "register": registers[register_id],
                "details": details,
            }
        )
    audit_record_many(events)


# A purge run holds a session-level advisory lock named by its id while it
# runs, so the next run can tell a killed run (lock free) from a live one.
PURGE_RUN_LOCK = 0x50524E  # "PRN"


def _run_lock(run: PurgeRun, *, take: bool) -> bool:
    with connection.cursor() as cursor:
        if take:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [PURGE_RUN_LOCK, run.pk % (1 << 31)])
            return bool(cursor.fetchone()[0])
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [PURGE_RUN_LOCK, run.pk % (1 << 31)])
        return True


def _close_killed_runs(current: PurgeRun) -> int:
    """Give every run that was killed (no finish time, its lock free) a finish time and mark it interrupted."""
    closed = 0
    for run in PurgeRun.objects.filter(finished_at__isnull=True, dry_run=False).exclude(pk=current.pk):
        if not _run_lock(run, take=True):
            continue  # still running
        _run_lock(run, take=False)
        updated = PurgeRun.objects.filter(pk=run.pk, finished_at__isnull=True).update(
            finished_at=timezone.now(),
            interrupted=True,
            error_summary=(f"interrupted before it finished; closed by run {current.pk}. {run.error_summary}".strip()),
        )
        closed += updated
    return closed


def _save_counts(run: PurgeRun, result: PurgeResult) -> None:
    """Counts are saved after every batch, so a run that is killed keeps true counts."""
    run.deleted = result.deleted
    run.errors = result.errors
    run.completed_interrupted = result.completed_interrupted
    run.per_register = {str(k): v for k, v in result.per_register.items()}
    if result.errors:
        run.error_summary = f"{result.errors} blob(s) could not be deleted; their keys are destroyed, retried next run"
    run.save(update_fields=["deleted", "errors", "completed_interrupted", "per_register", "error_summary"])


def purge_expired_recordings(
    *,
    now: datetime | None = None,
    register: Register | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    dry_run: bool = False,
) -> PurgeResult:
    """Delete every recording past its expiry that is not held or restricted. Idempotent."""
    now = now or timezone.now()
    result = PurgeResult()
    if dry_run:
        result.would_delete = list(
            recordings_due(now=now, register=register).select_related("register").order_by("register", "expires_at")
        )
        return result

    # Deletions a killed run committed but did not ship yet reach the journal
    # first (and a torn final line is repaired), before anything new is deleted;
    # damage in what was appended since the last run's check stops the purge
    # (the whole journal is checked by every backup and by verify_audit_log).
    journal_ship(check_appended=True)
    run = PurgeRun.objects.create(started_at=timezone.now())
    _run_lock(run, take=True)
    try:
        _close_killed_runs(run)
        result.completed_interrupted, result.errors = _finish_interrupted(batch_size, run=run)
        _save_counts(run, result)
        cursor: tuple | None = None
        # Storage and database work overlap: while a thread deletes one batch's
        # blobs, this thread shreds the next batch. A batch's rows go only after
        # its own blobs, so every step's guarantee holds as before. The batches'
        # journal entries wait in the outbox (committed with each batch) and are
        # shipped every SHIP_EVERY seconds and when the run ends.
        shipped_at = time.monotonic()
        registers: dict = {}
        with (
            journal_shipping_deferred(),
            ThreadPoolExecutor(1, "purge-blobs", initializer=share_storage_connection()) as blob_deleter,
        ):
            pending = None
            while True:
                # One commit per batch: this batch's keys and the previous batch's rows and counts.
                with transaction.atomic():
                    batch, ends = _lock_batch(now=now, register=register, batch_size=batch_size, after=cursor)
                    if batch:
                        cursor = ends
                        rows = _destroy_keys(batch, reason=TombstoneReason.RETENTION)
                        package_blobs = _revoke_packages(rows, reason=TombstoneReason.RETENTION)
                        if rows:
                            _audit_batches(rows, run=run, registers=registers)
                    if pending is not None:
                        deleted, errors = _delete_blobs_and_rows(pending[0], failed=pending[1].result())
                        result.deleted += deleted
                        result.errors += errors
                        result.per_register.update(Counter(r["register_id"] for r in pending[0]))
                        _save_counts(run, result)
                        pending = None
                if not batch:
                    break
                export_package_blobs_delete(package_blobs)
                pending = (rows, blob_deleter.submit(delete_blobs, _blob_names(rows)))
                if time.monotonic() - shipped_at >= SHIP_EVERY:
                    journal_services.journal_ship_quietly()
                    shipped_at = time.monotonic()
        run.finished_at = timezone.now()
        run.save(update_fields=["finished_at"])
    finally:
        journal_services.journal_ship_quietly()
        _run_lock(run, take=False)
    result.run = run
    if result.deleted or result.errors:
        logger.info("purge: %s deleted, %s blob errors", result.deleted, result.errors)
    return result
