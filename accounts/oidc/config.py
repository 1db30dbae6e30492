"""The provider's settings: ours from the environment, its endpoints from its discovery document.

SSO is on when OIDC_ISSUER is set. The discovery document
(`<issuer>/.well-known/openid-configuration`) is fetched once and cached; its own `issuer` must be the one
configured, as OpenID Connect Discovery 1.0 §4.3 requires, or nothing from it is used.
"""

from __future__ import annotations

import requests
from django.conf import settings
from django.core.cache import cache

DISCOVERY_CACHE_SECONDS = 3600
# When the session was opened through the provider (a Unix time): it ends OIDC_SESSION_MAX_MINUTES later.
SIGNED_IN_AT = "oidc_signed_in_at"


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read, or names another issuer."""


def sso_enabled() -> bool:
    return bool(getattr(settings, "OIDC_ISSUER", ""))


def issuer() -> str:
    return settings.OIDC_ISSUER.rstrip("/")


def _cache_key() -> str:
    return f"oidc-discovery:{issuer()}"


def discovery() -> dict:
    document = cache.get(_cache_key())
    if document is not None:
        return document
    url = f"{issuer()}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"discovery document unreadable: {exc.__class__.__name__}") from exc
    if str(document.get("issuer", "")).rstrip("/") != issuer():
        raise ProviderUnavailable("discovery document names another issuer")
    cache.set(_cache_key(), document, DISCOVERY_CACHE_SECONDS)
    return document


def forget_discovery() -> None:
    cache.delete(_cache_key())


# mozilla-django-oidc's setting names, answered from the discovery document unless set explicitly.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
# Ours, under the names the library reads.
RENAMED = {"OIDC_RP_CLIENT_ID": "OIDC_CLIENT_ID", "OIDC_RP_CLIENT_SECRET": "OIDC_CLIENT_SECRET"}


def library_setting(attr: str, *default):
    """What mozilla-django-oidc's `get_settings(attr)` answers here."""
    if attr in DISCOVERED and not getattr(settings, attr, None):
        return discovery().get(DISCOVERED[attr], *default)
    if attr in RENAMED:
        return getattr(settings, RENAMED[attr])
    if default:
        return getattr(settings, attr, default[0])
    return getattr(settings, attr)


def mfa_satisfied(claims: dict) -> bool:
    """The provider says the user passed multi-factor authentication: an `amr` or `acr` value we accept."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(map(str, amr)) & set(settings.OIDC_MFA_AMR_VALUES):
        return True
    acr = claims.get("acr")
    return acr is not None and str(acr) in set(settings.OIDC_MFA_ACR_VALUES)


def groups_of(claims: dict) -> set[str]:
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    return {str(g) for g in groups if str(g)}
