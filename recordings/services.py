"""Ingest, rendition and shredding of recordings.

Nothing is ever left half done: a rejected upload leaves no row and no blob; a
database failure after a blob was written deletes the blob; the rendition is
made after commit by a Celery task and, if the broker was down, by the next
sweep of pending renditions.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from audio.errors import AudioError
from audio.probe import probe
from audio.rendition import make_rendition
from audio.silence import silent_spans
from audit.services import audit_record
from registers.models import Membership, Register, Role, ServiceLine
from registers.validators import PhoneNumberError, normalise_phone_number
from retention.rules import expires_at_for
from vault.blobs import delete_blob, new_data_key, open_reader, store_encrypted
from vault.keyring import get_keyring
from vault.scratch import scratch_dir

from .errors import IngestConflict, RecordingError, RecordingKept, ServiceUnavailable
from .models import Direction, ListeningGrant, Recording, RenditionStatus

logger = logging.getLogger(__name__)

# How far the decoded audio may be from the call's own times: recorders start
# a moment after the answer and stop a moment after hang-up, so a few seconds
# are normal; a larger gap means the wrong file or wrong times were sent.
DURATION_TOLERANCE_SECONDS = 3.0
DURATION_TOLERANCE_RATIO = 0.03

ORIGINAL = b"original"
RENDITION = b"rendition"
HIDDEN_NUMBERS = {"", "anonymous", "unknown", "private", "restricted", "hidden", "salainen"}
MAX_TEXT = 200
# A call ending later than this is a recorder with a wrong clock: stored, it
# would outlive its register's retention by however far the clock is off. A few
# hours ahead is tolerated (a local time sent with the wrong offset).
MAX_FUTURE = timedelta(days=1)


@dataclass(frozen=True)
class CallMetadata:
    """Validated call metadata, numbers in E.164."""

    external_id: str
    started_at: datetime
    ended_at: datetime
    direction: str
    caller: str
    callee: str
    service_number: str
    agent: str


def _text(data, key: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise RecordingError(f"{key}: must be text")
    value = value.strip()
    if required and not value:
        raise RecordingError(f"{key}: missing")
    if len(value) > max_length:
        raise RecordingError(f"{key}: longer than {max_length} characters")
    if any(ord(c) < 32 for c in value):
        raise RecordingError(f"{key}: contains control characters")
    return value


def _timestamp(data, key: str) -> datetime:
    raw = _text(data, key, required=True, max_length=40)
    try:
        value = parse_datetime(raw)
    except ValueError:
        value = None
    if value is None:
        raise RecordingError(f"{key}: “{raw}” is not an ISO 8601 timestamp (e.g. 2026-03-01T09:15:00+02:00)")
    if value.tzinfo is None:
        raise RecordingError(f"{key}: “{raw}” has no UTC offset; add Z or +02:00")
    try:
        # Stored in UTC: PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 allows.
        return value.astimezone(UTC)
    except OverflowError:
        raise RecordingError(f"{key}: “{raw}” is outside the calendar") from None


def _number(data, key: str) -> str:
    raw = _text(data, key, max_length=40)
    if raw.lower() in HIDDEN_NUMBERS:
        return ""
    try:
        return normalise_phone_number(raw)
    except PhoneNumberError as exc:
        # The number itself stays out of the message: error replies get logged.
        raise RecordingError(f"{key}: {exc}") from None


def parse_call_metadata(data) -> CallMetadata:
    """Validate the metadata fields of an upload; raises RecordingError naming the field."""
    external_id = _text(data, "external_id", required=True)
    started_at = _timestamp(data, "started_at")
    ended_at = _timestamp(data, "ended_at")
    if ended_at < started_at:
        raise RecordingError("ended_at: before started_at")
    direction = _text(data, "direction", required=True, max_length=20).lower()
    if direction not in Direction.values:
        raise RecordingError(f"direction: must be one of {', '.join(Direction.values)}")
    return CallMetadata(
        external_id=external_id,
        started_at=started_at,
        ended_at=ended_at,
        direction=direction,
        caller=_number(data, "caller"),
        callee=_number(data, "callee"),
        service_number=_number(data, "service_number"),
        agent=_text(data, "agent", max_length=150),
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_duration(duration: float, meta: CallMetadata) -> None:
    span = (meta.ended_at - meta.started_at).total_seconds()
    tolerance = max(DURATION_TOLERANCE_SECONDS, DURATION_TOLERANCE_RATIO * span)
    if abs(duration - span) > tolerance:
        raise RecordingError(
            f"duration: the audio lasts {duration:.1f} s but started_at..ended_at spans {span:.1f} s "
            f"(tolerance {tolerance:.1f} s)"
        )


def check_call_times(register: Register, meta: CallMetadata, *, now: datetime | None = None) -> datetime | None:
    """Refuse calls no working recorder sends; returns the call's expiry (None for event-based registers)."""
    now = now or timezone.now()
    if meta.ended_at > now + MAX_FUTURE:
        raise RecordingError(
            f"ended_at: {meta.ended_at:%Y-%m-%d %H:%M} UTC is more than a day in the future; check the recorder's clock"
        )
    expires_at = expires_at_for(register, ended_at=meta.ended_at)
    if expires_at is not None and expires_at <= now:
        # Stored, it would be purged within the hour: refusing says so while the sender can still act.
        with translation.override("en"):
            rule = register.retention_summary()
        raise RecordingError(
            f"ended_at: the call is already past this register's retention ({rule}, "
            f"expired {expires_at:%Y-%m-%d}); it is not stored"
        )
    return expires_at


def resolve_agent(register: Register, agent: str):
    """The agent user whose username or agent identifier matches, or None (the name is kept as text)."""
    if not agent:
        return None
    membership = (
        Membership.objects.filter(register=register, role=Role.AGENT)
        .filter(Q(user__username=agent) | Q(agent_identifier=agent))
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def resolve_service_line(register: Register, service_number: str) -> ServiceLine | None:
    if not service_number:
        return None
    return register.service_lines.filter(number=service_number).first()


def recording_ingest(
    *, register: Register, audio_path: Path, metadata: CallMetadata, actor_label: str = "", request=None
) -> tuple[Recording, bool]:
    """Store one call. Returns (recording, created); created is False for an identical re-upload."""
    audio_path = Path(audio_path)
    expires_at = check_call_times(register, metadata)
    sha256 = file_sha256(audio_path)
    existing = Recording.objects.filter(register=register, external_id=metadata.external_id).first()
    if existing is not None:
        return _same_or_conflict(existing, sha256), False

    try:
        info = probe(audio_path)
    except AudioError as exc:
        raise RecordingError(f"audio: {exc}") from None
    check_duration(info.duration_seconds, metadata)

    recording = Recording(
        register=register,
        external_id=metadata.external_id,
        started_at=metadata.started_at,
        ended_at=metadata.ended_at,
        duration_seconds=round(info.duration_seconds, 3),
        direction=metadata.direction,
        caller_number=metadata.caller,
        callee_number=metadata.callee,
        service_number=metadata.service_number,
        service_line=resolve_service_line(register, metadata.service_number),
        agent=resolve_agent(register, metadata.agent),
        agent_name=metadata.agent,
        original_format=info.format_label,
        codec=info.codec,
        container=info.container,
        sample_rate=info.sample_rate,
        channels=info.channels,
        original_size=audio_path.stat().st_size,
        sha256=sha256,
        expires_at=expires_at,
    )
    data_key = new_data_key()
    recording.key_id, wrapped = get_keyring().wrap(data_key, context=recording.key_context)
    recording.wrapped_key = wrapped

    try:
        recording.original_blob = store_encrypted(
            audio_path, data_key=data_key, associated_data=recording.key_context + ORIGINAL
        )
    except OSError as exc:
        logger.error("storage write failed during ingest: %s", type(exc).__name__)
        raise ServiceUnavailable("storage: the audio could not be stored; nothing was recorded, try again") from None

    try:
        with transaction.atomic():
            recording.save()
            audit_record(
                action="ingest",
                actor_label=actor_label,
                register=register,
                obj=recording,
                request=request,
                details={"format": info.format_label, "duration": recording.duration_seconds},
            )
    except IntegrityError:
        delete_blob(recording.original_blob)
        existing = Recording.objects.filter(register=register, external_id=metadata.external_id).first()
        if existing is None:
            raise
        return _same_or_conflict(existing, sha256), False
    except DatabaseError:
        delete_blob(recording.original_blob)
        logger.error("database unavailable during ingest; the stored blob was removed")
        raise ServiceUnavailable("database unavailable: nothing was recorded, try again") from None
    except BaseException:
        delete_blob(recording.original_blob)
        raise

    transaction.on_commit(lambda: enqueue_rendition(recording.pk))
    return recording, True


def _same_or_conflict(existing: Recording, sha256: str) -> Recording:
    if existing.sha256 == sha256:
        return existing
    raise IngestConflict(f"external_id: call “{existing.external_id}” is already stored with different audio")


def enqueue_rendition(recording_id: int) -> None:
    """Ask a worker for the rendition; with the broker down, the periodic sweep picks it up later."""
    from .tasks import make_rendition_task

    try:
        make_rendition_task.delay(recording_id)
    except Exception as exc:  # noqa: BLE001 - any broker failure must not fail the ingest
        logger.warning("broker unavailable, rendition of recording %s deferred: %s", recording_id, type(exc).__name__)


def data_key_for(recording: Recording) -> bytes:
    if not recording.wrapped_key:
        raise RecordingError("the recording's key has been destroyed", status=410)
    return get_keyring().unwrap(recording.key_id, bytes(recording.wrapped_key), context=recording.key_context)


def open_audio(recording: Recording, *, variant: str = "rendition"):
    """A SegmentedReader over the decrypted rendition (or original)."""
    data_key = data_key_for(recording)
    if variant == "original":
        return open_reader(recording.original_blob, data_key=data_key, associated_data=recording.key_context + ORIGINAL)
    if not recording.rendition_blob:
        raise RecordingError("the browser rendition is not ready yet", status=409)
    return open_reader(recording.rendition_blob, data_key=data_key, associated_data=recording.key_context + RENDITION)


LISTEN_SECONDS = 2 * 60 * 60


def listening_open(*, user, recording: Recording, reason: str = "", http_request=None, details=None) -> ListeningGrant:
    """Open a listening session: the "play" event naming the reason, and the grant every audio request checks.

    The caller decides who may listen and whether a reason is needed
    (recordings.permissions); this records that they did.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        event = audit_record(
            action="play",
            actor=user,
            register=recording.register,
            obj=recording,
            reason=reason,
            request=http_request,
            details=details,
        )
        now = timezone.now()
        return ListeningGrant.objects.create(
            user=user,
            recording=recording,
            opened_at=now,
            expires_at=now + timedelta(seconds=LISTEN_SECONDS),
            reason=reason,
            audit_event=event,
        )


def listening_download_record(*, grant: ListeningGrant, recording: Recording, http_request=None) -> bool:
    """Audit the first download inside a listening session, with the session's reason.

    Every later Range request of the same session is covered by this event and
    the session's "play" event, however the client splits the file. Returns
    whether an event was written.
    """
    with transaction.atomic():
        claimed = ListeningGrant.objects.filter(pk=grant.pk, downloaded_at__isnull=True).update(
            downloaded_at=timezone.now()
        )
        if claimed:
            audit_record(
                action="download",
                actor=grant.user,
                register=recording.register,
                obj=recording,
                reason=grant.reason,
                request=http_request,
                details={"listening_session": grant.pk, "play_event": grant.audit_event_id},
            )
    return bool(claimed)


def listening_close_for(user) -> int:
    """End every open listening session of a user (at logout)."""
    return ListeningGrant.objects.filter(user=user, expires_at__gt=timezone.now()).update(expires_at=timezone.now())


def rendition_make(recording: Recording) -> Recording:
    """Decrypt the original to a private temp dir, transcode, encrypt the rendition, store peaks."""
    if recording.rendition_status == RenditionStatus.READY:
        return recording
    data_key = data_key_for(recording)
    with scratch_dir("rendition-") as tmp:
        src = tmp / "original"
        dst = tmp / "rendition.ogg"
        reader = open_audio(recording, variant="original")
        try:
            with open(src, "wb") as out:
                for chunk in reader.read_all():
                    out.write(chunk)
        finally:
            reader.close()
        try:
            result = make_rendition(src, dst)
        except AudioError as exc:
            Recording.objects.filter(pk=recording.pk).update(
                rendition_status=RenditionStatus.FAILED, rendition_error=str(exc)[:300]
            )
            recording.refresh_from_db()
            return recording
        blob = store_encrypted(dst, data_key=data_key, associated_data=recording.key_context + RENDITION)
        size = dst.stat().st_size
    updated = Recording.objects.filter(
        pk=recording.pk,
        rendition_status__in=[RenditionStatus.PENDING, RenditionStatus.FAILED],
        wrapped_key__isnull=False,
    ).update(
        rendition_status=RenditionStatus.READY,
        rendition_error="",
        rendition_blob=blob,
        rendition_mime=result.mime_type,
        rendition_size=size,
        waveform=[round(p, 3) for p in result.peaks],
        silences=result.silences,
    )
    if not updated:
        # Another worker finished first, or the recording was shredded meanwhile.
        delete_blob(blob)
    recording.refresh_from_db()
    return recording


def rendition_silences(recording: Recording) -> list[list[float]]:
    """The rendition's silent stretches; measured from the rendition itself the first time for older renditions."""
    if recording.silences is not None:
        return recording.silences
    if recording.rendition_status != RenditionStatus.READY:
        raise RecordingError("the browser rendition is not ready yet", status=409)
    with scratch_dir("silences-") as tmp:
        src = tmp / "rendition.ogg"
        reader = open_audio(recording, variant="rendition")
        try:
            with open(src, "wb") as out:
                for chunk in reader.read_all():
                    out.write(chunk)
        finally:
            reader.close()
        try:
            spans = silent_spans(src)
        except AudioError:
            # The rendition played once; if it no longer decodes, skipping silence is not worth a failed page.
            logger.warning("silences of recording %s could not be measured", recording.pk)
            return []
    Recording.objects.filter(pk=recording.pk, silences__isnull=True).update(silences=spans)
    recording.silences = spans
    return spans


def recording_shred(recording: Recording, *, reason: str, reference: str = "", kept_if=None) -> bool:
    """Crypto-shred a recording: destroy its data key, then its blobs, then its row.

    Step 1 commits the key's destruction together with the tombstone and the
    revocation of every download package holding the recording and the
    deletion's outbox row, so from then on no copy of the audio anywhere
    (backups included) can be decrypted, and the journal gets the deletion
    exactly when it commits. A crash after step 1 leaves a keyless row that
    `recordings_pending_shred()` finds and the purge completes on its next run.
    Returns False if the row was already gone. A blob that cannot be deleted
    raises OSError and leaves the keyless row for a retry.

    `kept_if` (a condition on Recording, e.g. an Exists() over active holds) is
    evaluated by the statement that destroys the key, so a hold committed after
    the caller looked is still honoured: RecordingKept is raised and nothing changes.
    """
    from backups.services import deletions_record
    from retention.models import Tombstone
    from subject_requests.services import export_package_blobs_delete, export_packages_revoke_holding

    with transaction.atomic():
        row = (
            Recording.objects.select_for_update(of=("self",))
            .filter(pk=recording.pk)
            .values(
                "public_id",
                "register_id",
                "original_blob",
                "rendition_blob",
                "started_at",
                "direction",
                "duration_seconds",
                "wrapped_key",
                line=F("service_line__name"),
            )
            .first()
        )
        if row is None:
            return False
        target = Recording.objects.filter(pk=recording.pk)
        if kept_if is not None and row["wrapped_key"] is not None:
            target = target.filter(~kept_if)
        if not target.update(wrapped_key=None, key_id="") and row["wrapped_key"] is not None:
            raise RecordingKept("A hold or a restriction keeps this recording.")
        _, created = Tombstone.objects.get_or_create(
            recording_public_id=row["public_id"],
            defaults={"register_id": row["register_id"], "reason": reason, "reference": reference},
        )
        if created or row["wrapped_key"] is not None:
            # Anonymous statistics and the deletion journal, in the same transaction as the key's destruction.
            deletions_record([row], reason=reason, reference=reference)
        package_blobs = export_packages_revoke_holding([row["public_id"]], reason=reason, reference=reference)
    export_package_blobs_delete(package_blobs)
    for blob in (row["original_blob"], row["rendition_blob"]):
        if blob:
            delete_blob(blob)
    Recording.objects.filter(pk=recording.pk).delete()
    return True


def recordings_pending_shred():
    """Rows whose key is already destroyed: a shred interrupted between steps."""
    return Recording.objects.filter(wrapped_key__isnull=True)
