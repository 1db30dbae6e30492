"""A deleted call stays deleted: its id, kept as a keyed digest on the tombstone, is refused by ingest.

A recorder may send a call again: a retry, a nightly re-sync, a connector made anew on the same PBX
folder. Were the id forgotten with the call, a call a data subject had erased would come back. The
tombstone keeps no personal data, so it holds not the id but an HMAC-SHA256 of the register and the
id under SECRET_KEY: without the key, guessing ids (a PBX's are a timestamp and a counter) does not
find which calls were deleted. Every recording carries its digest from ingest, and the tombstone
takes it from the row (the purge's statement, or the tombstone trigger for every other path).

Rotating SECRET_KEY: keep the old key in SECRET_KEY_FALLBACKS for as long as a recorder may send a
deleted call again; digests under every key there are looked for.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac

from .errors import IngestConflict
from .models import Tombstone

KEY_SALT = "recordings.deleted-call-id"
DELETED_CALL = "external_id: this call was deleted from the register and is not stored again"


def external_id_digest(register_id: int, external_id: str, *, secret: str | None = None) -> str:
    """The keyed digest of one call id in one register (64 hex digits)."""
    return salted_hmac(KEY_SALT, f"{register_id}:{external_id}", secret=secret, algorithm="sha256").hexdigest()


def refuse_deleted_call(register, external_id: str) -> None:
    """IngestConflict when a call with this id was deleted from this register (under any key still kept)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    digests = [external_id_digest(register.pk, external_id, secret=secret) for secret in secrets]
    if Tombstone.objects.filter(register=register, external_id_digest__in=digests).exists():
        raise IngestConflict(DELETED_CALL)
