"""Backup, restore and verification.

What every deletion leaves behind is the journal app's (journal.services);
`deletions_outbox_add` is importable from here for callers not yet moved.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from journal.file import (
    JournalError,
    entry_object,
    journal_entries,
    journal_head_entry,
    journal_path,
    journal_paused,
    journal_verify,
)
from journal.models import DeletedCallStats
from journal.services import deletions_outbox_add, journal_ship  # noqa: F401 - re-exported

logger = logging.getLogger(__name__)
MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup that cannot be made, verified or restored; the message names the file or step."""


# -- backup --------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _storage_files(folder: str = "") -> list[str]:
    try:
        dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    found = [f"{folder}{f}" for f in files]
    for d in dirs:
        found.extend(_storage_files(f"{folder}{d}/"))
    return found


def _database() -> dict:
    return settings.DATABASES["default"]


def _pg_env() -> dict:
    db = _database()
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args() -> list[str]:
    db = _database()
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args


def _run(command: list[str], *, what: str, env: dict | None = None) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{what}: {command[0]} is not installed (apt-get install postgresql-client)")
    result = subprocess.run(command, env=env or _pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[:500]}")


def _counts() -> dict:
    from audit.models import AuditEvent
    from recordings.models import Recording, Tombstone
    from registers.models import Register

    return {
        "registers": Register.objects.count(),
        "recordings": Recording.objects.count(),
        "tombstones": Tombstone.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


def app_version() -> str:
    try:
        result = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=5
        )
        return result.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def backup_create(target: Path) -> dict:
    """Database, blobs and a manifest with checksums. Never the key ring.

    Written into a hidden sibling folder and renamed into place at the end, so
    a failure (a full disk, a damaged journal) never leaves a partial backup
    that looks like one.
    """
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target}: the backup folder must be new or empty")
    # Committed deletions still in the outbox go to the journal first, so the
    # position recorded here covers everything the dump can have deleted
    # (anything committed later is in the dump's own outbox, shipped on restore).
    try:
        journal_ship(check=True)
        journal_sequence, journal_hash = journal_head_entry()
    except JournalError as exc:
        raise BackupError(f"the deletion journal is damaged: {exc}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        manifest = _backup_write(work, journal_sequence=journal_sequence, journal_hash=journal_hash)
        if target.exists():
            target.rmdir()  # empty, checked above
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _backup_write(target: Path, *, journal_sequence: int, journal_hash: str) -> dict:
    db_file = _database_dump(target)
    files = []
    blob_root = target / "blobs"
    for name in _storage_files():
        dest = blob_root / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as src, open(dest, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
        files.append({"path": f"blobs/{name}", "size": dest.stat().st_size, "sha256": _sha256(dest)})
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "app_version": app_version(),
        "database": {
            "engine": connection.vendor,
            "path": db_file.name,
            "size": db_file.stat().st_size,
            "sha256": _sha256(db_file),
        },
        "journal_sequence": journal_sequence,
        "journal_hash": journal_hash,
        "counts": _counts(),
        "files": files,
        "key_ring": "not included: keys are kept apart from backups (see README, Production)",
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    from audit.services import audit_record

    # After the dump, so the event is in the log, not in the backup it describes.
    audit_record(
        action="backup",
        actor_label="backup",
        details={"files": len(files), "journal_sequence": journal_sequence, "created_at": manifest["created_at"]},
    )
    return manifest


def _database_dump(target: Path) -> Path:
    if connection.vendor == "postgresql":
        out = target / "database.dump"
        _run(
            ["pg_dump", "-Fc", "--no-owner", "--no-privileges", *_pg_args(), "-f", str(out), _database()["NAME"]],
            what="pg_dump",
        )
        return out
    if connection.vendor == "sqlite":
        out = target / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(out) as dest:
            connection.connection.backup(dest)
        return out
    raise BackupError(f"backups of {connection.vendor} databases are not supported")


# -- verification --------------------------------------------------------------------------------


def backup_check_files(source: Path) -> dict:
    """The manifest and every checksum; raises BackupError naming the first bad file."""
    source = Path(source)
    manifest_path = source / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{manifest_path}: missing; this is not a complete backup")
    try:
        manifest = json.loads(manifest_path.read_text())
    except json.JSONDecodeError:
        raise BackupError(f"{manifest_path}: not valid JSON") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{manifest_path}: unknown backup format {manifest.get('format')!r}")
    entries = [{"path": manifest["database"]["path"], "sha256": manifest["database"]["sha256"]}, *manifest["files"]]
    for entry in entries:
        path = source / entry["path"]
        if not path.is_file():
            raise BackupError(f"{path}: missing from the backup")
        if _sha256(path) != entry["sha256"]:
            raise BackupError(f"{path}: checksum does not match the manifest (corrupted)")
    listed = {e["path"] for e in manifest["files"]}
    blob_root = source / "blobs"
    if blob_root.exists():
        for path in blob_root.rglob("*"):
            if path.is_file() and str(path.relative_to(source)) not in listed:
                raise BackupError(f"{path}: not listed in the manifest")
    return manifest


@dataclass
class VerifyReport:
    manifest: dict
    restored_counts: dict = field(default_factory=dict)


def backup_verify(source: Path) -> VerifyReport:
    """Checksums, then a trial restore into a scratch database whose counts must match the manifest."""
    manifest = backup_check_files(source)
    report = VerifyReport(manifest)
    db_file = Path(source) / manifest["database"]["path"]
    if manifest["database"]["engine"] == "postgresql":
        report.restored_counts = _pg_trial_restore(db_file)
    else:
        with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as db:
            report.restored_counts = {
                "registers": db.execute("SELECT count(*) FROM registers_register").fetchone()[0],
                "recordings": db.execute("SELECT count(*) FROM recordings_recording").fetchone()[0],
                "tombstones": db.execute("SELECT count(*) FROM retention_tombstone").fetchone()[0],
                "audit_events": db.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0],
            }
    if report.restored_counts != manifest["counts"]:
        raise BackupError(
            f"{db_file}: restores to {report.restored_counts}, but the manifest says {manifest['counts']}"
        )
    from audit.services import audit_record

    # A trial restore is the restore drill the accountability report counts.
    audit_record(
        action="restore",
        actor_label="restore drill",
        details={"drill": True, "backup_created_at": manifest["created_at"], "counts": report.restored_counts},
    )
    return report


def _pg_trial_restore(db_file: Path) -> dict:
    import psycopg

    db = _database()
    scratch = f"{db['NAME']}_verify_{os.getpid()}"
    admin = psycopg.connect(
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    try:
        admin.execute(f'CREATE DATABASE "{scratch}"')
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *_pg_args(),
                "-d",
                scratch,
                str(db_file),
            ],
            what=f"trial restore of {db_file}",
        )
        with psycopg.connect(
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            dbname=scratch,
        ) as conn:
            return {
                name: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for name, table in (
                    ("registers", "registers_register"),
                    ("recordings", "recordings_recording"),
                    ("tombstones", "retention_tombstone"),
                    ("audit_events", "audit_auditevent"),
                )
            }
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.close()


# -- restore ---------------------------------------------------------------------------------------


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
    """Why the journal here cannot prove it covers the backup, or None when it does.

    The backup recorded the journal's position and the hash of the entry there;
    a journal that is missing, shorter, or holds another entry at that position
    is not the one that was live when the backup was made, and replaying it
    would leave deletions since the backup undone.
    """
    position = int(manifest.get("journal_sequence") or 0)
    expected = manifest.get("journal_hash")
    if position <= 0:
        return None
    path = journal_path()
    at_position, last = None, 0
    for entry in journal_entries():
        last = entry["sequence"]
        if last == position:
            at_position = entry
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
    if expected and (at_position is None or at_position.get("hash") != expected):
        return (
            f"the deletion journal {path} does not match the backup: its entry {position} does not have the hash "
            f"the backup recorded ({expected[:12]}…); it is another system's journal or was rewritten"
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
    if manifest["database"]["engine"] != connection.vendor:
        raise BackupError(f"the backup is of a {manifest['database']['engine']} database, this is {connection.vendor}")
    if not _database_is_empty():
        raise BackupError("the database is not empty; restore only into a new, empty database")
    if _storage_files():
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
    if connection.vendor == "postgresql":
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
        return
    connection.ensure_connection()
    with sqlite3.connect(db_file) as src:
        src.backup(connection.connection)


def _empty_database() -> None:
    """Undo a partial restore: the database was empty before, so it is emptied again."""
    connection.close()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    else:
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names()
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')


# Other apps destroy their own kinds of object again (a lower layer never imports a higher one):
# subject_requests registers "package" in its AppConfig.ready().
REPLAYERS: dict[str, Callable[[dict], bool]] = {}


def journal_replayer(kind: str, replay: Callable[[dict], bool]) -> None:
    """Register how to destroy again an object of `kind` named by a journal entry; it returns True if it did."""
    REPLAYERS[kind] = replay


def _replay_recording(entry: dict) -> bool:
    from recordings.models import Recording
    from recordings.services import recording_shred

    recording = Recording.objects.filter(public_id=entry_object(entry)).first()
    if recording is None:
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


def stats_for(register, *, since: datetime | None = None):
    qs = DeletedCallStats.objects.filter(register=register)
    if since is not None:
        qs = qs.filter(day__gte=since)
    return qs
