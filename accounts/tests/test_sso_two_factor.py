"""The provider's MFA counts when its amr claim says so; otherwise our TOTP is asked as for a password."""

from __future__ import annotations

import pytest

from .sso import SUPERVISORS, sso, sso_sign_in  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]


def test_the_providers_mfa_is_accepted(client, sso):  # noqa: F811
    sso.add_user("maija", [SUPERVISORS, "mfa"])
    sso_sign_in(client, sso, "maija")
    assert client.get("/registers/register-a/recordings/").status_code == 200


def test_without_the_providers_mfa_our_totp_is_asked(client, sso):  # noqa: F811
    sso.add_user("matti", [SUPERVISORS])
    sso_sign_in(client, sso, "matti")
    response = client.get("/registers/register-a/recordings/")
    assert response.status_code == 302 and "/account/two-factor/" in response["Location"]


def test_an_acr_value_can_stand_for_mfa(settings):
    from accounts.oidc.config import mfa_satisfied

    settings.OIDC_MFA_AMR_VALUES = ["mfa"]
    settings.OIDC_MFA_ACR_VALUES = ["gold"]
    assert mfa_satisfied({"acr": "gold"}) and mfa_satisfied({"amr": ["pwd", "mfa"]})
    assert not mfa_satisfied({"acr": "bronze", "amr": ["pwd"]}) and not mfa_satisfied({})
