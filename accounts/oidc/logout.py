"""OpenID Connect Back-Channel Logout 1.0: the provider tells us a user signed out, and their sessions end now.

The logout token is a JWT signed with a key from the provider's JWKS. It must name our issuer and our client,
be recent, carry the back-channel logout event, name a `sid` or a `sub`, and carry no nonce (§2.6). Sessions
are found through the ProviderSession rows written at sign-in. The endpoint is anonymous, so the provider's
keys are fetched by one client per JWKS address, at most once a minute whatever is posted.
"""

from __future__ import annotations

import time

import jwt
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from audit.services import audit_record

from ..models import ProviderSession
from . import config

LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout"
MAX_AGE_SECONDS = 300


class LogoutTokenInvalid(Exception):
    pass


class _ProviderKeys(jwt.PyJWKClient):
    """The provider's JWKS, fetched at most once a REFETCH_SECONDS: an unknown `kid` in an anonymous POST does
    not make us fetch again (PyJWKClient alone refetches for every unknown kid)."""

    REFETCH_SECONDS = 60

    def __init__(self, uri: str):
        super().__init__(uri, cache_keys=False, lifespan=300, timeout=settings.OIDC_TIMEOUT)
        self.fetched_at = float("-inf")

    def fetch_data(self):
        self.fetched_at = time.monotonic()
        return super().fetch_data()

    def get_signing_keys(self, refresh: bool = False):
        if refresh and time.monotonic() - self.fetched_at < self.REFETCH_SECONDS:
            refresh = False
        return super().get_signing_keys(refresh=refresh)


_keys: dict[str, _ProviderKeys] = {}


def forget_keys() -> None:
    _keys.clear()


def _signing_key(token: str):
    header = jwt.get_unverified_header(token)
    if header.get("alg") != settings.OIDC_SIGN_ALGO:
        raise LogoutTokenInvalid("alg")
    uri = config.library_setting("OIDC_OP_JWKS_ENDPOINT")
    jwks = _keys.get(uri) or _keys.setdefault(uri, _ProviderKeys(uri))
    try:
        return jwks.get_signing_key_from_jwt(token).key
    except jwt.PyJWKClientError as exc:
        raise LogoutTokenInvalid("kid") from exc


def verify_logout_token(token: str) -> dict:
    try:
        claims = jwt.decode(
            token,
            _signing_key(token),
            algorithms=[settings.OIDC_SIGN_ALGO],
            audience=settings.OIDC_CLIENT_ID,
            issuer=config.issuer(),
            options={"require": ["iss", "aud", "iat"]},
            leeway=30,
        )
    except jwt.PyJWTError as exc:
        raise LogoutTokenInvalid(exc.__class__.__name__) from exc
    if abs(time.time() - int(claims["iat"])) > MAX_AGE_SECONDS:
        raise LogoutTokenInvalid("iat")
    if not isinstance(claims.get("events"), dict) or LOGOUT_EVENT not in claims["events"]:
        raise LogoutTokenInvalid("events")
    if not claims.get("sid") and not claims.get("sub"):
        raise LogoutTokenInvalid("sid or sub")
    if "nonce" in claims:
        raise LogoutTokenInvalid("nonce")
    return claims


def end_provider_sessions(*, subject: str = "", sid: str = "") -> int:
    """Delete every session the provider's (subject, sid) opened here; returns how many."""
    rows = ProviderSession.objects.filter(issuer=config.issuer())
    if sid and subject:  # a session signed in without a sid in its id token still ends by its subject
        rows = rows.filter(subject=subject).filter(Q(sid=sid) | Q(sid=""))
    elif sid:
        rows = rows.filter(sid=sid)
    else:
        rows = rows.filter(subject=subject)
    store: type[SessionBase] = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    rows.delete()
    return len(keys)


@csrf_exempt
@never_cache
@require_POST
def backchannel_logout(request):
    if not config.sso_enabled():
        return HttpResponseBadRequest()
    token = request.POST.get("logout_token", "")
    try:
        claims = verify_logout_token(token)
    except (LogoutTokenInvalid, config.ProviderUnavailable, jwt.PyJWTError):
        # §2.8: a 400 for a token we cannot accept; nothing of it is logged.
        return HttpResponseBadRequest()
    subject, sid = str(claims.get("sub", "")), str(claims.get("sid", ""))
    with transaction.atomic():
        ended = end_provider_sessions(subject=subject, sid=sid)
        audit_record(
            action="sso_logout",
            request=request,
            details={"issuer": config.issuer(), "subject": subject, "sessions_ended": ended},
        )
    return HttpResponse()
