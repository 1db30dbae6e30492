"""A supervisor finds calls by part of a number and by the time of day they came in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import browser_login
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser


def test_part_of_a_number_finds_the_calls_that_contain_it(
    transactional_db, live_server, personas, make_recording, page
):
    wanted = make_recording(personas.register, caller="040 922 5646")
    make_recording(personas.register, caller="050 555 0101")
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    page.fill("#id_number", "9225646")
    page.click("form.filters button[type=submit]")
    rows = page.locator("table.recordings tbody tr[data-recording]")
    assert rows.count() == 1 and rows.first.get_attribute("data-recording") == str(wanted.public_id)
    assert "9225646" not in page.url
    shoot_both_widths(page, "number-part-filter")


def test_the_time_of_day_filter_keeps_calls_between_two_clock_times(
    transactional_db, live_server, personas, make_recording, page
):
    # 06:30 UTC is 08:30 in Helsinki in November; 15:00 UTC is 17:00.
    morning = make_recording(personas.register, ended=datetime(2026, 11, 2, 6, 30, 3, tzinfo=UTC))
    make_recording(personas.register, ended=datetime(2026, 11, 3, 15, 0, 3, tzinfo=UTC))
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    page.fill("#id_time_from", "08:00")
    page.fill("#id_time_to", "12:00")
    page.click("form.filters button[type=submit]")
    rows = page.locator("table.recordings tbody tr[data-recording]")
    assert rows.count() == 1 and rows.first.get_attribute("data-recording") == str(morning.public_id)
    assert page.input_value("#id_time_from") == "08:00"
    shoot_both_widths(page, "time-of-day-filter")
