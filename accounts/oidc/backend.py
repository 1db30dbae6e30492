"""The authentication backend: mozilla-django-oidc's code flow, with the checks it leaves to us.

The library verifies the id token's signature (against the provider's JWKS), the nonce, and exp when present;
it does not check `iss` or `aud`. Here the issuer must be the configured one, the audience must name our
client (and `azp` too when there are several audiences), exp and iat must be there, and the userinfo's `sub`
must be the id token's. An Entra ID groups overage (no groups, only `_claim_names`) is refused, not read as
"no groups". Users are matched on (issuer, subject), never on email. Every refusal raises
SignInRefused with a reason the callback view audits and explains.
"""

from __future__ import annotations

import hashlib

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ..models import ProviderIdentity
from . import config
from .roles import desired_roles, roles_follow_groups


class SignInRefused(Exception):
    """A sign-in through the provider that must not go through; `reason` is one of REASONS' keys."""

    def __init__(self, reason: str, subject: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.subject = subject


class ProviderBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # The library reads every endpoint here; ours come from discovery, when a sign-in needs them.
        self.UserModel = get_user_model()

    get_settings = staticmethod(config.library_setting)

    def __getattr__(self, name):
        if name.startswith("OIDC_"):
            return config.library_setting(name, None)
        raise AttributeError(name)

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:  # noqa: N802 - the library's name
        return settings.OIDC_SIGN_ALGO

    @property
    def OIDC_RP_IDP_SIGN_KEY(self):  # noqa: N802
        return None

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs:
            return None  # a password sign-in: not ours
        try:
            return super().authenticate(request, **kwargs)
        except SignInRefused:
            raise
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            raise SignInRefused("token") from exc

    def get_user(self, user_id):
        """The session's user, unless switched off since (the library's own get_user does not ask)."""
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _verify_jws(self, payload, key):
        try:
            return super()._verify_jws(payload, key)
        except jwt.PyJWTError as exc:  # expired, not yet valid, malformed: the library lets these through
            raise SignInRefused("token") from exc

    def verify_token(self, token, **kwargs):
        if not token:
            raise SignInRefused("token")
        try:
            payload = super().verify_token(token, **kwargs)
        except (SuspiciousOperation, jwt.PyJWTError, KeyError) as exc:  # signature, nonce, algorithm, no kid
            raise SignInRefused("token") from exc
        if str(payload.get("iss", "")).rstrip("/") != config.issuer():
            raise SignInRefused("issuer", str(payload.get("sub", "")))
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        client_id = settings.OIDC_CLIENT_ID
        if client_id not in audiences or (len(audiences) > 1 and payload.get("azp") != client_id):
            raise SignInRefused("token", str(payload.get("sub", "")))
        if "exp" not in payload or "iat" not in payload or not payload.get("sub"):
            raise SignInRefused("token")
        claim = settings.OIDC_GROUPS_CLAIM
        if claim not in payload and claim in (payload.get("_claim_names") or {}):
            # Entra ID's groups overage: too many groups to list, only a pointer to Graph. Read as "no groups"
            # it would take every group role away, so the sign-in stops here with nothing changed.
            raise SignInRefused("groups_overage", str(payload["sub"]))
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        subject = str(payload["sub"])
        userinfo = self.get_userinfo(access_token, id_token, payload) if self.OIDC_OP_USER_ENDPOINT else {}
        if userinfo.get("sub", subject) != subject:
            raise SignInRefused("token", subject)
        claims = {**userinfo, **payload}
        mfa = config.mfa_satisfied(payload)
        if settings.OIDC_REQUIRE_PROVIDER_MFA and not mfa:
            raise SignInRefused("mfa", subject)
        groups = config.groups_of(payload) | config.groups_of(userinfo)
        user = self._user_for(subject, claims, groups)
        if not user.is_active:
            raise SignInRefused("inactive", subject)
        changes = roles_follow_groups(
            user=user, groups=groups, issuer=config.issuer(), subject=subject, request=self.request
        )
        user.provider_sign_in = {"subject": subject, "sid": str(payload.get("sid", "")), "mfa": mfa, **changes}
        return user

    @transaction.atomic
    def _user_for(self, subject: str, claims: dict, groups: set[str]):
        identity = (
            ProviderIdentity.objects.select_for_update()
            .filter(issuer=config.issuer(), subject=subject)
            .select_related("user")
            .first()
        )
        if identity is None:
            if not desired_roles(groups):
                raise SignInRefused("no_roles", subject)
            user = self.UserModel.objects.create_user(self._free_username(subject, claims))
            user.set_unusable_password()
            user.first_name = str(claims.get("given_name", ""))[:150]
            user.last_name = str(claims.get("family_name", ""))[:150]
            user.email = str(claims.get("email", ""))[:254]
            user.save()
            identity = ProviderIdentity.objects.create(user=user, issuer=config.issuer(), subject=subject)
        identity.last_sign_in_at = timezone.now()
        identity.save(update_fields=["last_sign_in_at"])
        return identity.user

    def _free_username(self, subject: str, claims: dict) -> str:
        """The provider's preferred username where it is free here; otherwise one made from the subject."""
        preferred = str(claims.get("preferred_username") or "")[:150]
        if preferred and not self.UserModel.objects.filter(username__iexact=preferred).exists():
            return preferred
        digest = hashlib.sha256(f"{config.issuer()} {subject}".encode()).hexdigest()[:12]
        return f"sso-{digest}"
