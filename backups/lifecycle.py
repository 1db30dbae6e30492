"""The backups the app keeps: made on a schedule, verified, kept BACKUP_KEEP_DAYS, and nothing else left behind.

A backup holds call metadata and encrypted audio of calls the purge has since
deleted: it may be kept only for a stated time, and restored data is deleted
again (restore replays the deletion journal). So the app owns the whole life
of its backups: each scheduled run removes what a killed backup or trial
restore left (a hidden `.NAME.partial-*` folder, a `<db>_verify_<pid>`
scratch database), makes a backup, verifies it, and deletes the backups older
than BACKUP_KEEP_DAYS. Every step is audited, by counts and folder names only.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .services import MANIFEST, BackupError, _connect, _database, backup_create, backup_lock, backup_verify


@dataclass
class BackupRun:
    folder: Path | None = None
    verified: bool = False
    leftovers_removed: list[str] = field(default_factory=list)
    scratch_databases_dropped: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    skipped: str = ""


def backup_scheduled(*, now: datetime | None = None) -> BackupRun:
    """The beat's backup: clean up, back up into BACKUP_DIR/<time>, verify, prune. Raises BackupError on failure."""
    from audit.services import audit_record

    now = now or timezone.now()
    run = BackupRun()
    if not settings.BACKUP_DIR:
        run.skipped = "BACKUP_DIR is not set"
        return run
    root = Path(settings.BACKUP_DIR)
    root.mkdir(parents=True, exist_ok=True)
    with backup_lock() as locked:
        if not locked:
            run.skipped = "another backup is running"
            return run
        run.leftovers_removed = _remove_leftovers(root)
        run.scratch_databases_dropped = _drop_scratch_databases()
        if run.leftovers_removed or run.scratch_databases_dropped:
            audit_record(
                action="backup_cleanup",
                actor_label="backup schedule",
                details={"folders": run.leftovers_removed, "scratch_databases": run.scratch_databases_dropped},
            )
        # Pruned first: the notices promise how long a backup is kept, whether or not today's backup succeeds.
        run.pruned = backup_prune(root, now=now)
        run.folder = root / now.strftime("%Y-%m-%dT%H%M%SZ")
        backup_create(run.folder)
        backup_verify(run.folder)
        run.verified = True
    return run


def backup_prune(root: Path, *, now: datetime | None = None) -> list[str]:
    """Delete the backups in `root` made more than BACKUP_KEEP_DAYS ago (by their manifest); their names."""
    from audit.services import audit_record

    now = now or timezone.now()
    limit = now - timedelta(days=settings.BACKUP_KEEP_DAYS)
    pruned = []
    for folder in sorted(p for p in Path(root).iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            created = datetime.fromisoformat(json.loads((folder / MANIFEST).read_text())["created_at"])
        except (OSError, ValueError, KeyError):
            continue  # not one of ours: never deleted
        if created < limit:
            shutil.rmtree(folder)
            pruned.append(folder.name)
    if pruned:
        audit_record(
            action="backup_prune",
            actor_label="backup schedule",
            details={"deleted": pruned, "keep_days": settings.BACKUP_KEEP_DAYS},
        )
    return pruned


def _remove_leftovers(root: Path) -> list[str]:
    """The hidden folders of backups that never finished (killed, or failed before their cleanup ran)."""
    removed = []
    for folder in sorted(root.glob(".*.partial-*")):
        if folder.is_dir():
            shutil.rmtree(folder)
            removed.append(folder.name)
    return removed


def _drop_scratch_databases() -> list[str]:
    """Trial-restore databases a killed verify_backup left (`<name>_verify_<pid>`)."""
    prefix = f"{_database()['NAME']}_verify_"
    with _connect("postgres", autocommit=True) as admin:
        names = [
            row[0]
            for row in admin.execute(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix]
            ).fetchall()
        ]
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return names


__all__ = ["BackupError", "BackupRun", "backup_prune", "backup_scheduled"]
