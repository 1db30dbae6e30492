from django.apps import AppConfig


class VaultConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "vault"
    verbose_name = "Audio vault"

    def ready(self) -> None:
        from . import checks, keyring  # noqa: F401 - registers checks and the settings hook
