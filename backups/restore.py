"""Restore: a backup into an empty system, then every deletion since it destroyed again from the journal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import connection
from django.utils.dateparse import parse_datetime

from journal.file import (
    JournalError,
    entry_object,
    journal_entries,
    journal_path,
    journal_paused,
    journal_verify,
)
from journal.services import journal_ship
from vault.blobs import storage_names

from .services import BackupError, _database, _pg_args, _run, backup_check_files


@dataclass
class RestoreReport:
    manifest: dict
    blobs: int = 0
    destroyed_again: int = 0
    journal_entries: int = 0
    journal_problem: str = ""
    packages_destroyed_again: int = 0


def _database_is_empty() -> bool:
    tables = connection.introspection.table_names()
    if "registers_register" not in tables:
        return True
    with connection.cursor() as cursor:
        for table in ("registers_register", "recordings_recording", "audit_auditevent"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608 - fixed names
                if cursor.fetchone():
                    return False
    return True


def journal_problem(manifest: dict) -> str | None:
    """Why the journal here cannot prove it covers the backup and all the deletions since, or None when it does.

    The backup recorded the journal's position and the hash of the entry there;
    a journal that is missing, shorter, or holds another entry at that position
    is not the one that was live when the backup was made, and replaying it
    would leave deletions since the backup undone. Covering the backup is not
    enough either: a journal that lost its newest entries (a copy taken too
    early, a torn disk) still reaches the backup's position. The signed audit
    anchors, kept in their own write-once store, name the journal's head every
    interval; the journal must reach the furthest one, with the same entry
    there. The journal is read once for both.
    """
    from audit.anchors import AnchorStoreError
    from audit.services import anchored_journal_head

    position = int(manifest.get("journal_sequence") or 0)
    expected = manifest.get("journal_hash")
    path = journal_path()
    try:
        anchored, unreadable = anchored_journal_head(), None
    except AnchorStoreError as exc:
        anchored, unreadable = None, str(exc)
    wanted = {position, anchored["sequence"] if anchored else 0} - {0}
    found, last = {}, 0
    for entry in journal_entries():
        last = entry["sequence"]
        if last in wanted:
            found[last] = entry
    if position > 0:
        if last == 0:
            state = "missing" if not path.exists() else "empty"
            return (
                f"the deletion journal {path} is {state}, but the backup was taken at journal position {position}: "
                "every deletion since the backup would come back"
            )
        if last < position:
            return (
                f"the deletion journal {path} ends at position {last}, older than the backup's position {position}: "
                "it is not the live journal, and deletions after it would come back"
            )
        if expected and found.get(position, {}).get("hash") != expected:
            return (
                f"the deletion journal {path} does not match the backup: its entry {position} does not have the "
                f"hash the backup recorded ({expected[:12]}…); it is another system's journal or was rewritten"
            )
    if unreadable:
        return (
            f"the audit anchors cannot be read ({unreadable}), "
            f"so whether the deletion journal {path} is whole is unknown"
        )
    if anchored is None:
        return None
    sequence = anchored["sequence"]
    if last < sequence:
        return (
            f"the deletion journal {path} ends at position {last}, but an anchor signed at {anchored['at']} "
            f"names entry {sequence}: the newest deletions are missing from it and would come back"
        )
    if found.get(sequence, {}).get("hash") != anchored["hash"]:
        return (
            f"the deletion journal {path} was rewritten: its entry {sequence} is not the one an anchor signed at "
            f"{anchored['at']} names"
        )
    return None


def backup_restore(source: Path, *, accept_journal_problem: bool = False) -> RestoreReport:
    """Restore into an empty database and storage, then destroy again everything deleted since the backup.

    Refuses when the journal cannot be shown to cover the backup (journal_problem),
    unless the operator accepts it knowingly; that choice is written to the audit log.
    """
    source = Path(source)
    manifest = backup_check_files(source)
    report = RestoreReport(manifest)
    if manifest["database"]["engine"] != "postgresql":
        raise BackupError(f"the backup is of a {manifest['database']['engine']} database, this is PostgreSQL")
    if not _database_is_empty():
        raise BackupError("the database is not empty; restore only into a new, empty database")
    if next(storage_names(), None) is not None:
        raise BackupError("the blob storage is not empty; restore only into new, empty storage")
    try:
        journal = journal_verify()
        problem = journal_problem(manifest)
    except JournalError as exc:
        raise BackupError(f"the deletion journal is damaged: {exc}; refusing to restore without it") from None
    if journal.problems:
        raise BackupError(f"the deletion journal is damaged: {journal.problems[0]}; refusing to restore without it")
    if problem and not accept_journal_problem:
        raise BackupError(
            f"{problem}. Restore the live journal into DELETION_JOURNAL_DIR, or restore knowingly with "
            "--accept-journal-behind (written to the audit log)"
        )
    report.journal_problem = problem or ""

    db_file = source / manifest["database"]["path"]
    copied: list[str] = []
    try:
        _restore_database(db_file)
        for entry in manifest["files"]:
            name = entry["path"][len("blobs/") :]
            with open(source / entry["path"], "rb") as fh:
                saved = default_storage.save(name, fh)
            if saved != name:
                raise BackupError(f"{entry['path']}: storage renamed it to {saved}")
            copied.append(saved)
    except BaseException:
        for name in copied:
            default_storage.delete(name)
        _empty_database()
        raise
    report.blobs = len(copied)
    # Deletions that committed before the dump but were not yet shipped are in
    # the restored outbox; the journal may or may not hold them already.
    journal_ship(deduplicate_all=True)
    report.destroyed_again, report.journal_entries, by_kind = journal_replay()
    report.packages_destroyed_again = by_kind["package"]
    from audit.services import audit_record

    details = {
        "backup_created_at": manifest["created_at"],
        "blobs": report.blobs,
        "destroyed_again": report.destroyed_again,
        "packages_destroyed_again": report.packages_destroyed_again,
        "journal_entries": report.journal_entries,
        "backup_journal_position": manifest.get("journal_sequence", 0),
    }
    if problem:
        details["journal_problem_accepted"] = problem
    audit_record(
        action="restore",
        actor_label="restore",
        reason="restored knowingly without a journal that covers the backup" if problem else "",
        details=details,
    )
    return report


def _restore_database(db_file: Path) -> None:
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *_pg_args(),
            "-d",
            _database()["NAME"],
            str(db_file),
        ],
        what=f"restore of {db_file}",
    )
    connection.close()


def _empty_database() -> None:
    """Undo a partial restore: the database was empty before, so it is emptied again."""
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


# Other apps destroy their own kinds of object again (a lower layer never imports a higher one):
# subject_requests registers "package" in its AppConfig.ready().
REPLAYERS: dict[str, Callable[[dict], bool]] = {}


def journal_replayer(kind: str, replay: Callable[[dict], bool]) -> None:
    """Register how to destroy again an object of `kind` named by a journal entry; it returns True if it did."""
    REPLAYERS[kind] = replay


def _replay_recording(entry: dict) -> bool:
    from recordings.call_ids import deleted_call_remember
    from recordings.models import Recording
    from recordings.services import recording_shred

    recording = Recording.objects.filter(public_id=entry_object(entry)).first()
    if recording is None:
        # Nothing to destroy again, but a call stored after the backup and deleted before the restore
        # lost its tombstone with the database: written back from the entry, ingest keeps refusing
        # the call. Not a call destroyed; entries from before the digest (no "call") have nothing to write.
        if entry.get("call") and entry.get("register"):
            deleted_call_remember(
                public_id=entry_object(entry),
                register_id=entry["register"],
                digest=entry["call"],
                reason=entry["reason"],
                reference=entry.get("reference", ""),
                at=parse_datetime(entry["at"]) if entry.get("at") else None,
            )
        return False
    # A journalled deletion committed; no hold can have been placed on the call since.
    recording_shred(recording, reason=entry["reason"], reference=entry.get("reference", ""))
    return True


REPLAYERS["recording"] = _replay_recording


def journal_replay() -> tuple[int, int, Counter]:
    """Destroy again every journalled object that is back.

    Returns (recordings destroyed, journal entries, objects destroyed per kind).
    """
    destroyed: Counter = Counter()
    entries = 0
    with journal_paused():
        for entry in journal_entries():
            entries += 1
            kind = entry.get("kind", "recording")
            replay = REPLAYERS.get(kind)
            if replay is None:
                raise BackupError(f"journal entry {entry['sequence']}: no app replays deletions of kind {kind!r}")
            if replay(entry):
                destroyed[kind] += 1
    return destroyed["recording"], entries, destroyed
