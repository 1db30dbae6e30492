"""Local passwords, switched off per controller once its staff sign in through the identity provider.

A user all of whose memberships are in controllers with local sign-in off cannot sign in with a password.
Break-glass stays possible: a superuser, or a member of the Django group BREAK_GLASS_GROUP, still can. A user
with no membership at all (a fresh admin account) is not affected.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from registers.models import Membership

from .models import SignInPolicy
from .oidc import config


def is_break_glass(user) -> bool:
    return user.is_superuser or user.groups.filter(name=settings.BREAK_GLASS_GROUP).exists()


def local_sign_in_allowed(user) -> bool:
    controller_ids = set(Membership.objects.filter(user=user).values_list("register__controller_id", flat=True))
    if not controller_ids or is_break_glass(user):
        return True
    off = set(
        SignInPolicy.objects.filter(controller_id__in=controller_ids, local_sign_in=False).values_list(
            "controller_id", flat=True
        )
    )
    return controller_ids - off != set()


class LocalAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "local_off": _("Your organisation signs in through its own sign-in service. Use the button below."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not local_sign_in_allowed(user):
            audit_record(
                action="sign_in_refused",
                actor=user,
                request=self.request,
                details={"method": "password", "reason": "local_off"},
            )
            raise ValidationError(self.error_messages["local_off"], code="local_off")


class LoginView(auth_views.LoginView):
    """Django's login page, with the provider's button when SSO is on."""

    authentication_form = LocalAuthenticationForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso_enabled": config.sso_enabled()}
