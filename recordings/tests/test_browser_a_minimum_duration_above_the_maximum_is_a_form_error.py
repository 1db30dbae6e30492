"""A supervisor who gives a minimum duration above the maximum is told so beside the field, instead of 0 calls."""

from __future__ import annotations

import pytest

from conftest import browser_login
from testkit import make_stored_recording
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser


def test_a_minimum_duration_above_the_maximum_is_a_form_error(transactional_db, live_server, personas, page):
    make_stored_recording(personas.register, duration_seconds=45.0)
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    page.fill("#id_min_duration", "60")
    page.fill("#id_max_duration", "30")
    page.click("form.filters button[type=submit]")
    error = page.locator("#id_max_duration_error")
    assert error.count() == 1 and "60" in error.inner_text()
    assert page.get_attribute("#id_max_duration", "aria-invalid") == "true"
    assert page.locator("table.recordings").count() == 0
    assert page.input_value("#id_min_duration") == "60"
    shoot_both_widths(page, "duration-range-error")
