"""Refused sign-ins through the provider: each one audited, with a clear page, and no user or session made."""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from accounts.models import ProviderIdentity
from accounts.oidc.backend import ProviderBackend, SignInRefused
from audit.models import AuditEvent
from tests.oidc_idp import CLIENT_ID, CLIENT_SECRET

from .sso import SUPERVISORS, provider_answer, sso, sso_sign_in  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
CALLBACK = "http://testserver/oidc/callback/"


def _refused(response, reason: str) -> AuditEvent:
    assert response.status_code == 403
    assert b'id="refusal"' in response.content
    event = AuditEvent.objects.get(action="sign_in_refused")
    assert event.details["reason"] == reason and event.details["method"] == "oidc"
    return event


def _id_token(provider, username: str, nonce: str) -> str:
    """A real id token from the provider, fetched as a client would."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": CALLBACK,
            "scope": "openid email",
            "state": "state-for-this-test",
            "nonce": nonce,
        }
    )
    back = provider.sign_in(requests.Session(), f"{provider.issuer}/authorize?{query}", username)
    code = parse_qs(urlsplit(back).query)["code"][0]
    answer = requests.post(
        f"{provider.issuer}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
        timeout=10,
    )
    return answer.json()["id_token"]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_tampered_id_token_is_refused(sso):  # noqa: F811
    sso.add_user("maija", [SUPERVISORS])
    token = _id_token(sso, "maija", nonce="nonce-1")
    backend = ProviderBackend()
    assert backend.verify_token(token, nonce="nonce-1")["groups"] == [SUPERVISORS]

    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["groups"] = [SUPERVISORS, "domain-admins"]
    tampered = f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"
    with pytest.raises(SignInRefused) as refused:
        backend.verify_token(tampered, nonce="nonce-1")
    assert refused.value.reason == "token"

    # Signed, with the provider's key id, by someone else's key.
    forged = sso.sign(claims, key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    with pytest.raises(SignInRefused):
        backend.verify_token(forged, nonce="nonce-1")
    # The provider's own token, replayed into another sign-in (another nonce).
    with pytest.raises(SignInRefused):
        backend.verify_token(token, nonce="nonce-2")


def test_a_token_for_another_client_is_refused(sso):  # noqa: F811
    claims = {"iss": sso.issuer, "sub": "x", "aud": "another-app", "iat": 1, "exp": 4102444800, "nonce": "n"}
    with pytest.raises(SignInRefused) as refused:
        ProviderBackend().verify_token(sso.sign(claims), nonce="n")
    assert refused.value.reason == "token"


def test_a_wrong_issuer_is_refused(client, sso, settings):  # noqa: F811
    sso.add_user("maija", [SUPERVISORS])
    # The provider's endpoints, but another issuer expected: its tokens name the provider, not the one we trust.
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{sso.issuer}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{sso.issuer}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{sso.issuer}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{sso.issuer}/jwks"
    settings.OIDC_ISSUER = "https://login.example.fi/tenant"
    event = _refused(sso_sign_in(client, sso, "maija"), "issuer")
    assert event.details["issuer"] == "https://login.example.fi/tenant"
    assert not ProviderIdentity.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_replayed_state_is_refused(client, sso):  # noqa: F811
    sso.add_user("maija", [SUPERVISORS])
    answer = provider_answer(client, sso, "maija")
    assert client.get(answer).status_code == 302
    # Replayed in the same, signed-in browser: refused, and the user stays signed in.
    event = _refused(client.get(answer), "state")
    assert client.get("/registers/register-a/recordings/").status_code == 200
    code = parse_qs(urlsplit(answer).query)["code"][0]
    assert code not in json.dumps(event.details)
    # Nor from another browser that never started a sign-in.
    from django.test import Client

    assert Client().get(answer).status_code == 403


def test_the_sign_in_asks_for_the_code_flow_with_pkce_state_and_nonce(client, sso):  # noqa: F811
    start = client.get("/oidc/authenticate/")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert start["Location"].startswith(f"{sso.issuer}/authorize")
    assert query["response_type"] == ["code"] and query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43 and len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["redirect_uri"] == [CALLBACK]


def test_a_callback_without_a_started_sign_in_is_refused(client, sso):  # noqa: F811
    _refused(client.get("/oidc/callback/?code=abc&state=def"), "state")


def test_a_missing_mfa_claim_is_refused_where_provider_mfa_is_required(client, sso, settings):  # noqa: F811
    settings.OIDC_REQUIRE_PROVIDER_MFA = True
    sso.add_user("maija", [SUPERVISORS])
    event = _refused(sso_sign_in(client, sso, "maija"), "mfa")
    assert event.details["subject"]
    assert not ProviderIdentity.objects.exists()

    sso.add_user("maija", [SUPERVISORS, "mfa"])
    assert sso_sign_in(client, sso, "maija").status_code == 302
    assert client.get("/registers/register-a/recordings/").status_code == 200


def test_an_unknown_user_with_no_mapped_group_is_refused(client, sso):  # noqa: F811
    sso.add_user("ulla", ["cleaning-staff"])
    _refused(sso_sign_in(client, sso, "ulla"), "no_roles")
    assert not ProviderIdentity.objects.exists()


def test_without_an_issuer_sso_is_off_and_the_login_page_as_before(client, settings):
    settings.OIDC_ISSUER = ""
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=a&state=b").status_code == 404
    assert b"sso-sign-in" not in client.get("/accounts/login/").content


def test_a_forged_callback_link_does_not_sign_out_a_signed_in_user(client, sso):  # noqa: F811
    sso.add_user("maija", [SUPERVISORS])
    sso_sign_in(client, sso, "maija")
    _refused(client.get("/oidc/callback/?code=x&state=y"), "state")
    assert client.get("/registers/register-a/recordings/").status_code == 200
    # Nor an error answer for a sign-in that never started here.
    assert client.get("/oidc/callback/?error=access_denied&state=y").status_code == 403
    assert client.get("/registers/register-a/recordings/").status_code == 200


def _claims(provider, **changes) -> dict:
    now = int(time.time())
    claims = {"iss": provider.issuer, "sub": "x", "aud": CLIENT_ID, "iat": now, "exp": now + 600, "nonce": "n"}
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _reason(token: str) -> str:
    with pytest.raises(SignInRefused) as refused:
        ProviderBackend().verify_token(token, nonce="n")
    return refused.value.reason


def test_an_id_token_without_a_key_id_is_refused(sso):  # noqa: F811
    assert _reason(jwt.encode(_claims(sso), sso.private_key, algorithm="RS256")) == "token"


@pytest.mark.parametrize("missing", ["exp", "iat"])
def test_an_id_token_without_exp_or_iat_is_refused(sso, missing):  # noqa: F811
    assert ProviderBackend().verify_token(sso.sign(_claims(sso)), nonce="n")["sub"] == "x"
    assert _reason(sso.sign(_claims(sso, **{missing: None}))) == "token"


@pytest.mark.parametrize("azp", [None, "another-app"])
def test_several_audiences_need_our_client_as_the_authorised_party(sso, azp):  # noqa: F811
    token = sso.sign(_claims(sso, aud=[CLIENT_ID, "another-app"], azp=CLIENT_ID))
    assert ProviderBackend().verify_token(token, nonce="n")["azp"] == CLIENT_ID
    assert _reason(sso.sign(_claims(sso, aud=[CLIENT_ID, "another-app"], azp=azp))) == "token"


def test_userinfo_of_another_subject_is_refused(sso):  # noqa: F811
    class OtherUserinfo(ProviderBackend):
        def get_userinfo(self, access_token, id_token, payload):
            return {"sub": "someone-else"}

    with pytest.raises(SignInRefused) as refused:
        OtherUserinfo().get_or_create_user("access", "id", _claims(sso))
    assert refused.value.reason == "token"
    assert not ProviderIdentity.objects.exists()


def test_an_entra_groups_overage_is_refused_without_touching_roles(sso):  # noqa: F811
    overage = {"groups": "src1"}, {"src1": {"endpoint": "https://graph.microsoft.com/v1.0/users/x/getMemberObjects"}}
    token = sso.sign(_claims(sso, _claim_names=overage[0], _claim_sources=overage[1]))
    assert _reason(token) == "groups_overage"


def test_the_groups_overage_page_says_what_to_ask_for(client, sso, settings):  # noqa: F811
    from django.test import RequestFactory

    from accounts.oidc.views import refuse

    request = RequestFactory().get("/oidc/callback/")
    request.session, request.user = client.session, AnonymousUser()
    with translation.override("en"):
        page = refuse(request, "groups_overage", "x")
    assert page.status_code == 403 and b"only the groups this service needs" in page.content
    with translation.override("fi"):
        assert "vain ne ryhmät" in refuse(request, "groups_overage", "x").content.decode()


def test_an_unreachable_provider_is_a_503(client, sso, settings):  # noqa: F811
    settings.OIDC_ISSUER = "http://127.0.0.1:9/openid"
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 503 and b'id="refusal"' in response.content
    assert AuditEvent.objects.get(action="sign_in_refused").details["reason"] == "provider"
