"""The provider's multi-factor authentication, as django-otp sees it.

When the id token's `amr` or `acr` says the user passed MFA at the provider, the session is marked verified
with a device that stands for the provider: a django-otp static device with no codes, so it can never verify
a code typed here. Without such a claim the user is asked for our TOTP as before.
"""

from __future__ import annotations

from django_otp.plugins.otp_static.models import StaticDevice

PROVIDER_DEVICE = "identity provider MFA"


def provider_mfa_device(user) -> StaticDevice:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=PROVIDER_DEVICE, defaults={"confirmed": True})
    device.token_set.all().delete()
    return device
