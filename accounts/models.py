"""Sign-in through the organisation's identity provider: who a provider's subject is here, which of its groups
grant which register role, which memberships those groups granted, and the sessions each provider sign-in opened.

Users are matched on (issuer, subject), never on an email address: an address can be reassigned to someone
else at the provider, a subject id cannot.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registers.models import Controller, Membership, Register, Role


class ProviderIdentity(models.Model):
    """A provider's subject, tied to one local user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_identities")
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("identity provider account")
        verbose_name_plural = _("identity provider accounts")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="provider_identity_unique")]

    def __str__(self) -> str:
        return f"{self.issuer} · {self.subject}"


class GroupRoleMapping(models.Model):
    """Members of the provider's `group` hold `role` in `register`, for as long as they are in the group."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="group_mappings")
    group = models.CharField(
        _("group"),
        max_length=255,
        help_text=_("The group as the provider names it in the groups claim (Entra ID: the group's object id)."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group mapping")
        verbose_name_plural = _("group mappings")
        ordering = ["register__name", "group", "role"]
        constraints = [
            models.UniqueConstraint(fields=["register", "group", "role"], name="group_role_mapping_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.register} · {self.get_role_display()}"


class GroupGrant(models.Model):
    """Marks a membership as granted by the provider's groups: a sign-in may take away only these.

    Hand-granted memberships (break-glass access, a DPO's own grant) have no row here and are never
    touched by a sign-in.
    """

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="group_grant")
    group = models.CharField(max_length=255)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role granted by a group")
        verbose_name_plural = _("roles granted by groups")

    def __str__(self) -> str:
        return f"{self.membership} ({self.group})"


class ProviderSession(models.Model):
    """A session opened by a provider sign-in, so a back-channel logout can end it at once."""

    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    sid = models.CharField(max_length=255, blank=True)
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["issuer", "subject"]), models.Index(fields=["issuer", "sid"])]

    def __str__(self) -> str:
        return f"{self.issuer} · {self.subject}"


class SignInPolicy(models.Model):
    """Per controller: may its staff still sign in with a local password (break-glass aside)?"""

    controller = models.OneToOneField(Controller, on_delete=models.CASCADE, related_name="sign_in_policy")
    local_sign_in = models.BooleanField(
        _("local passwords allowed"),
        default=True,
        help_text=_("Off: staff sign in only through the identity provider; break-glass accounts still can."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sign-in policy")
        verbose_name_plural = _("sign-in policies")

    def __str__(self) -> str:
        return str(self.controller)
