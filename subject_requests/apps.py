from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubjectRequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "subject_requests"
    verbose_name = _("Data-subject requests")

    def ready(self) -> None:
        from backups.services import journal_replayer

        from . import audit_hooks  # noqa: F401  (the controller's auditors read its requests' events)
        from .services import export_package_replay_deletion

        # A restore deletes again the export packages the deletion journal names.
        journal_replayer("package", export_package_replay_deletion)
