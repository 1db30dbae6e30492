"""Behind the reverse proxy the client's address comes from X-Forwarded-For, counted from the right.

Each trusted proxy appends the address it saw, so only the rightmost
TRUSTED_PROXY_COUNT entries are facts; anything left of them is whatever the
client chose to send.
"""

from __future__ import annotations

import pytest

from audit.models import AuditEvent

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3


def _login(client, user, password: str, forwarded_for: str):
    return client.post(
        "/accounts/login/",
        {"username": user.username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_an_attacker_elsewhere_cannot_lock_a_user_out(personas, client, behind_proxy):
    for _ in range(3):
        _login(client, personas.supervisor, "wrong", forwarded_for=ATTACKER)
    assert _login(client, personas.supervisor, "wrong", forwarded_for=ATTACKER).status_code == 429
    ok = _login(client, personas.supervisor, "correct horse battery staple", forwarded_for=VICTIM)
    assert ok.status_code == 302


def test_a_spoofed_leftmost_address_does_not_pick_whose_lockout_counts(personas, client, behind_proxy):
    # The attacker claims the victim's address; the proxy appends the attacker's real one.
    for _ in range(3):
        _login(client, personas.supervisor, "wrong", forwarded_for=f"{VICTIM}, {ATTACKER}")
    assert _login(client, personas.supervisor, "wrong", forwarded_for=f"{VICTIM}, {ATTACKER}").status_code == 429
    assert _login(client, personas.supervisor, "correct horse battery staple", forwarded_for=VICTIM).status_code == 302


def test_the_audit_log_records_the_address_the_proxy_saw(personas, client, behind_proxy):
    client.force_login(personas.dpo)
    response = client.get("/ropa.csv", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{VICTIM}, {ATTACKER}")
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="ropa_export").client_address == ATTACKER


def test_two_trusted_proxies_take_the_second_entry_from_the_right(personas, client, behind_proxy, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    client.force_login(personas.dpo)
    client.get("/ropa.csv", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{VICTIM}, {ATTACKER}, 10.0.0.1")
    assert AuditEvent.objects.get(action="ropa_export").client_address == ATTACKER


def test_without_a_proxy_the_header_is_ignored(personas, client, settings):
    settings.BEHIND_PROXY = False
    client.force_login(personas.dpo)
    client.get("/ropa.csv", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=VICTIM)
    assert AuditEvent.objects.get(action="ropa_export").client_address == "192.0.2.10"


def test_garbage_in_the_header_falls_back_to_the_proxy_address(personas, client, behind_proxy):
    client.force_login(personas.dpo)
    client.get("/ropa.csv", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    assert AuditEvent.objects.get(action="ropa_export").client_address == PROXY
