from django.apps import AppConfig


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 - registers the anchor checks
            receivers,  # noqa: F401 - records what the deletion journal reports
        )
