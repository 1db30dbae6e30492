"""Every page passes axe-core's WCAG 2.1 A and AA rules in Chromium, for each role that sees it, in Finnish and English.

One test per role and language: one logged-in browser context walks all of that
role's pages, and the test fails listing every violation (rule, element, help).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.every_page import PASSWORD, ROLES, open_as, pages_for, visit
from tests.screens import screenshot_widths

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def axe_violations(page, name: str) -> list[str]:
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(f"{name}: {violation['id']} at {node['target']} {node['html'][:200]!r} — {violation['help']}")
    return found


# What axe leaves to best practice but the issue asks of every page: one h1, a skip link to the main landmark
# first in the tab order, tables with headers and a caption, every field with an error tied to its message.
STRUCTURE = """() => {
  const problems = [];
  const h1s = document.querySelectorAll('h1').length;
  if (h1s !== 1) problems.push(`${h1s} h1 elements`);
  const mains = document.querySelectorAll('main#main');
  if (mains.length !== 1) problems.push('no single main#main landmark');
  const first = document.querySelector('a[href], button, input:not([type=hidden]), select, textarea');
  if (!first || !first.matches('a.skip-link[href="#main"]'))
    problems.push('the first focusable element is not the skip link');
  document.querySelectorAll('table').forEach((table, i) => {
    if (!table.querySelector('caption')) problems.push(`table ${i} has no caption`);
    if (!table.querySelector('th')) problems.push(`table ${i} has no header cells`);
  });
  document.querySelectorAll('[aria-invalid=true]').forEach((field) => {
    const ids = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (!ids.some((id) => (document.getElementById(id) || {}).textContent))
      problems.push(`field ${field.name} has an error not tied to it`);
  });
  const invalid = document.querySelector('[aria-invalid=true]');
  if (invalid && document.activeElement !== invalid) problems.push(`focus is not on the first field in error`);
  return problems;
}"""


def structure_problems(page, name: str) -> list[str]:
    return [f"{name}: {problem}" for problem in page.evaluate(STRUCTURE)]


def page_problems(page, name: str) -> list[str]:
    return axe_violations(page, name) + structure_problems(page, name)


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_the_role_sees_passes_axe(transactional_db, live_server, world, browser, role, language):
    context, page = open_as(browser, live_server, role, language, world.personas)
    violations = []
    for name, path, action in pages_for(role, world):
        visit(page, live_server, language, name, path, action)
        assert page.evaluate("document.documentElement.lang") == language, name
        violations += page_problems(page, f"{role}/{language}/{name}")
    context.close()
    assert not violations, "\n" + "\n".join(violations)


@pytest.mark.two_factor
@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_two_factor_pages_pass_axe(transactional_db, live_server, personas, page, language):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    prefix = "" if language == "fi" else "/en"
    violations = []
    page.goto(f"{live_server.url}{prefix}/accounts/login/")
    page.fill("#id_username", personas.supervisor.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("#id_token")
    violations += page_problems(page, f"{language}/two-factor-enrol")
    page.fill("#id_token", "000000")
    page.click("#confirm")
    page.wait_for_load_state()
    violations += page_problems(page, f"{language}/two-factor-enrol-wrong-code")

    TOTPDevice.objects.create(user=personas.dpo, name="default", confirmed=True)
    second = page.context.browser.new_context(locale=f"{language}-FI")
    other = second.new_page()
    other.goto(f"{live_server.url}{prefix}/accounts/login/")
    other.fill("#id_username", personas.dpo.username)
    other.fill("#id_password", PASSWORD)
    other.click("main button[type=submit]")
    other.wait_for_selector("#verify")
    violations += page_problems(other, f"{language}/two-factor-verify")
    screenshot_widths(other, f"axe-two-factor-verify-{language}")
    second.close()
    assert not violations, "\n" + "\n".join(violations)
