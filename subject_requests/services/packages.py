"""Export packages: built, stored encrypted, delivered by a single-use link, and deleted when done or revoked."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from journal.models import DeletionKind
from journal.services import deletions_outbox_add
from recordings.errors import RecordingError
from recordings.models import Recording
from registers import permissions

from ..errors import RequestError
from ..exports import MeasuredStream, build_package_zip
from ..models import ExportPackage, ExportPackageRecording, Letter, LetterKind, RecordingMatch, SubjectRequest
from .common import _audit, _require_dpo
from .letters import letter_write

logger = logging.getLogger(__name__)

PACKAGE_LINK_DAYS = 14
# A package whose download has started is deleted when the stream ends; the
# sweep waits this long before deleting one itself, so it never cuts a download short.
DOWNLOAD_GRACE = timedelta(hours=2)
PACKAGE_AAD = b"subject-request-package"
# A phone that loses its signal mid-download resumes with a Range request; for this long after the link
# was used the same download goes on (not a new release), then the package is deleted.
RESUME_WINDOW = timedelta(minutes=15)
_RESUME_SALT = "subject_requests.export-resume"


def download_url(link_base: str, token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("subject_requests:package_download", args=[token])
    return f"{link_base.rstrip('/')}{path}"


def _delivery_letter(subject_request, package, token, *, actor, link_base, http_request) -> Letter:
    return letter_write(
        subject_request=subject_request,
        actor=actor,
        kind=LetterKind.DELIVERY,
        http_request=http_request,
        package=package,
        link=None,
        email_context={"link": download_url(link_base, token, subject_request.language)},
    )


def _package_store(
    subject_request: SubjectRequest,
    *,
    actor,
    kind: str,
    matches: list[RecordingMatch],
    letter_text: str,
    with_listen_copies: bool = True,
) -> tuple[ExportPackage, str]:
    """Zip the package straight into its encryption, into storage under a random name, and keep the row.

    No plaintext of the package touches the disk: the zip is written entry by
    entry into the vault's encrypting stream, which holds one segment at a time.
    """
    from vault.blobs import delete_blob, new_data_key, store_encrypted_stream
    from vault.keyring import get_keyring

    _require_no_live_package(subject_request, kind)
    token = secrets.token_urlsafe(32)
    package = ExportPackage(
        request=subject_request,
        kind=kind,
        token_hash=ExportPackage.hash_token(token),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=PACKAGE_LINK_DAYS),
    )
    agent_matched = {m.recording_id for m in matches if "agent" in (m.matched_on or [])}
    data_key = new_data_key()
    package.key_id, package.wrapped_key = get_keyring().wrap(data_key, context=package.key_context)

    def write_zip(stream) -> tuple[int, MeasuredStream]:
        measured = MeasuredStream(stream)
        count = build_package_zip(
            measured,
            subject_request=subject_request,
            recordings=[m.recording for m in matches],
            agent_matched=agent_matched,
            letter_text=letter_text,
            with_listen_copies=with_listen_copies,
        )
        return count, measured

    try:
        package.blob, (package.recordings_count, measured) = store_encrypted_stream(
            write_zip, data_key=data_key, associated_data=package.key_context + PACKAGE_AAD
        )
    except RecordingError as exc:
        raise RequestError(f"A recording could not be read for the package: {exc.message}") from None
    package.sha256 = measured.sha256
    package.size = measured.size
    try:
        with transaction.atomic():
            _package_contents_record(package, [m.recording for m in matches])
            package.registers.set({m.register_id for m in matches})
    except IntegrityError:
        # Another POST for the same request won the race (the constraint is the arbiter).
        delete_blob(package.blob)
        raise RequestError(LIVE_PACKAGE_MESSAGE, status=409) from None
    except BaseException:
        delete_blob(package.blob)
        raise
    return package, token


def _package_contents_record(package: ExportPackage, recordings: list[Recording]) -> None:
    """Save the package with the list of recordings it holds, unless one was deleted while it was built.

    Locking the recordings orders this against an erasure or purge of one of
    them: either the deletion committed first (and the package is refused
    here) or it waits and then finds this package among those to revoke.
    """
    ids = [r.pk for r in recordings]
    alive = Recording.objects.select_for_update(of=("self",)).filter(pk__in=ids, wrapped_key__isnull=False)
    if len(set(alive.values_list("pk", flat=True))) != len(set(ids)):
        raise RequestError("A recording was deleted while the package was being made; create the package again.")
    package.save()
    ExportPackageRecording.objects.bulk_create(
        [ExportPackageRecording(package=package, recording_public_id=r.public_id) for r in recordings],
        ignore_conflicts=True,
    )


LIVE_PACKAGE_MESSAGE = (
    "A download link for this request is still valid; the subject has it. "
    "Withdraw that link first if a new one must be sent."
)


def _require_no_live_package(subject_request: SubjectRequest, kind: str) -> None:
    """One live link per request and kind; an expired link still on file is deleted so it does not block."""
    now = timezone.now()
    undelivered = ExportPackage.objects.filter(
        request=subject_request, kind=kind, deleted_at__isnull=True, downloaded_at__isnull=True
    )
    for package in undelivered.filter(expires_at__lte=now):
        export_package_delete(package, why="expired")
    if undelivered.filter(expires_at__gt=now).exists():
        raise RequestError(LIVE_PACKAGE_MESSAGE, status=409)


def export_package_claim(*, raw_token: str, http_request=None) -> ExportPackage:
    """Use up a download link: valid once, before it expires. Raises RequestError(410) otherwise."""
    token_hash = ExportPackage.hash_token(raw_token or "")
    with transaction.atomic():
        package = (
            ExportPackage.objects.select_for_update()
            .select_related("request", "request__controller")
            .filter(token_hash=token_hash)
            .first()
        )
        if package is None:
            raise RequestError("This link is not valid.", status=404)
        if package.is_withdrawn:
            raise RequestError("This link has been withdrawn.", status=410)
        if export_package_resumable(package):
            # The link used again within the window: allowed (a phone that lost the page), and recorded, so a
            # forwarded link cannot fetch the package a second time unseen.
            _audit(
                "export",
                package.request,
                http_request=http_request,
                obj=package,
                details={"stage": "downloaded again", "package": package.pk},
            )
            return package
        if not package.is_available:
            raise RequestError("This link has expired or has already been used.", status=410)
        package.downloaded_at = timezone.now()
        package.save(update_fields=["downloaded_at"])
        _audit(
            "export",
            package.request,
            http_request=http_request,
            obj=package,
            details={"stage": "downloaded", "package": package.pk},
        )
    return package


def export_package_resumable(package: ExportPackage, now: datetime | None = None) -> bool:
    """Whether a download of this package started lately enough to go on (its link was used within the window)."""
    now = now or timezone.now()
    return bool(
        package.downloaded_at
        and package.deleted_at is None
        and package.wrapped_key
        and package.downloaded_at > now - RESUME_WINDOW
    )


def export_package_resume_key(package: ExportPackage) -> str:
    """A signed, expiring key naming the package: the file's address carries it, so only the one who used the link
    (and got redirected there) can fetch or resume it."""
    return signing.dumps(str(package.public_id), salt=_RESUME_SALT)


def export_package_for_resume(*, raw_token: str, key: str) -> ExportPackage:
    """The package being downloaded, for a (resumed) fetch of its bytes; RequestError(410) once the window is over."""
    package = export_package_peek(raw_token)
    if package is None:
        raise RequestError("This link is not valid.", status=404)
    try:
        named = signing.loads(key or "", salt=_RESUME_SALT, max_age=RESUME_WINDOW)
    except signing.BadSignature:
        raise RequestError("This link has expired or has already been used.", status=410) from None
    if named != str(package.public_id) or not export_package_resumable(package):
        raise RequestError("This link has expired or has already been used.", status=410)
    return package


def export_package_peek(raw_token: str) -> ExportPackage | None:
    """The package a link names, without using it up (for the page with the download button)."""
    return (
        ExportPackage.objects.select_related("request", "request__controller")
        .filter(token_hash=ExportPackage.hash_token(raw_token or ""))
        .first()
    )


def export_package_open(package: ExportPackage):
    """A decrypting reader over the package's zip."""
    from vault.blobs import open_reader
    from vault.keyring import get_keyring

    if not package.wrapped_key:
        raise RequestError("The package has been deleted.", status=410)
    data_key = get_keyring().unwrap(package.key_id, bytes(package.wrapped_key), context=package.key_context)
    return open_reader(package.blob, data_key=data_key, associated_data=package.key_context + PACKAGE_AAD)


def export_package_delete(
    package: ExportPackage, *, why: str, actor=None, http_request=None, keep_blob: bool = False
) -> bool:
    """Destroy the package's key first (any lingering copy becomes unreadable), then its blob.

    With `keep_blob` the caller deletes the blob after its own transaction commits.
    """
    with transaction.atomic():
        row = ExportPackage.objects.select_for_update().filter(pk=package.pk, deleted_at__isnull=True).first()
        if row is None:
            return False
        ExportPackage.objects.filter(pk=package.pk).update(wrapped_key=None, key_id="", deleted_at=timezone.now())
        # Journalled like a recording's deletion, so a restore of an older backup deletes it again
        # and a revoked link never works after a restore.
        deletions_outbox_add(
            [(row.public_id, None)], kind=DeletionKind.PACKAGE, reason=why[:20], reference=row.request.number
        )
        _audit(
            "export",
            row.request,
            actor=actor,
            http_request=http_request,
            obj=row,
            details={"stage": "deleted", "package": row.pk, "why": why},
        )
    if not keep_blob:
        export_package_blobs_delete([row.blob])
    package.deleted_at = timezone.now()
    return True


def export_package_blobs_delete(blobs: list[str]) -> None:
    """Delete the blobs of packages whose keys are destroyed."""
    from vault.blobs import delete_blob

    for blob in blobs:
        try:
            delete_blob(blob)
        except OSError as exc:
            # The key is gone, so the blob is unreadable already; reconcile_storage --fix removes it.
            logger.warning("blob of an export package not deleted yet: %s", type(exc).__name__)


def export_packages_revoke_holding(recording_public_ids, *, reason: str, reference: str = "") -> list[str]:
    """Revoke every live package holding a copy of one of these recordings, whose keys are being destroyed.

    Call it inside the transaction that destroys the recordings' keys, so a
    package's key goes with theirs and a kill in between leaves neither; then
    delete the returned blobs with `export_package_blobs_delete` after commit.
    """
    ids = list(recording_public_ids)
    # Most of the time no package is live at all, and the purge asks once per batch.
    if not ids or not ExportPackage.objects.filter(deleted_at__isnull=True).exists():
        return []
    holding = ExportPackageRecording.objects.filter(recording_public_id__in=ids).values("package_id")
    why = f"recording deleted ({reason}{', ' + reference if reference else ''})"
    blobs = []
    for package in ExportPackage.objects.filter(deleted_at__isnull=True, pk__in=holding).select_related("request"):
        if export_package_delete(package, why=why, keep_blob=True):
            blobs.append(package.blob)
    return blobs


def export_package_replay_deletion(entry: dict) -> bool:
    """After a restore: delete again a package the deletion journal names (registered with backups)."""
    from journal.file import entry_object

    package = ExportPackage.objects.filter(public_id=entry_object(entry), deleted_at__isnull=True).first()
    if package is None:
        return False
    return export_package_delete(package, why=entry.get("reason") or "journal")


def export_package_revoke(*, package: ExportPackage, actor, http_request=None) -> bool:
    """The DPO withdraws a link (sent to a wrong address, say): a DPO of every register whose calls it holds."""
    _require_dpo(actor, package.request.controller)
    if not permissions.is_dpo_of_all(actor, package.registers.all()):
        raise RequestError("The package holds calls of registers where you are not the DPO.", status=404)
    return export_package_delete(package, why="revoked", actor=actor, http_request=http_request)


def export_packages_delete_expired(now: datetime | None = None) -> int:
    """Delete every package past its expiry, or downloaded a while ago. Safe to run twice at once."""
    now = now or timezone.now()
    due = ExportPackage.objects.filter(deleted_at__isnull=True).filter(
        Q(expires_at__lte=now) | Q(downloaded_at__lte=now - DOWNLOAD_GRACE)
    )
    deleted = 0
    for package in due.select_related("request"):
        if export_package_delete(package, why="expired" if package.expires_at <= now else "downloaded"):
            deleted += 1
    # A package holding a recording deleted without it (e.g. restored from a backup older than the
    # erasure) is found by the recording's tombstone.
    from retention.models import Tombstone

    holding_deleted = ExportPackageRecording.objects.filter(
        recording_public_id__in=Tombstone.objects.values("recording_public_id")
    ).values("package_id")
    for package in ExportPackage.objects.filter(deleted_at__isnull=True, pk__in=holding_deleted).select_related(
        "request"
    ):
        if export_package_delete(package, why="recording deleted"):
            deleted += 1
    return deleted
