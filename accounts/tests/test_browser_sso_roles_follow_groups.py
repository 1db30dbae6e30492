"""In Chromium: sign in through the provider, land with the mapped role, leave the group, sign in again, lose it."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from accounts.models import GroupRoleMapping
from registers.models import Role
from tests.oidc_idp import PASSWORD
from tests.screens import shoot_both_widths
from tests.test_browser_every_page_passes_axe import page_problems

pytestmark = pytest.mark.browser
SUPERVISORS = "callcentre-supervisors"


def _sign_in_through_the_provider(page, live_server, provider, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("#sso-sign-in")
    if page.url.startswith(provider.url):  # the provider asks only when it has no session of its own
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("#idp-sign-in")
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/.*"))


@pytest.mark.two_factor
def test_roles_follow_the_providers_groups(transactional_db, live_server, personas, page, identity_provider, settings):
    for name, value in identity_provider.settings_for_app().items():
        setattr(settings, name, value)
    cache.clear()
    identity_provider.register_client(live_server.url)
    GroupRoleMapping.objects.create(register=personas.register, group=SUPERVISORS, role=Role.SUPERVISOR)
    identity_provider.add_user("maija", [SUPERVISORS, "mfa"])

    page.goto(f"{live_server.url}/accounts/login/")
    shoot_both_widths(page, "sso-login")
    problems = page_problems(page, "sso-login")
    _sign_in_through_the_provider(page, live_server, identity_provider, "maija")
    assert page.locator("[data-register='register-a']").count() == 1
    response = page.goto(f"{live_server.url}/registers/register-a/recordings/")
    assert response.status == 200 and "/two-factor/" not in page.url  # the provider's MFA counted
    shoot_both_widths(page, "sso-landed-with-mapped-role")

    page.goto(f"{live_server.url}/")
    page.click("header form button.link >> nth=0")
    page.wait_for_load_state()

    identity_provider.set_groups("maija", ["mfa"])  # taken out of the supervisors' group at the provider
    _sign_in_through_the_provider(page, live_server, identity_provider, "maija")
    assert page.locator("[data-register='register-a']").count() == 0
    response = page.goto(f"{live_server.url}/registers/register-a/recordings/")
    assert response.status == 404
    shoot_both_widths(page, "sso-role-gone-after-leaving-the-group")

    # A callback this browser did not start: refused, with a page that says why.
    page.goto(f"{live_server.url}/oidc/callback/?code=forged&state=forged")
    assert page.locator("#refusal").count() == 1
    shoot_both_widths(page, "sso-sign-in-refused")
    assert problems + page_problems(page, "sso-sign-in-refused") == []


def test_the_dpo_maps_a_group_on_the_controllers_page(transactional_db, live_server, personas, page):
    from conftest import browser_login

    browser_login(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/controllers/{personas.register.controller_id}/sign-in/")
    page.fill("#id_group", "callcentre-supervisors")
    page.select_option("#id_role", Role.SUPERVISOR)
    page.click("#add")
    page.wait_for_load_state()
    assert page.locator("table.mappings tbody tr").count() == 1
    shoot_both_widths(page, "sso-group-mappings")
