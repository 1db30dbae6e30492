"""Fail at start-up, not at the first playback, when the key ring cannot open the stored recordings.

vault.checks catches a malformed key ring; this catches a well-formed wrong one:
a key id the stored recordings were wrapped with is missing, or a key under the
right id has the wrong bytes. It reads the oldest and newest recordings (which
span a key rotation) and unwraps one data key per key id found. It needs the
database, so it runs with `manage.py check --database default`, which
`scripts/run` and the production start-up in the README call before serving.
"""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError

SAMPLE = 1000


@checks.register(checks.Tags.database)
def check_key_ring_opens_stored_recordings(app_configs=None, databases=None, **kwargs):
    if not databases or "default" not in databases:
        return []
    from vault.errors import KeyRingError, VaultIntegrityError
    from vault.keyring import get_keyring

    from .models import Recording

    try:
        ring = get_keyring()
    except KeyRingError:
        return []  # vault.E001 reports it
    try:
        kept = Recording.objects.filter(wrapped_key__isnull=False)
        sample = {
            *kept.order_by("pk").values_list("pk", flat=True)[:SAMPLE],
            *kept.order_by("-pk").values_list("pk", flat=True)[:SAMPLE],
        }
        one_per_key = {}
        for row in Recording.objects.filter(pk__in=sample).only("public_id", "key_id", "wrapped_key"):
            one_per_key.setdefault(row.key_id, row)
    except DatabaseError:
        return []  # not migrated yet: nothing is stored
    errors = []
    for kid, row in sorted(one_per_key.items()):
        try:
            ring.unwrap(kid, bytes(row.wrapped_key), context=row.key_context)
        except KeyRingError:
            errors.append(
                checks.Error(
                    f"key id '{kid}' wrapped stored recordings but is not in the key ring (RECORDINGS_KEYS)",
                    hint="Restore the key ring that goes with this database; retire a key only after rotate_keys.",
                    id="recordings.E001",
                )
            )
        except VaultIntegrityError:
            errors.append(
                checks.Error(
                    f"key id '{kid}' in the key ring (RECORDINGS_KEYS) is not the key that wrapped the stored "
                    "recordings: a wrapped data key failed authentication",
                    hint="Restore the key ring that goes with this database.",
                    id="recordings.E002",
                )
            )
    return errors
