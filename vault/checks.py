"""Fail early on a key ring that cannot work, rather than on the first upload."""

from django.conf import settings
from django.core import checks

from .errors import KeyRingError
from .keyring import parse_keys


@checks.register(checks.Tags.security)
def check_key_ring(app_configs=None, **kwargs):
    errors = []
    if settings.RECORDINGS_KEYS:
        try:
            parse_keys(settings.RECORDINGS_KEYS)
        except KeyRingError as exc:
            errors.append(checks.Error(str(exc), id="vault.E001"))
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_key_ring_from_environment(app_configs=None, **kwargs):
    if settings.RECORDINGS_KEYS:
        return []
    return [
        checks.Warning(
            "RECORDINGS_KEYS is not set: keys are generated into RECORDINGS_KEYS_FILE on this machine.",
            hint="In production pass the key ring in the environment and back it up apart from the data.",
            id="vault.W001",
        )
    ]
