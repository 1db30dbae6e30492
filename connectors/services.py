"""A connector's run: take each finished call once, through the same ingest service as the upload API.

Idempotent over reruns, restarts and a kill at any point: a file is taken
(ingested, then written down, then moved) in steps that a rerun can finish,
because a call already stored under the same external id with the same audio is
answered by `stored_copy` without being stored again. Two runs of one connector
never overlap: each holds a PostgreSQL advisory lock for the connector, which
the server releases if the process dies.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from audit.services import audit_record
from recordings.errors import RecordingError, ServiceUnavailable
from recordings.models import Recording
from recordings.services import parse_call_metadata, recording_ingest, stored_copy
from recordings.sidecars import MANIFEST, is_metadata_name, parse_manifest, parse_sidecar, sidecar_names
from vault.errors import StorageUnavailable
from vault.scratch import scratch_dir

from . import freepbx
from .cdr_table import read_cdr_table
from .guards import check_folders, credential_variable
from .models import Connector, ConnectorFile, ConnectorKind, FileState
from .settle import finished_files
from .sources import DONE, QUARANTINE, REASON_SUFFIX, ConnectorError, copy_regular_file, source_for

logger = logging.getLogger(__name__)

LOCK_CLASS = 31_000  # the advisory lock's first key: connectors; the second is the connector's id


@dataclass
class RunResult:
    taken: int = 0
    already: int = 0
    refused: int = 0
    waiting: int = 0
    error: str = ""
    skipped: bool = False
    refusals: list[tuple[str, str]] = field(default_factory=list)


def _try_lock(connector_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, connector_id])
        return bool(cursor.fetchone()[0])


def _unlock(connector_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, connector_id])


def connector_run(connector: Connector) -> RunResult:
    """Run one connector now; a run already under way elsewhere makes this one a no-op (skipped)."""
    if not _try_lock(connector.pk):
        return RunResult(skipped=True)
    try:
        Connector.objects.filter(pk=connector.pk).update(last_run_started_at=timezone.now(), run_requested_at=None)
        result = RunResult()
        try:
            if connector.kind == ConnectorKind.FREEPBX:
                _run_freepbx(connector, result)
            else:
                _run_drop(connector, result)
        except (ConnectorError, freepbx.CdrError) as exc:
            result.error = exc.message
        except ServiceUnavailable as exc:
            result.error = exc.message
        except OSError as exc:
            logger.warning("connector %s: %s", connector.pk, type(exc).__name__)
            result.error = f"could not read the source ({type(exc).__name__}); it is tried again on the next run"
        except Exception as exc:  # noqa: BLE001 - an S3 client's errors have no common base worth importing here
            logger.warning("connector %s failed: %s", connector.pk, type(exc).__name__)
            result.error = f"the run failed ({type(exc).__name__}); it is tried again on the next run"
        _finish(connector, result)
        return result
    finally:
        _unlock(connector.pk)


def _forget_old_files(connector: Connector) -> None:
    """What was taken or refused long enough ago that no run looks at it again is forgotten: the names carry
    callers' numbers, which should not outlive the calls' own retention and erasure by more than a few days."""
    cutoff = timezone.now() - timedelta(days=settings.CONNECTOR_LOOKBACK_DAYS + 2)
    connector.files.exclude(state=FileState.WAITING).filter(handled_at__lt=cutoff).delete()


def _finish(connector: Connector, result: RunResult) -> None:
    _forget_old_files(connector)
    with transaction.atomic():
        Connector.objects.filter(pk=connector.pk).update(
            last_run_finished_at=timezone.now(),
            last_run_taken=result.taken,
            last_run_refused=result.refused,
            last_run_waiting=result.waiting,
            last_run_error=result.error[:500],
            calls_taken=F("calls_taken") + result.taken,
        )
        if result.taken or result.refused or result.already:
            # Counts only: the refused files' names carry numbers and stay on the connector's page.
            audit_record(
                action="connector_run",
                actor_label=connector.actor_label,
                register=connector.register,
                obj=connector,
                details={
                    "taken": result.taken,
                    "already_stored": result.already,
                    "refused": result.refused,
                    "waiting": result.waiting,
                },
            )
    connector.refresh_from_db()


def _ingest(connector: Connector, path: Path, data: dict) -> tuple[Recording | None, bool, str | None]:
    """(recording, taken now, problem): the file's call stored now, found stored already, or refused."""
    try:
        metadata = parse_call_metadata(data)
        existing = stored_copy(connector.register, metadata.external_id, path)
        if existing is not None:
            return existing, False, None
        recording, created = recording_ingest(
            register=connector.register, audio_path=path, metadata=metadata, actor_label=connector.actor_label
        )
    except ServiceUnavailable:
        raise  # the database or storage is down: nothing is refused, the next run tries again
    except RecordingError as exc:
        return None, False, exc.message
    return recording, created, None


def _note(connector: Connector, name: str, state: str, reason: str = "", recording: Recording | None = None) -> None:
    ConnectorFile.objects.update_or_create(
        connector=connector,
        name=name,
        defaults={
            "state": state,
            "reason": reason[:500],
            "handled_at": timezone.now(),
            "recording_public_id": recording.public_id if recording is not None else None,
        },
    )


def _waited_too_long(connector: Connector, name: str) -> bool:
    """Note the file as waiting; True once it has waited CONNECTOR_METADATA_WAIT_MINUTES."""
    row, _ = ConnectorFile.objects.get_or_create(connector=connector, name=name, defaults={"state": FileState.WAITING})
    if row.state != FileState.WAITING:
        ConnectorFile.objects.filter(pk=row.pk).update(state=FileState.WAITING, first_seen_at=timezone.now())
        return False
    return timezone.now() - row.first_seen_at > timedelta(minutes=settings.CONNECTOR_METADATA_WAIT_MINUTES)


def _refuse(connector, result: RunResult, name: str, reason: str) -> None:
    result.refused += 1
    result.refusals.append((name, reason))
    _note(connector, name, FileState.QUARANTINED, reason)


# -- drop folder and S3 prefix ------------------------------------------------------------------------------


def _printable(name: str) -> str:
    """A file name as the database can hold it: bytes that are not UTF-8 shown as \\xNN."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _run_drop(connector: Connector, result: RunResult) -> None:
    source = source_for(connector)
    names = source.names()
    claimed = set(source.claimed_names())
    present = set(names)
    manifest = None
    if MANIFEST in present:
        manifest = {name: data for _line, name, data in parse_manifest(source.read(MANIFEST).decode("utf-8-sig"))}
    fresh = [n for n in names if not is_metadata_name(n) and not n.endswith(REASON_SUFFIX)]
    finished = source.finished(fresh)
    result.waiting += len(fresh) - len(finished)
    # What a killed run had claimed is finished first; then the finished files, in name order.
    resumed = sorted(n for n in claimed if not is_metadata_name(n) and not n.endswith(REASON_SUFFIX))
    for name in resumed + sorted(finished - claimed):
        try:
            _take_drop_file(connector, result, source, name, name in claimed, present, claimed, manifest)
        except (ServiceUnavailable, StorageUnavailable, DatabaseError):
            raise  # the database or storage is down: nothing is refused, the next run tries again
        except Exception as exc:  # noqa: BLE001 - one file that cannot be read must not stop the others
            problem = f"the file could not be taken ({type(exc).__name__})"
            if isinstance(exc, UnicodeError):
                problem = "the file's name is not UTF-8; rename it"
            logger.warning("connector %s: a file failed: %s", connector.pk, type(exc).__name__)
            try:
                sidecars = [s for s in sidecar_names(name) if s in present or s in claimed]
                _quarantine(connector, result, source, name, sidecars, problem)
            except (ServiceUnavailable, StorageUnavailable, DatabaseError):
                raise
            except Exception as again:  # noqa: BLE001
                result.error = f"a file could not be taken nor refused ({type(again).__name__})"


def _take_drop_file(connector, result, source, name, resumed, present, claimed, manifest) -> None:
    sidecars = [s for s in sidecar_names(name) if s in present or s in claimed]
    if manifest is not None and name in manifest:
        data, problem = manifest[name], None
    elif sidecars:
        data, problem = None, None
    else:
        data, problem = None, None
        if not resumed and not _waited_too_long(connector, _printable(name)):
            result.waiting += 1
            return
        problem = f"no call metadata (sidecar or manifest row) after {settings.CONNECTOR_METADATA_WAIT_MINUTES} minutes"
    # Claimed: renamed into .processing/ with its sidecars; from here on only that copy is read and moved.
    for claimed_name in (name, *sidecars):
        source.claim(claimed_name)
    if problem is None and data is None:
        data, problem = parse_sidecar(source.read_claimed(sidecars[0]))
    if problem is None:
        with scratch_dir("connector-") as tmp:
            recording, taken, problem = _ingest(connector, source.fetch(name, tmp), data)
        if problem is None:
            result.taken += taken
            result.already += not taken
            _note(connector, _printable(name), FileState.TAKEN, recording=recording)
            for moved in (name, *sidecars):
                source.move(moved, DONE)
            return
    _quarantine(connector, result, source, name, sidecars, problem)


def _quarantine(connector, result, source, name, sidecars, problem: str) -> None:
    source.write(QUARANTINE, name + REASON_SUFFIX, (problem + "\n").encode())
    for moved in (name, *sidecars):
        source.claim(moved)
        source.move(moved, QUARANTINE)
    _refuse(connector, result, _printable(name), problem)


# -- Asterisk / FreePBX ---------------------------------------------------------------------------------------


def _zone(connector: Connector) -> ZoneInfo:
    try:
        return ZoneInfo(connector.cdr_timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConnectorError(
            "CDR time zone: not a time zone name (e.g. Europe/Helsinki, or UTC with usegmtime)"
        ) from None


def _is_link(path: Path) -> bool:
    return os.path.lexists(path) and stat.S_ISLNK(os.lstat(path).st_mode)


def _freepbx_candidates(root: Path, known: set[str], zone: ZoneInfo, result: RunResult) -> list[tuple[str, Path]]:
    """Recordings in the day folders of the last CONNECTOR_LOOKBACK_DAYS not yet taken or refused.

    The PBX names its folders by its own date; tomorrow's is looked in too, for a PBX whose clock is ahead. A day
    folder that is (or lies under) a symbolic link is skipped with a run error naming it: a link could lead
    anywhere, another register's folder even."""
    today = datetime.now(zone).date()
    found = []
    for back in range(-1, settings.CONNECTOR_LOOKBACK_DAYS + 1):
        day = (today - timedelta(days=back)).strftime("%Y/%m/%d")
        folder = root / day
        links = [part for part in (day[:4], day[:7], day) if _is_link(root / part)]
        if links:
            result.error = f"folder: {links[0]} is a symbolic link; skipped"
            continue
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            relative = _printable(f"{day}/{path.name}")  # as written down (a name that is not UTF-8 shown escaped)
            if (
                relative in known
                or path.suffix.lower() not in freepbx.AUDIO_SUFFIXES
                or path.is_symlink()
                or not path.is_file()
            ):
                continue
            found.append((relative, path))
    return found


def _run_freepbx(connector: Connector, result: RunResult) -> None:
    """The PBX's folder and CDR are only read (read-only access is enough): what was taken or refused is
    written down here, not moved there."""
    root, cdr_path = check_folders(connector)
    if not root.is_dir():
        raise ConnectorError("folder: does not exist or is not a folder")
    zone = _zone(connector)
    known = set(
        ConnectorFile.objects.filter(connector=connector)
        .exclude(state=FileState.WAITING)
        .values_list("name", flat=True)
    )
    candidates = _freepbx_candidates(root, known, zone, result)
    wanted = {name.uniqueid for name in (freepbx.parse_name(relative) for relative, _ in candidates) if name}
    if connector.cdr_database_env:
        url = os.environ.get(credential_variable(connector.cdr_database_env, connector.register))
        if not url:
            raise ConnectorError("CDR database: the named environment variable is not set on this server")
        cdr = read_cdr_table(url, wanted, zone=zone)
    else:
        fd = os.open(cdr_path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "r", encoding="utf-8", errors="replace") as fh:
            cdr = freepbx.read_master_csv(fh.read(), wanted)
    finished = set(finished_files([p for _, p in candidates], settle_seconds=settings.CONNECTOR_SETTLE_SECONDS))
    for relative, path in candidates:
        if path not in finished:
            result.waiting += 1
            continue
        try:
            _take_freepbx_file(connector, result, relative, path, cdr, zone)
        except (ServiceUnavailable, StorageUnavailable, DatabaseError):
            raise  # the database or storage is down: nothing is refused, the next run tries again
        except Exception as exc:  # noqa: BLE001 - one file that cannot be read must not stop the others
            logger.warning("connector %s: a file failed: %s", connector.pk, type(exc).__name__)
            problem = f"the file could not be taken ({type(exc).__name__})"
            if isinstance(exc, UnicodeError):
                problem = "the file's name is not UTF-8"
            _refuse(connector, result, relative, problem)


def _take_freepbx_file(connector, result, relative: str, path: Path, cdr: dict, zone: ZoneInfo) -> None:
    name = freepbx.parse_name(relative)
    if name is None:
        _refuse(
            connector,
            result,
            relative,
            "the name does not follow FreePBX's {kind}-{to}-{from}-{date}-{time}-{uniqueid}",
        )
        return
    rows = cdr.get(name.uniqueid)
    if not rows:
        if _waited_too_long(connector, relative):
            minutes = settings.CONNECTOR_METADATA_WAIT_MINUTES
            _refuse(connector, result, relative, f"no CDR row with uniqueid {name.uniqueid} after {minutes} minutes")
        else:
            result.waiting += 1
        return
    try:
        data = freepbx.call_fields(name, freepbx.choose_row(rows, path.name), zone=zone)
    except freepbx.CdrError as exc:
        _refuse(connector, result, relative, exc.message)
        return
    # The PBX's file is copied (through a descriptor that follows no link) and the copy is what is stored.
    with scratch_dir("connector-") as tmp:
        copy = copy_regular_file(path, tmp / ("audio" + path.suffix.lower()[:10]))
        recording, taken, problem = _ingest(connector, copy, data)
    if problem is not None:
        _refuse(connector, result, relative, problem)
        return
    result.taken += taken
    result.already += not taken
    _note(connector, relative, FileState.TAKEN, recording=recording)


# -- the IT admin's changes -----------------------------------------------------------------------------------


# Settings whose values the audit event keeps, old → new: where the calls come from, not personal data.
AUDITED_VALUES = (
    "path",
    "cdr_csv_path",
    "cdr_database_env",
    "s3_endpoint_url",
    "s3_bucket",
    "s3_prefix",
    "s3_access_key_env",
    "s3_secret_key_env",
)


@transaction.atomic
def connector_save(*, connector: Connector, changed: list[str], actor=None, request=None) -> Connector:
    """Create or change a connector; audited with the fields changed, and for where the calls come from (folders,
    bucket, endpoint, variable names) the old and the new value."""
    created = connector.pk is None
    before = {} if created else Connector.objects.filter(pk=connector.pk).values(*AUDITED_VALUES).first() or {}
    connector.save()
    values = {
        name: {"old": before.get(name, ""), "new": getattr(connector, name)}
        for name in AUDITED_VALUES
        if name in changed and before.get(name, "") != getattr(connector, name)
    }
    audit_record(
        action="connector_change",
        actor=actor,
        register=connector.register,
        obj=connector,
        request=request,
        details={"created": created, "kind": connector.kind, "fields": sorted(changed), "values": values},
    )
    return connector


@transaction.atomic
def connector_request_run(*, connector: Connector, actor=None, request=None) -> None:
    """ "Run now", written down and audited; the caller queues the run (connectors.tasks.run_connector_soon), and
    with the broker down the next beat run picks the request up."""
    Connector.objects.filter(pk=connector.pk).update(run_requested_at=timezone.now())
    audit_record(
        action="connector_run_request", actor=actor, register=connector.register, obj=connector, request=request
    )
