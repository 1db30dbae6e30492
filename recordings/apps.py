from django.apps import AppConfig


class RecordingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recordings"

    def ready(self) -> None:
        from journal.rebuild import deletions_known_register
        from vault.holders import blobs_in_use_register, key_holder_register

        from . import audit_hooks, checks, receivers  # noqa: F401  (key ring check, audit-log names, logout hook)
        from .models import Recording

        key_holder_register(Recording, "recordings")
        blobs_in_use_register(_recording_blobs)
        # A journal that lost its tail is rebuilt from the tombstones.
        deletions_known_register("recording", _deleted_recordings)


def _recording_blobs():
    """Blobs of live recordings, and of deleted ones waiting in BlobsToDelete for the purge: not orphans."""
    from .models import BlobsToDelete, Recording

    for model in (Recording, BlobsToDelete):
        for original, rendition in model.objects.values_list("original_blob", "rendition_blob").iterator():
            yield original
            yield rendition


def _deleted_recordings():
    from .models import Tombstone

    rows = Tombstone.objects.order_by("deleted_at", "pk").values_list(
        "recording_public_id", "register_id", "reason", "reference", "external_id_digest"
    )
    for public_id, register, reason, reference, digest in rows.iterator(chunk_size=5000):
        yield {"object": public_id, "register": register, "reason": reason, "reference": reference, "call": digest}
