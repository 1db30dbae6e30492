from django.apps import AppConfig


class RegistersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registers"

    def ready(self) -> None:
        from . import audit_hooks  # noqa: F401  (tells the audit log what a user may read)
