"""A supervisor saves the call list's filters under a name, runs the search again later and deletes it, in Chromium;
the number searched for never appears in a URL the browser asks for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import browser_login
from recordings.models import SavedSearch
from retention.services import hold_place
from testkit import make_stored_recording
from tests.screens import readme_screenshot, screenshot_widths

pytestmark = pytest.mark.browser

CALLS = [
    # caller, agent, direction, minutes ago, seconds
    ("+358409225646", "Aino", "inbound", 30, 312),
    ("+358505550101", "Eero", "inbound", 95, 48),
    ("+358401112233", "Aino", "outbound", 180, 127),
    ("+358409225646", "Sanna", "inbound", 1500, 605),
    ("+358442223344", "Eero", "inbound", 1600, 73),
    ("+358455556677", "Sanna", "outbound", 2900, 221),
]


def _calls(register, dpo):
    now = timezone.now()
    calls = [
        make_stored_recording(
            register,
            caller_number=caller,
            callee_number="+358103808000",
            agent_name=agent,
            direction=direction,
            ended_at=now - timedelta(minutes=ago),
            duration_seconds=float(seconds),
            rendition_status="ready",
        )
        for caller, agent, direction, ago, seconds in CALLS
    ]
    hold_place(
        actor=dpo,
        recordings=calls[3:4],
        kind="complaint",
        reason="Reklamaatio",
        review_on=timezone.localdate() + timedelta(days=30),
    )
    return calls


def test_a_supervisor_saves_runs_and_deletes_a_search(transactional_db, live_server, personas, page):
    calls = _calls(personas.register, personas.dpo)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    browser_login(page, live_server, personas.supervisor.username)
    list_url = f"{live_server.url}/registers/{personas.register.slug}/recordings/"
    page.goto(list_url)
    assert page.locator("a.saved-search").count() == 0

    page.fill("#id_number", "040 922 5646")
    page.click("form.filters button[type=submit]")
    page.fill("#search-name", "Reklamoija 040")
    page.click("#save-search button[type=submit]")
    saved = page.locator("a.saved-search")
    assert saved.count() == 1 and saved.inner_text() == "Reklamoija 040"
    screenshot_widths(page, "saved-search-saved")

    page.goto(list_url)
    assert page.locator("tbody tr[data-recording]").count() == len(calls)
    readme_screenshot(page, "call-list")
    page.click("a.saved-search")
    page.wait_for_url("**/recordings/?f=*")
    rows = page.locator("tbody tr[data-recording]")
    wanted = {str(c.public_id) for c in calls if c.caller_number == "+358409225646"}
    assert {rows.nth(i).get_attribute("data-recording") for i in range(rows.count())} == wanted
    assert page.input_value("#id_number") == "040 922 5646"
    screenshot_widths(page, "saved-search-run")

    page.click("button.delete-search")
    page.wait_for_load_state()
    assert page.locator("a.saved-search").count() == 0
    assert not SavedSearch.objects.exists()
    leaked = [url for url in asked if "9225646" in url.replace("%20", "").replace("+", "")]
    assert leaked == [], leaked
