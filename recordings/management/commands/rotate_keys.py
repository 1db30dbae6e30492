from django.core.management.base import BaseCommand

from audit.services import audit_record
from vault.holders import KEY_HOLDERS
from vault.keyring import get_keyring


class Command(BaseCommand):
    help = (
        "Rewrap every data key (recordings and export packages) under the key ring's active key. Audio and "
        "package blobs are not touched; afterwards the old key can be removed from RECORDINGS_KEYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, batch=1000, **options):
        keyring = get_keyring()
        active = keyring.active_kid
        # Every row holding a data key wrapped by the ring (vault.holders): afterwards the old key opens nothing.
        counts = {model._meta.label: self._rewrap(model, keyring, batch) for model, _what in KEY_HOLDERS}
        rewrapped = sum(counts.values())
        audit_record(
            action="key_rotation",
            details={"active_key": active, "rewrapped": rewrapped, "per_kind": counts},
        )
        self.stdout.write(f"rewrapped {rewrapped} data key(s) under {active}")

    @staticmethod
    def _rewrap(model, keyring, batch: int) -> int:
        rewrapped = 0
        pending = model.objects.filter(wrapped_key__isnull=False).exclude(key_id=keyring.active_kid)
        while True:
            rows = list(pending.order_by("pk").values("pk", "public_id", "key_id", "wrapped_key")[:batch])
            if not rows:
                return rewrapped
            for row in rows:
                context = row["public_id"].bytes
                kid, wrapped = keyring.rewrap(row["key_id"], bytes(row["wrapped_key"]), context=context)
                # Conditional on the old key id, so a concurrent shred or rotation is never overwritten.
                rewrapped += model.objects.filter(pk=row["pk"], key_id=row["key_id"], wrapped_key__isnull=False).update(
                    key_id=kid, wrapped_key=wrapped
                )
