"""Helpers for the SSO tests: the app pointed at the tests' provider, and a sign-in driven through it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from django.core.cache import cache

from accounts.models import GroupRoleMapping
from accounts.oidc.logout import forget_keys
from registers.models import Role

SUPERVISORS = "callcentre-supervisors"


@pytest.fixture
def sso(settings, identity_provider, personas):
    """SSO on against the tests' provider, with one mapping: SUPERVISORS -> supervisor of register A."""
    for name, value in identity_provider.settings_for_app().items():
        setattr(settings, name, value)
    settings.OIDC_REQUIRE_PROVIDER_MFA = False
    cache.clear()
    forget_keys()
    identity_provider.register_client("http://testserver")
    GroupRoleMapping.objects.create(register=personas.register, group=SUPERVISORS, role=Role.SUPERVISOR)
    return identity_provider


def provider_answer(client, provider, username: str) -> str:
    """Start a sign-in here, sign in at the provider; the callback path (with code and state) it sends back."""
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302, start.status_code
    back = urlsplit(provider.sign_in(requests.Session(), start["Location"], username))
    return f"{back.path}?{back.query}"


def sso_sign_in(client, provider, username: str):
    return client.get(provider_answer(client, provider, username))
