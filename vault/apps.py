from django.apps import AppConfig


class VaultConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "vault"
    verbose_name = "Audio vault"

    def ready(self) -> None:
        from . import checks, keyring  # noqa: F401 - registers checks and the settings hook
        from .scratch import scratch_sweep_at_start_up

        # Every process (web, worker, management command) sets Django up, so each start clears
        # the plaintext that killed processes left behind.
        scratch_sweep_at_start_up()
