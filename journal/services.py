"""What every deletion leaves behind: anonymous counts, and its entry in the deletion journal.

Called inside the deleting transaction by whatever deletes (a shred, a purge
batch, an erased export package); the journal entry is queued in the outbox
and shipped to the journal file (journal.file) once the transaction commits.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from lib.db import array_literal, batch_cursor, delete_in, text_array
from lib.timezones import HELSINKI

from .file import journal_check, journal_check_appended, journal_entries, journal_is_paused, journal_open
from .models import DeletedCallStats, DeletionKind, DeletionOutbox
from .rebuild import journal_lost_its_tail, journal_mark_shipped, journal_rebuild_missing
from .signals import journal_repaired

logger = logging.getLogger(__name__)

# The statements every deleter shares, whether its calls come from Python (deletions_record) or from the
# deleting statement itself (deletions_record_sql): the counts add up, one outbox row per call.
_STATS_TABLE = DeletedCallStats._meta.db_table
_STATS_INSERT = f"INSERT INTO {_STATS_TABLE} (register_id, day, line, direction, calls, total_seconds)"
_STATS_ADD = (
    f"ON CONFLICT (register_id, day, line, direction) DO UPDATE SET "
    f"calls = {_STATS_TABLE}.calls + excluded.calls, "
    f"total_seconds = {_STATS_TABLE}.total_seconds + excluded.total_seconds"
)
_OUTBOX_INSERT = (
    f"INSERT INTO {DeletionOutbox._meta.db_table} "
    "(kind, token, public_id, register_id, reason, reference, created_at, external_id_digest)"
)


def deletions_record(rows: list[dict], *, reason: str, reference: str = "") -> None:
    """Call inside the deleting transaction: count the calls anonymously and queue their journal entries.

    Each row needs public_id, register_id, started_at (or day, the call's day in Helsinki as
    YYYY-MM-DD), direction, duration_seconds and line (a name), and should carry the call's
    external_id_digest: the journal keeps it, so a restore keeps refusing the call (backups.restore).
    The entries reach the journal only once the transaction commits (see DeletionOutbox).
    """
    if not rows:
        return
    stats: Counter = Counter()
    seconds: Counter = Counter()
    for row in rows:
        key = (
            row["register_id"],
            row["day"] if "day" in row else row["started_at"].astimezone(HELSINKI).date().isoformat(),
            row.get("line") or "",
            row["direction"],
        )
        stats[key] += 1
        seconds[key] += float(row["duration_seconds"] or 0)
    _stats_add(stats, seconds)
    deletions_outbox_add(
        [(r["public_id"], r["register_id"], r.get("external_id_digest") or "") for r in rows],
        kind=DeletionKind.RECORDING,
        reason=reason,
        reference=reference,
    )


def deletions_outbox_add(objects: list[tuple], *, kind: str, reason: str, reference: str = "") -> None:
    """Inside the deleting transaction: one outbox row per (public id, register id[, call digest]) deleted.

    The rows commit or roll back with the deletion; after the commit they are
    shipped to the journal. While a restore replays the journal nothing is queued.
    """
    if not objects or journal_is_paused():
        return
    now = timezone.now()
    with batch_cursor() as cursor:
        cursor.execute(
            f"{_OUTBOX_INSERT} SELECT %s, gen_random_uuid(), p, r, %s, %s, %s, d "
            f"FROM unnest(%s::uuid[], %s::bigint[], %s::varchar[]) AS t(p, r, d)",
            [
                kind,
                reason,
                reference[:100],
                now,
                array_literal(o[0] for o in objects),
                array_literal(o[1] for o in objects),
                text_array(o[2] if len(o) > 2 else "" for o in objects),
            ],
        )
    transaction.on_commit(_ship_after_commit)


def deletions_record_sql(source: str, *, reason: str, reference: str = "") -> tuple[str, list]:
    """deletions_record on PostgreSQL as part of the deleting statement itself, for a purge batch.

    `source` names a common table expression of the deleted calls with the
    columns public_id, register_id, day (a date, in Helsinki), line (the service
    line's name, or ''), direction, duration_seconds and external_id_digest (the
    call's keyed id digest, for the journal entry). Returns the expressions
    to add after it (each begins with a comma) and their parameters: the same
    statistics and outbox rows deletions_record writes, without the calls
    travelling to Python and back.
    """
    sql = f"""
        , deleted_stats AS (
            {_STATS_INSERT}
            SELECT register_id, day, left(line, 200), direction, count(*), sum(coalesce(duration_seconds, 0))
            FROM {source} GROUP BY register_id, day, left(line, 200), direction
            {_STATS_ADD}
        )"""
    params: list = []
    if not journal_is_paused():
        sql += f"""
        , deleted_outbox AS (
            {_OUTBOX_INSERT}
            SELECT %s, gen_random_uuid(), public_id, register_id, %s, %s, %s, external_id_digest FROM {source}
        )"""
        params = [DeletionKind.RECORDING, reason, reference[:100], timezone.now()]
        transaction.on_commit(_ship_after_commit)
    return sql, params


_deferred = threading.local()


@contextmanager
def journal_shipping_deferred() -> Iterator[None]:
    """Within this block a commit does not ship the outbox; the caller ships it (journal_ship_quietly).

    For the purge, which commits a batch every few milliseconds: opening, locking
    and fsyncing the journal after each of them cost more than the batch's own
    deletion. The entries wait in the outbox, committed with their deletions, so
    nothing is lost meanwhile; a backup ships the outbox before it starts, and
    the next purge (or the beat) ships what a killed run left.
    """
    _deferred.on = True
    try:
        yield
    finally:
        _deferred.on = False


def _ship_after_commit() -> None:
    if not getattr(_deferred, "on", False):
        journal_ship_quietly()


def journal_ship_quietly() -> None:
    """Ship now if possible; what fails here stays in the outbox for the next ship."""
    try:
        journal_ship()
    except Exception:  # noqa: BLE001 - the deletion committed; shipping is retried
        logger.exception("deletion journal: shipping deferred to the next run")


SHIP_CHUNK = 5000
OUTBOX_COLUMNS = ("pk", "kind", "public_id", "register_id", "reason", "reference", "token", "external_id_digest")


def journal_ship(*, deduplicate_all: bool = False, check: bool = False, check_appended: bool = False) -> int:
    """Copy committed deletions from the outbox to the journal; returns how many were appended.

    Runs after each deleting commit, at the start of every purge, before a
    backup, during a restore and from the beat. Idempotent: the journal is
    locked for the whole copy, and the outbox rows are deleted only after the
    append is fsynced, so after a crash the rows still queued are at most the
    last chunk appended, and entries whose outbox token is already there are
    not written again. `deduplicate_all` compares with the whole journal
    (a restore, whose outbox rows may have been shipped long ago); `check`
    reads the whole journal first and stops at any damage (a backup);
    `check_appended` does so for what was appended since the last check (the purge).
    """
    shipped = 0
    with journal_open() as journal:
        if journal_lost_its_tail(journal):
            # Entries lost after their outbox rows were deleted come back from the tombstones (journal.rebuild).
            _announce_repair(journal, rebuilt=journal_rebuild_missing(journal))
        if check:
            journal_check(journal.path)
        elif check_appended:
            journal_check_appended(journal.path)
        if deduplicate_all:
            seen = {e.get("outbox") for e in journal_entries(journal.path) if e.get("outbox")}
        else:
            seen = None
        while True:
            with transaction.atomic():
                rows = _outbox_chunk()
                if not rows:
                    return shipped
                if seen is None:
                    # Entries appended by a ship that died before deleting its rows are the journal's
                    # last ones, and there are no more of them than the rows queued now (at most a chunk).
                    seen = {e.get("outbox") for e in journal.tail(len(rows)) if e.get("outbox")}
                fresh = []
                for _pk, kind, public_id, register, reason, ref, token_id, digest in rows:
                    token = str(token_id)  # once per row: the journal and `seen` hold text
                    if token not in seen:
                        fresh.append(
                            {
                                "kind": kind,
                                "object": str(public_id),
                                "register": register,
                                "reason": reason,
                                "reference": ref,
                                "outbox": token,
                                "call": digest,
                            }
                        )
                journal.append(fresh)
                seen.update(r["outbox"] for r in fresh)
                delete_in(DeletionOutbox, "id", [r[0] for r in rows])
                journal_mark_shipped(journal)
            shipped += len(fresh)


def _outbox_chunk() -> list[tuple]:
    """The oldest SHIP_CHUNK outbox rows (OUTBOX_COLUMNS), ids as text: a purge ships tens of thousands."""
    with batch_cursor() as cursor:
        cursor.execute(
            "SELECT id, kind, public_id::text, register_id, reason, reference, token::text, external_id_digest "
            f"FROM {DeletionOutbox._meta.db_table} ORDER BY id LIMIT %s",
            [SHIP_CHUNK],
        )
        return cursor.fetchall()


def _announce_repair(journal, *, rebuilt: int) -> None:
    torn = journal.repaired
    if torn is not None:
        logger.warning("deletion journal: cut off a torn final line (line %s, %s bytes)", torn.line, torn.size)
    journal_repaired.send(sender=journal_ship, path=journal.path, torn=torn, rebuilt=rebuilt)


def _stats_add(stats: Counter, seconds: Counter) -> None:
    """Add to the daily counts in one statement (an upsert that adds), one array per column: the
    statement's text is the same whatever the batch."""
    rows = [
        (register_id, day, line[:200], direction, calls, seconds[(register_id, day, line, direction)])
        for (register_id, day, line, direction), calls in stats.items()
    ]
    if not rows:
        return
    registers, days, lines, directions, calls, totals = zip(*rows, strict=True)
    with batch_cursor() as cursor:
        cursor.execute(
            f"{_STATS_INSERT} SELECT * FROM unnest("
            f"%s::bigint[], %s::date[], %s::varchar[], %s::varchar[], %s::integer[], %s::double precision[]"
            f") {_STATS_ADD}",
            [
                array_literal(registers),
                array_literal(days),
                text_array(lines),
                text_array(directions),
                array_literal(calls),
                array_literal(totals),
            ],
        )
