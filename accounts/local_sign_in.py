"""Local passwords, switched off per controller once its staff sign in through the identity provider.

A user with a membership in any controller that switched local sign-in off cannot sign in with a password,
whatever their roles elsewhere: a password is one key to all of a user's registers. Break-glass stays possible:
a superuser, or a member of the Django group BREAK_GLASS_GROUP, still can. A user with no membership at all (a
fresh admin account) is not affected.

The rule lives in the password backend (`LocalPasswordBackend`, in AUTHENTICATION_BACKENDS after django-axes'
backend), so every password sign-in meets it: this app's login page and the admin's alike.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from registers.models import Membership

from .models import SignInPolicy
from .oidc import config

REFUSED = "local_sign_in_refused"


def is_break_glass(user) -> bool:
    return user.is_superuser or user.groups.filter(name=settings.BREAK_GLASS_GROUP).exists()


def local_sign_in_allowed(user) -> bool:
    controller_ids = set(Membership.objects.filter(user=user).values_list("register__controller_id", flat=True))
    if not controller_ids or is_break_glass(user):
        return True
    return not SignInPolicy.objects.filter(controller_id__in=controller_ids, local_sign_in=False).exists()


class LocalPasswordBackend(ModelBackend):
    """Django's password backend, refusing (audited) a password the user's controllers switched off."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or local_sign_in_allowed(user):
            return user
        audit_record(
            action="sign_in_refused",
            actor=user,
            request=request,
            details={"method": "password", "reason": "local_off"},
        )
        if request is not None:
            setattr(request, REFUSED, True)  # the login form says why
        return None


class LocalAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "local_off": _("Your organisation signs in through its own sign-in service. Use the button below."),
    }

    def get_invalid_login_error(self):
        if getattr(self.request, REFUSED, False):
            return ValidationError(self.error_messages["local_off"], code="local_off")
        return super().get_invalid_login_error()


class LoginView(auth_views.LoginView):
    """Django's login page, with the provider's button when SSO is on."""

    authentication_form = LocalAuthenticationForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso_enabled": config.sso_enabled()}
