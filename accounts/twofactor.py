"""Who must use a second factor, and the devices that provide it.

Every role sees personal data: supervisors and agents hear calls, the DPO
handles requests, IT administrators see every caller's number, auditors read
who did what. So every member of a register, and every staff account (the
admin site), must pass TOTP before reaching anything but the two-factor pages
themselves.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from registers.models import Membership, Role

ROLES_NEEDING_TWO_FACTOR = (Role.SUPERVISOR, Role.AGENT, Role.DPO, Role.IT_ADMIN, Role.AUDITOR)
RECOVERY_CODES = 10
RECOVERY_DEVICE = "recovery codes"


def two_factor_required(user) -> bool:
    if not getattr(settings, "TWO_FACTOR_REQUIRED", True) or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=ROLES_NEEDING_TWO_FACTOR).exists()


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed device being enrolled, made on first visit and kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def new_recovery_code() -> str:
    raw = secrets.token_hex(5)
    return f"{raw[:5]}-{raw[5:]}"


@transaction.atomic
def recovery_codes_issue(user) -> list[str]:
    """Replace the user's recovery codes with a fresh set; each works once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def match_token(user, token: str):
    """The device a token verifies against: the authenticator app, or a one-time recovery code."""
    token = token.strip().replace(" ", "").lower()
    if not token:
        return None
    device = confirmed_totp(user)
    if device is not None and token.isdigit() and device.verify_token(token):
        return device
    for static in StaticDevice.objects.devices_for_user(user, confirmed=True):
        if static.verify_token(token):
            return static
    return None
