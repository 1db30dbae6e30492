"""Starting a provider sign-in, its callback, and a clear, audited page when one is refused.

The state, the nonce and the PKCE verifier live in the session (mozilla-django-oidc); a state that is not
there (a replayed or forged callback) is refused before the provider's code is ever exchanged.
"""

from __future__ import annotations

import time

import requests
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from audit.services import audit_record

from ..models import ProviderSession
from . import config
from .backend import SignInRefused
from .mfa import provider_mfa_device

REASONS = {
    "state": _("The sign-in link was already used or did not start here. Start the sign-in again."),
    "issuer": _("The sign-in came from an identity provider this service does not trust."),
    "token": _("The identity provider's answer could not be verified."),
    "mfa": _("Your organisation's sign-in did not include multi-factor authentication, which this service requires."),
    "no_roles": _("Your account has no role in any register here. Ask your data protection officer for access."),
    "inactive": _("Your account here is switched off."),
    "provider": _("The identity provider could not be reached or refused the sign-in. Try again shortly."),
    "groups_overage": _(
        "Your organisation's sign-in sent too many groups for this service to read. "
        "Ask your administrator to assign only the groups this service needs."
    ),
}
# A state that is not this browser's may be a forged link: the session it arrived in is left alone.
KEEPS_THE_SESSION = {"state"}
UNAVAILABLE = {"provider"}


def refuse(request, reason: str, subject: str = ""):
    """Audit a refused sign-in (no tokens, no claims but the subject) and show why."""
    details = {"method": "oidc", "reason": reason}
    if config.sso_enabled():
        details["issuer"] = config.issuer()
    if subject:
        details["subject"] = subject
    if reason not in KEEPS_THE_SESSION and request.user.is_authenticated:
        logout(request)
    audit_record(action="sign_in_refused", request=request, details=details)
    status = 503 if reason in UNAVAILABLE else 403
    return render(request, "accounts/sign_in_refused.html", {"message": REASONS[reason]}, status=status)


class SignInStart(OIDCAuthenticationRequestView):
    def __init__(self, *args, **kwargs):
        # The library reads the endpoints here; ours come from discovery, at the request.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    get_settings = staticmethod(config.library_setting)

    def get(self, request):
        if not config.sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except config.ProviderUnavailable:
            return refuse(request, "provider")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


class SignInCallback(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(config.library_setting)

    def get(self, request):
        if not config.sso_enabled():
            raise Http404
        state = request.GET.get("state")
        if not state or state not in request.session.get("oidc_states", {}):
            return refuse(request, "state")
        if request.GET.get("error"):
            super().get(request)  # forgets the state and signs out, as the library does
            return refuse(request, "provider")
        if not request.GET.get("code"):
            return refuse(request, "state")
        try:
            response = super().get(request)
        except SignInRefused as refused:
            return refuse(request, refused.reason, refused.subject)
        except (requests.RequestException, config.ProviderUnavailable):
            return refuse(request, "provider")
        if getattr(self, "user", None) is None:
            return refuse(request, "token")
        if not self.user.is_active:
            return refuse(request, "inactive")
        return response

    def login_success(self):
        sign_in = self.user.provider_sign_in
        session = self.request.session
        earlier_key = session.session_key
        response = super().login_success()
        if sign_in["mfa"]:
            otp_login(self.request, provider_mfa_device(self.user))
        # A new session key at every provider sign-in, also when the library kept the signed-in user's session:
        # no session fixation, and each ProviderSession row names a session of its own.
        session.cycle_key()
        session[config.SIGNED_IN_AT] = time.time()
        session.save()
        ProviderSession.objects.filter(session_key__in=[k for k in (earlier_key,) if k]).delete()
        ProviderSession.objects.update_or_create(
            session_key=session.session_key,
            defaults={"issuer": config.issuer(), "subject": sign_in["subject"], "sid": sign_in["sid"]},
        )
        audit_record(
            action="sso_sign_in",
            actor=self.user,
            request=self.request,
            details={
                "issuer": config.issuer(),
                "subject": sign_in["subject"],
                "provider_mfa": sign_in["mfa"],
                "roles_granted": sign_in["granted"],
                "roles_revoked": sign_in["revoked"],
            },
        )
        return response
