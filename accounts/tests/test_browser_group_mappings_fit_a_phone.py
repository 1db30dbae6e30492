"""In Chromium at 1366 and 390 px: every group mapping's Remove button is in view, in full, and removes the mapping."""

from __future__ import annotations

import pytest

from accounts.models import GroupRoleMapping
from registers.models import Role
from tests.screens import IN_VIEW_AND_ON_TOP, shoot_both_widths
from tests.test_browser_every_page_passes_axe import page_problems

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1366])
def test_the_remove_button_is_in_view_and_removes_the_mapping(transactional_db, live_server, personas, page, width):
    from conftest import browser_login

    # A register's name as long as the seed registers' names, in words too long to wrap.
    personas.register.name = "ONNI hoiva puhelintallenteiden rekisteri"
    personas.register.save(update_fields=["name"])
    GroupRoleMapping.objects.create(
        register=personas.register, group="callcentre-supervisors-helsinki-and-tampere", role=Role.SUPERVISOR
    )
    GroupRoleMapping.objects.create(register=personas.register, group="it-service-desk", role=Role.IT_ADMIN)
    browser_login(page, live_server, personas.dpo.username)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/controllers/{personas.register.controller_id}/sign-in/")
    shoot_both_widths(page, f"sso-group-mappings-on-a-{width}-px-screen")
    page.set_viewport_size({"width": width, "height": 900})

    buttons = page.locator("table.mappings button")
    assert buttons.count() == 2
    for index in range(2):
        assert buttons.nth(index).evaluate(IN_VIEW_AND_ON_TOP), f"button {index} is cut off at {width} px"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page_problems(page, f"sso-group-mappings-{width}") == []

    buttons.first.click()
    page.wait_for_load_state()
    assert list(GroupRoleMapping.objects.values_list("group", flat=True)) == ["it-service-desk"]
    assert page.locator("table.mappings tbody tr").count() == 1
