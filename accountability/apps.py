from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accountability"
    verbose_name = "Accountability"

    def ready(self) -> None:
        from . import audit_hooks  # noqa: F401  (how reports are named in the audit log)
