"""A back-channel logout from the provider ends the user's sessions here at once; a bad logout token ends nothing."""

from __future__ import annotations

import time
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from accounts.models import ProviderIdentity, ProviderSession
from accounts.oidc.logout import LOGOUT_EVENT
from audit.models import AuditEvent
from tests.oidc_idp import CLIENT_ID

from .sso import SUPERVISORS, sso, sso_sign_in  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
LIST = "/registers/register-a/recordings/"


def _claims(provider, subject: str, **changes) -> dict:
    claims = {
        "iss": provider.issuer,
        "aud": CLIENT_ID,
        "iat": int(time.time()),
        "jti": uuid.uuid4().hex,
        "sub": subject,
        "events": {LOGOUT_EVENT: {}},
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


@pytest.fixture
def signed_in(client, sso):  # noqa: F811
    sso.add_user("maija", [SUPERVISORS])
    sso_sign_in(client, sso, "maija")
    assert client.get(LIST).status_code == 200
    return ProviderIdentity.objects.get().subject


def test_a_logout_token_ends_the_session_at_once(client, sso, signed_in):  # noqa: F811
    assert ProviderSession.objects.filter(subject=signed_in).count() == 1
    from django.test import Client

    response = Client().post("/oidc/backchannel-logout/", {"logout_token": sso.sign(_claims(sso, signed_in))})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert client.get(LIST).status_code == 302  # back to the login page
    assert not ProviderSession.objects.exists()
    event = AuditEvent.objects.get(action="sso_logout")
    assert event.details == {"issuer": sso.issuer, "subject": signed_in, "sessions_ended": 1}


@pytest.mark.parametrize(
    "changes",
    [
        {"nonce": "n"},
        {"aud": "another-app"},
        {"iss": "https://login.example.fi/other"},
        {"events": None},
        {"sub": None},
        {"iat": int(time.time()) - 3600},
    ],
    ids=["nonce", "audience", "issuer", "no-event", "no-sub-or-sid", "old"],
)
def test_a_bad_logout_token_ends_nothing(client, sso, signed_in, changes):  # noqa: F811
    from django.test import Client

    token = sso.sign(_claims(sso, signed_in, **changes))
    assert Client().post("/oidc/backchannel-logout/", {"logout_token": token}).status_code == 400
    assert client.get(LIST).status_code == 200
    assert not AuditEvent.objects.filter(action="sso_logout").exists()


def test_a_logout_token_signed_by_another_key_ends_nothing(client, sso, signed_in):  # noqa: F811
    from django.test import Client

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = sso.sign(_claims(sso, signed_in), key=other)
    assert Client().post("/oidc/backchannel-logout/", {"logout_token": token}).status_code == 400
    assert client.get(LIST).status_code == 200


def test_a_sid_ends_only_that_session(settings):
    from django.contrib.sessions.backends.db import SessionStore

    settings.OIDC_ISSUER = "https://login.example.fi/realms/a"
    sessions = {}
    for name, sid in (("laptop", "sid-1"), ("phone", "sid-2")):
        store = SessionStore()
        store["_auth_user_id"] = "1"
        store.create()
        ProviderSession.objects.create(issuer=settings.OIDC_ISSUER, subject="s", sid=sid, session_key=store.session_key)
        sessions[name] = store.session_key
    from accounts.oidc.logout import end_provider_sessions

    assert end_provider_sessions(subject="s", sid="sid-1") == 1
    assert not SessionStore().exists(sessions["laptop"]) and SessionStore().exists(sessions["phone"])


def test_junk_logout_posts_fetch_the_providers_keys_at_most_once(sso, monkeypatch):  # noqa: F811
    import jwt
    from django.test import Client

    from accounts.oidc import logout

    logout.forget_keys()
    fetches = []
    fetch = jwt.PyJWKClient.fetch_data

    def counted(self):
        fetches.append(self.uri)
        return fetch(self)

    monkeypatch.setattr(jwt.PyJWKClient, "fetch_data", counted)
    header = jwt.utils.base64url_encode(b'{"alg":"RS256","kid":"nope","typ":"JWT"}').decode()
    for _ in range(4):
        assert Client().post("/oidc/backchannel-logout/", {"logout_token": f"{header}.e30.AAAA"}).status_code == 400
    assert len(fetches) <= 1
    # A real logout token is still checked against the keys already fetched.
    token = sso.sign(_claims(sso, "nobody"))
    assert Client().post("/oidc/backchannel-logout/", {"logout_token": token}).status_code == 200
    assert len(fetches) <= 1
