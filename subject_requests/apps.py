from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubjectRequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "subject_requests"
    verbose_name = _("Data-subject requests")

    def ready(self) -> None:
        from . import audit_hooks  # noqa: F401  (the controller's auditors read its requests' events)
