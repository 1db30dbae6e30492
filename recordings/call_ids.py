"""A deleted call stays deleted: its id, kept as a keyed digest on the tombstone, is refused by ingest.

A recorder may send a call again: a retry, a nightly re-sync, a connector made anew on the same PBX
folder. Were the id forgotten with the call, a call a data subject had erased would come back. The
tombstone keeps no personal data, so it holds not the id but an HMAC-SHA256 of the register and the
id under CALL_ID_DIGEST_KEY (SECRET_KEY when unset): without the key, guessing ids (a PBX's are a
timestamp and a counter) does not find which calls were deleted. Every recording carries its digest
from ingest, and the tombstone takes it from the row (the purge's statement, or the tombstone trigger
for every other path).

The key is not rotated with SECRET_KEY: a digest made under a key that is no longer listed stops
refusing its call. Should it ever change, keep the old one in CALL_ID_DIGEST_KEY_FALLBACKS for good.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from registers.models import Register

from .errors import IngestConflict
from .models import Tombstone

KEY_SALT = "recordings.deleted-call-id"
DELETED_CALL = "external_id: this call was deleted from the register and is not stored again"


def digest_keys() -> list[str]:
    """The key digests are made under now, then the earlier ones still looked for."""
    return [settings.CALL_ID_DIGEST_KEY or settings.SECRET_KEY, *settings.CALL_ID_DIGEST_KEY_FALLBACKS]


def external_id_digest(register_id: int, external_id: str, *, secret: str | None = None) -> str:
    """The keyed digest of one call id in one register (64 hex digits), under `secret` or the current key."""
    secret = secret or digest_keys()[0]
    return salted_hmac(KEY_SALT, f"{register_id}:{external_id}", secret=secret, algorithm="sha256").hexdigest()


def was_deleted(register, external_id: str) -> bool:
    """Whether a call with this id was deleted from this register (under any key still kept)."""
    digests = [external_id_digest(register.pk, external_id, secret=secret) for secret in digest_keys()]
    return Tombstone.objects.filter(register=register, external_id_digest__in=digests).exists()


def refuse_deleted_call(register, external_id: str) -> None:
    """IngestConflict when a call with this id was deleted from this register."""
    if was_deleted(register, external_id):
        raise IngestConflict(DELETED_CALL)


def deleted_call_remember(*, public_id, register_id: int, digest: str, reason: str, reference: str, at) -> bool:
    """Make sure a tombstone keeps the digest of a deleted call whose row is gone; returns True if it wrote.

    For a restore replaying the deletion journal: a call stored after the backup and deleted before
    the restore has no row to destroy again, and its tombstone was lost with the database. Writes the
    tombstone, or fills the digest of one that lacks it; a register the restored database does not
    hold (made after the backup) has nothing to refuse the call into.
    """
    if not digest or not Register.objects.filter(pk=register_id).exists():
        return False
    tombstone, created = Tombstone.objects.get_or_create(
        recording_public_id=public_id,
        defaults={
            "register_id": register_id,
            "reason": reason[:20],
            "reference": reference[:100],
            "deleted_at": at or timezone.now(),
            "external_id_digest": digest,
        },
    )
    if created:
        return True
    return bool(Tombstone.objects.filter(pk=tombstone.pk, external_id_digest="").update(external_id_digest=digest))
