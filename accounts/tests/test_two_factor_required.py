"""Every role that sees personal data must pass a second factor; recovery codes work once."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor import recovery_codes_issue

pytestmark = pytest.mark.two_factor


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": "correct horse battery staple"})
    assert response.status_code == 302, "login failed"


@pytest.mark.parametrize("who", ["supervisor", "agent", "dpo", "it_admin", "auditor", "superuser"])
def test_every_role_and_staff_are_sent_to_enrolment(personas, client, who):
    _login(client, getattr(personas, who))
    response = client.get(f"/registers/{personas.register.slug}/recordings/")
    assert response.status_code == 302 and response.url.startswith("/account/two-factor/")
    assert client.get(response.url, follow=True).redirect_chain[-1][0].startswith("/account/two-factor/enrol/")


def test_an_auditor_reaches_the_audit_log_only_after_the_second_factor(personas, client):
    device = TOTPDevice.objects.create(user=personas.auditor, name="phone", confirmed=True)
    _login(client, personas.auditor)
    audit_page = "/audit/"
    assert client.get(audit_page).status_code == 302
    client.post("/account/two-factor/", {"token": _code(device)})
    assert client.get(audit_page).status_code == 200


def test_a_user_without_any_role_is_not_forced(client, db):
    from testkit import make_user

    _login(client, make_user("no-role"))
    assert client.get("/").status_code == 200


def test_admin_site_needs_the_second_factor_too(personas, client):
    _login(client, personas.superuser)
    assert client.get("/admin/").status_code == 302


def test_enrolment_confirms_with_a_code_and_shows_recovery_codes(personas, client):
    _login(client, personas.supervisor)
    page = client.get("/account/two-factor/enrol/")
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=personas.supervisor, confirmed=False)
    bad = client.post("/account/two-factor/enrol/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert bad.status_code == 200 and "not valid" in bad.content.decode().replace("ei kelpaa", "not valid")
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down retries after a failure; the test does not wait
    response = client.post("/account/two-factor/enrol/", {"token": _code(device), "next": "/"})
    assert response.status_code == 302
    codes_page = client.get(response.url).content.decode()
    assert codes_page.count("<code>") == 10
    assert client.get(f"/registers/{personas.register.slug}/recordings/").status_code == 200


def test_a_new_login_asks_for_the_code_again(personas, client):
    device = TOTPDevice.objects.create(user=personas.dpo, name="phone", confirmed=True)
    _login(client, personas.dpo)
    assert client.get("/requests/").status_code == 302
    client.post("/account/two-factor/", {"token": _code(device)})
    assert client.get("/requests/").status_code == 200


def test_a_recovery_code_works_once(personas, client):
    TOTPDevice.objects.create(user=personas.dpo, name="phone", confirmed=True)
    code = recovery_codes_issue(personas.dpo)[0]
    _login(client, personas.dpo)
    client.post("/account/two-factor/", {"token": code})
    assert client.get("/requests/").status_code == 200
    client.logout()
    _login(client, personas.dpo)
    client.post("/account/two-factor/", {"token": code})
    assert client.get("/requests/").status_code == 302


def test_public_privacy_notice_needs_no_second_factor(personas, client):
    _login(client, personas.supervisor)
    assert client.get(f"/privacy/{personas.register.slug}/").status_code in (200, 404)
