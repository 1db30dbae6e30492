"""A supervisor enrols an authenticator in a real Chromium, logs in again with a code, then with a recovery code."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import browser_login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.two_factor]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _logout(page, live_server):
    page.goto(f"{live_server.url}/")
    page.click("header form button.link >> nth=0")
    page.wait_for_load_state()


def test_enrol_log_in_with_a_code_and_with_a_recovery_code(transactional_db, live_server, personas, page):
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/register-a/recordings/")
    page.wait_for_url(re.compile(r".*/account/two-factor/enrol/.*"))
    assert page.locator(".qr svg").count() == 1
    secret_text = page.inner_text("#secret")
    assert len(secret_text.replace(" ", "")) >= 16
    screenshot(page, "two-factor-enrol")

    device = TOTPDevice.objects.get(user=personas.supervisor, confirmed=False)
    page.fill("#id_token", _code(device))
    page.click("#confirm")
    page.wait_for_selector("#recovery-codes")
    codes = [c.strip() for c in page.locator("#recovery-codes code").all_inner_texts()]
    assert len(codes) == 10
    page.click("#continue")
    page.goto(f"{live_server.url}/registers/register-a/recordings/")
    assert "/two-factor/" not in page.url

    # A new login asks for the code; a wrong one is refused with a clear message.
    _logout(page, live_server)
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/register-a/recordings/")
    page.wait_for_url(re.compile(r".*/account/two-factor/\?.*"))
    page.fill("#id_token", "12345")
    page.click("#verify")
    assert page.locator(".errorlist").count() == 1
    page.fill("#id_token", codes[0])
    page.click("#verify")
    page.wait_for_url(re.compile(r".*/registers/register-a/recordings/.*"))
    screenshot(page, "two-factor-recovery-code-used")
