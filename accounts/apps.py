from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts and two-factor login"

    def ready(self) -> None:
        from . import audit_hooks, checks  # noqa: F401 - register the audit scope and the SECRET_KEY check
