from django.apps import AppConfig


class RecordingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recordings"

    def ready(self) -> None:
        from vault.holders import blobs_in_use_register, key_holder_register

        from . import audit_hooks, checks, receivers  # noqa: F401  (key ring check, audit-log names, logout hook)
        from .models import Recording

        key_holder_register(Recording, "recordings")
        blobs_in_use_register(_recording_blobs)


def _recording_blobs():
    """Blobs of live recordings, and of deleted ones waiting in BlobsToDelete for the purge: not orphans."""
    from .models import BlobsToDelete, Recording

    for model in (Recording, BlobsToDelete):
        for original, rendition in model.objects.values_list("original_blob", "rendition_blob").iterator():
            yield original
            yield rendition
