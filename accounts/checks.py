"""Refuse to start with the public default SECRET_KEY unless DEBUG is on; and with sign-in through an identity
provider half configured.

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


OIDC_MESSAGE = "OIDC_ISSUER is set but OIDC_CLIENT_ID or OIDC_CLIENT_SECRET is empty."
OIDC_HINT = "Set both from the client registered at the identity provider, or leave OIDC_ISSUER empty (SSO off)."


@checks.register()
def check_oidc_client(app_configs=None, **kwargs):
    """Sign-in through the provider would fail at the first user's callback; say so at start instead."""
    if not getattr(settings, "OIDC_ISSUER", ""):
        return []
    if settings.OIDC_CLIENT_ID and settings.OIDC_CLIENT_SECRET:
        return []
    return [checks.Error(OIDC_MESSAGE, hint=OIDC_HINT, id="accounts.E002")]
