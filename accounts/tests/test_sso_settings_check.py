"""The system check: an issuer set without the client's id or secret fails at start, not at the first sign-in."""

from __future__ import annotations

import pytest

from accounts.checks import check_oidc_client


@pytest.mark.parametrize(("client_id", "secret"), [("", "s"), ("app", ""), ("", "")])
def test_an_issuer_without_the_client_is_an_error(settings, client_id, secret):
    settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = (
        "https://idp.example.fi",
        client_id,
        secret,
    )
    errors = check_oidc_client()
    assert [e.id for e in errors] == ["accounts.E002"]


def test_sso_off_or_fully_configured_is_fine(settings):
    settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "", "", ""
    assert check_oidc_client() == []
    settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "https://idp.example.fi", "app", "s"
    assert check_oidc_client() == []
