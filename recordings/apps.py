from django.apps import AppConfig


class RecordingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recordings"

    def ready(self) -> None:
        from . import audit_hooks, checks, signals  # noqa: F401  (key ring check, audit-log names, logout hook)
