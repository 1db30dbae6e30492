from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubjectRequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "subject_requests"
    verbose_name = _("Data-subject requests")

    def ready(self) -> None:
        from backups.restore import journal_replayer
        from vault.holders import blobs_in_use_register, key_holder_register

        from . import audit_hooks, receivers  # noqa: F401  (auditors read requests' events; deleted calls revoke packages)
        from .models import ExportPackage
        from .services import export_package_replay_deletion

        # A restore deletes again the export packages the deletion journal names.
        journal_replayer("package", export_package_replay_deletion)
        # Packages keep data keys and blobs of their own: key rotation, the ring check and reconcile see them.
        key_holder_register(ExportPackage, "export packages")
        blobs_in_use_register(_live_package_blobs)


def _live_package_blobs():
    from .models import ExportPackage

    # A deleted package's blob is an orphan: its key is gone, and a failed deletion left it behind.
    return ExportPackage.objects.filter(deleted_at__isnull=True).values_list("blob", flat=True)
