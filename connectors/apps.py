from django.apps import AppConfig


class ConnectorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "connectors"

    def ready(self) -> None:
        from . import audit_hooks, guards  # noqa: F401  (audit-log names and summaries; the roots' system check)
