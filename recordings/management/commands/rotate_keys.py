from django.core.management.base import BaseCommand

from audit.services import audit_record
from recordings.models import Recording
from vault.keyring import get_keyring


class Command(BaseCommand):
    help = (
        "Rewrap every recording's data key under the key ring's active key. Audio blobs are not touched; "
        "afterwards the old key can be removed from RECORDINGS_KEYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, batch=1000, **options):
        keyring = get_keyring()
        active = keyring.active_kid
        rewrapped = 0
        pending = Recording.objects.filter(wrapped_key__isnull=False).exclude(key_id=active)
        while True:
            rows = list(pending.order_by("pk").values("pk", "public_id", "key_id", "wrapped_key")[:batch])
            if not rows:
                break
            for row in rows:
                context = row["public_id"].bytes
                kid, wrapped = keyring.rewrap(row["key_id"], bytes(row["wrapped_key"]), context=context)
                # Conditional on the old key id, so a concurrent shred or rotation is never overwritten.
                rewrapped += Recording.objects.filter(
                    pk=row["pk"], key_id=row["key_id"], wrapped_key__isnull=False
                ).update(key_id=kid, wrapped_key=wrapped)
        audit_record(action="key_rotation", details={"active_key": active, "rewrapped": rewrapped})
        self.stdout.write(f"rewrapped {rewrapped} data key(s) under {active}")
