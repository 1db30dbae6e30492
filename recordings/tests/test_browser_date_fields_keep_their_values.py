"""Date fields show their defaults and the dates typed in: <input type=date> gets ISO values on Finnish pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import browser_login
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser


def test_the_hold_form_shows_its_default_review_date(transactional_db, live_server, personas, make_recording, page):
    recording = make_recording(personas.register, seconds=3.0)
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/recordings/{recording.public_id}/")
    page.click(".place-hold summary")
    expected = (timezone.localdate() + timedelta(days=90)).isoformat()
    assert page.input_value("#id_review_on") == expected
    shoot_both_widths(page, "date-field-hold-review-date")


def test_a_filtered_date_stays_in_the_list_filter(transactional_db, live_server, personas, page):
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    page.fill("#id_date_from", "2026-11-01")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/recordings/?f=*")
    assert page.input_value("#id_date_from") == "2026-11-01"
    shoot_both_widths(page, "date-field-list-filter")
