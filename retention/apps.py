from django.apps import AppConfig


class RetentionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "retention"

    def ready(self) -> None:
        from . import (
            audit_hooks,  # noqa: F401  (names holds in the audit log)
            tasks,  # noqa: F401  (registered, so a rule change can queue its recompute by name)
        )
