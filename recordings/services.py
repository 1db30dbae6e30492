"""Ingest, rendition and shredding of recordings.

Nothing is ever left half done: a rejected upload leaves no row and no blob; a
database failure after a blob was written deletes the blob; the rendition is
made after commit by a Celery task and, if the broker was down, by the next
sweep of pending renditions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from audio.errors import AudioError
from audio.probe import probe
from audit.services import audit_record
from journal.services import deletions_record
from lib.files import file_sha256  # noqa: F401 - callers import it from here
from registers.expiry import expires_at_for
from registers.models import Membership, Register, Role, ServiceLine
from registers.validators import PhoneNumberError, normalise_phone_number
from vault.blobs import delete_blob, new_data_key, store_encrypted
from vault.keyring import get_keyring

from .call_ids import DELETED_CALL, external_id_digest, refuse_deleted_call
from .errors import IngestConflict, RecordingError, RecordingKept, ServiceUnavailable
from .models import Direction, ListeningGrant, Recording, Tombstone, browser_session_hash
from .renditions import (  # noqa: F401 - re-exported
    ORIGINAL,
    RENDITION,
    data_key_for,
    open_audio,
    rendition_make,
    rendition_silences,
)
from .signals import after_deletion_run, recordings_deleting_send

logger = logging.getLogger(__name__)

# How far the decoded audio may be from the call's own times: recorders start
# a moment after the answer and stop a moment after hang-up, so a few seconds
# are normal; a larger gap means the wrong file or wrong times were sent.
DURATION_TOLERANCE_SECONDS = 3.0
DURATION_TOLERANCE_RATIO = 0.03

HIDDEN_NUMBERS = {"", "anonymous", "unknown", "private", "restricted", "hidden", "salainen"}
MAX_TEXT = 200
# A call ending later than this is a recorder with a wrong clock: stored, it
# would outlive its register's retention by however far the clock is off. A few
# hours ahead is tolerated (a local time sent with the wrong offset).
MAX_FUTURE = timedelta(days=1)
# The offsets civil time uses (Baker Island to Kiribati). ISO 8601 allows up to ±23:59; a recorder sending one of
# those has a broken clock or time zone, and its times cannot be trusted.
MIN_UTC_OFFSET = timedelta(hours=-12)
MAX_UTC_OFFSET = timedelta(hours=14)


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
    if not MIN_UTC_OFFSET <= value.utcoffset() <= MAX_UTC_OFFSET:
        raise RecordingError(f"{key}: “{raw}” has an offset no clock uses; UTC offsets run from -12:00 to +14:00")
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
    """Store one call. Returns (recording, created); created is False for an identical re-upload.

    A call deleted from the register before is refused (IngestConflict): it is never stored again.
    """
    audio_path = Path(audio_path)
    expires_at = check_call_times(register, metadata)
    refuse_deleted_call(register, metadata.external_id)
    sha256 = file_sha256(audio_path)
    # No "is the id taken?" round trip for the usual case, a new call: the unique constraint answers a
    # re-upload below (a batch importer that expects many asks stored_copy first).
    try:
        info = probe(audio_path)
    except AudioError as exc:
        raise RecordingError(f"audio: {exc}") from None
    check_duration(info.duration_seconds, metadata)

    recording = Recording(
        register=register,
        external_id=metadata.external_id,
        external_id_digest=external_id_digest(register.pk, metadata.external_id),
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
        expiry_rule_version=register.retention_rule_version,
    )
    try:
        # The key ring's first use on an install without RECORDINGS_KEYS writes its key file: a storage write too.
        data_key = new_data_key()
        recording.key_id, recording.wrapped_key = get_keyring().wrap(data_key, context=recording.key_context)
        recording.original_blob = store_encrypted(
            audio_path, data_key=data_key, associated_data=recording.key_context + ORIGINAL
        )
    except OSError as exc:
        logger.error("storage write failed during ingest: %s", type(exc).__name__)
        raise ServiceUnavailable("storage: the audio could not be stored; nothing was recorded, try again") from None

    try:
        _save_under_current_rule(recording, metadata, actor_label=actor_label, request=request, info=info)
    except IntegrityError as exc:
        delete_blob(recording.original_blob)
        if _deleted_call_refused(exc):  # deleted while this upload was on its way (the trigger's refusal)
            raise IngestConflict(DELETED_CALL) from None
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


def _deleted_call_refused(exc: IntegrityError) -> bool:
    """The insert was refused because a tombstone of the register holds the call's digest (the trigger
    recording_not_a_deleted_call, recordings/0014)."""
    return "recording_not_a_deleted_call" in str(exc.__cause__ or exc)


def _rule_changed_meanwhile(exc: OperationalError) -> bool:
    """The insert was refused because the register's rule changed after this upload read it (the trigger
    recording_expiry_rule_current)."""
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == "40001" and "retention rule version" in str(cause)


def _save_under_current_rule(recording: Recording, metadata: CallMetadata, *, actor_label, request, info) -> None:
    """Save the call with its audit event. A rule change committed since the register was read makes the
    database refuse the old rule's expiry: the rule is read again and the expiry computed under it (a call
    the new rule has already expired is refused, as at any other time)."""
    register = recording.register
    for attempt in range(3):
        try:
            with transaction.atomic():
                recording.save(force_insert=True)
                audit_record(
                    action="ingest",
                    actor_label=actor_label,
                    register=register,
                    obj=recording,
                    request=request,
                    details={"format": info.format_label, "duration": recording.duration_seconds},
                )
            return
        except OperationalError as exc:
            if attempt == 2 or not _rule_changed_meanwhile(exc):
                raise
            recording.pk = None
            register.refresh_from_db(
                fields=["retention_value", "retention_unit", "retention_trigger", "retention_rule_version"]
            )
            recording.expires_at = check_call_times(register, metadata)
            recording.expiry_rule_version = register.retention_rule_version


def stored_copy(register: Register, external_id: str, audio_path: Path) -> Recording | None:
    """The call already stored under this id when its audio is the same; IngestConflict when it differs."""
    existing = Recording.objects.filter(register=register, external_id=external_id).first()
    if existing is None:
        refuse_deleted_call(register, external_id)
        return None
    return _same_or_conflict(existing, file_sha256(Path(audio_path)))


def _same_or_conflict(existing: Recording, sha256: str) -> Recording:
    if existing.wrapped_key is None:  # its key destroyed, its row about to go: deleted, not stored
        raise IngestConflict(DELETED_CALL)
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
            browser_session=browser_session_hash(_session_key(http_request)),
        )


def _session_key(http_request) -> str | None:
    session = getattr(http_request, "session", None)
    return session.session_key if session is not None else None


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


def recording_shred(recording: Recording, *, reason: str, reference: str = "", kept_if=None) -> bool:
    """Crypto-shred a recording: destroy its data key, then its blobs, then its row.

    Step 1 commits the key's destruction together with the tombstone, the
    revocation of every download package holding the recording (the
    recordings_deleting signal) and the deletion's outbox row, so from then
    on no copy of the audio anywhere (backups included) can be decrypted, and
    the journal gets the deletion exactly when it commits. A crash after
    step 1 leaves a keyless row that the purge completes on its next run.
    Returns False if the row was already gone. A blob that cannot be deleted
    raises OSError and leaves the keyless row for a retry.

    `kept_if` (a condition on Recording, e.g. an Exists() over active holds) is
    evaluated by the statement that destroys the key, so a hold committed after
    the caller looked is still honoured: RecordingKept is raised and nothing changes.
    """
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
                "external_id_digest",
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
        # Copies of the call (export packages) lose their keys in this transaction too; their blobs go after it.
        after = recordings_deleting_send([row["public_id"]], reason=reason, reference=reference)
    after_deletion_run(after)
    for blob in (row["original_blob"], row["rendition_blob"]):
        if blob:
            delete_blob(blob)
    Recording.objects.filter(pk=recording.pk).delete()
    return True
