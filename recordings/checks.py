"""Fail at start-up, not at the first playback or download, when the key ring cannot open what is stored.

vault.checks catches a malformed key ring; this catches a well-formed wrong one:
a key id the stored recordings or export packages were wrapped with is
missing, or a key under the right id has the wrong bytes. For each kind it
reads the oldest and newest rows (which span a key rotation) and unwraps one
data key per key id found. It needs the database, so it runs with
`manage.py check --database default`, which `scripts/run` and the production
start-up in the README call before serving.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

SAMPLE = 1000


def _key_holders():
    """(model, what it is called in a message): every kind of row that keeps a wrapped data key."""
    from vault.holders import KEY_HOLDERS

    return tuple(KEY_HOLDERS)


def _one_row_per_key_id(model) -> dict:
    kept = model.objects.filter(wrapped_key__isnull=False)
    sample = {
        *kept.order_by("pk").values_list("pk", flat=True)[:SAMPLE],
        *kept.order_by("-pk").values_list("pk", flat=True)[:SAMPLE],
    }
    one_per_key = {}
    for row in model.objects.filter(pk__in=sample).only("public_id", "key_id", "wrapped_key"):
        one_per_key.setdefault(row.key_id, row)
    return one_per_key


@checks.register(checks.Tags.database)
def check_key_ring_opens_stored_recordings(app_configs=None, databases=None, **kwargs):
    if not databases or "default" not in databases:
        return []
    from vault.errors import KeyRingError, VaultIntegrityError
    from vault.keyring import get_keyring

    try:
        ring = get_keyring()
    except KeyRingError:
        return []  # vault.E001 reports it
    errors = []
    for model, what in _key_holders():
        try:
            one_per_key = _one_row_per_key_id(model)
        except DatabaseError:
            return []  # not migrated yet: nothing is stored
        for kid, row in sorted(one_per_key.items()):
            try:
                ring.unwrap(kid, bytes(row.wrapped_key), context=row.key_context)
            except KeyRingError:
                errors.append(
                    checks.Error(
                        f"key id '{kid}' wrapped stored {what} but is not in the key ring (RECORDINGS_KEYS)",
                        hint="Restore the key ring that goes with this database; retire a key only after rotate_keys.",
                        id="recordings.E001",
                    )
                )
            except VaultIntegrityError:
                errors.append(
                    checks.Error(
                        f"key id '{kid}' in the key ring (RECORDINGS_KEYS) is not the key that wrapped the stored "
                        f"{what}: a wrapped data key failed authentication",
                        hint="Restore the key ring that goes with this database.",
                        id="recordings.E002",
                    )
                )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_call_id_digest_key(app_configs=None, **kwargs):
    if settings.DEBUG or settings.CALL_ID_DIGEST_KEY:
        return []
    return [
        checks.Warning(
            "CALL_ID_DIGEST_KEY is not set: deleted calls' ids are kept as digests under SECRET_KEY, so rotating "
            "SECRET_KEY (after a leak, say) would let those calls be stored again.",
            hint="Set CALL_ID_DIGEST_KEY to a random value of its own (today's SECRET_KEY keeps existing digests "
            "valid), kept out of the database and its backups, and never rotate it with SECRET_KEY.",
            id="recordings.W001",
        )
    ]
