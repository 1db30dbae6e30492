"""Refuse to start with the public default SECRET_KEY unless DEBUG is on.

The default key is in the source code, so anyone could forge session cookies
and password-reset links with it. `manage.py` commands fail through the
system check; the WSGI and ASGI entry points, which run no checks, call
`refuse_insecure_secret_key` themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MESSAGE = "SECRET_KEY is the public development default and DEBUG is off."
HINT = "Set SECRET_KEY in the environment (production), or DEBUG=true for a local demo."


def _insecure() -> bool:
    default = getattr(settings, "INSECURE_DEFAULT_SECRET_KEY", None)
    return not settings.DEBUG and (not settings.SECRET_KEY or settings.SECRET_KEY == default)


@checks.register(checks.Tags.security)
def check_secret_key(app_configs=None, **kwargs):
    return [checks.Error(MESSAGE, hint=HINT, id="accounts.E001")] if _insecure() else []


def refuse_insecure_secret_key() -> None:
    if _insecure():
        raise ImproperlyConfigured(f"{MESSAGE} {HINT}")
