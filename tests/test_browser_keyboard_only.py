"""With the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows), a supervisor gets from the login page to hearing a
call and works the player, and a DPO gets from a new request to its package."""

from __future__ import annotations

import pytest

from subject_requests.models import ExportPackage, SubjectRequest
from subject_requests.tests.conftest import SUBJECT_TYPED

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def focused(page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"the keyboard never reached {selector}")


def choose_by_arrows(page, select: str, value: str) -> None:
    tab_to(page, select)
    for _ in range(12):
        if page.eval_on_selector(select, "(e) => e.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} is not reachable in {select}")


def keyboard_login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert focused(page, "#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_the_skip_link_comes_first_and_moves_the_keyboard_into_the_page(transactional_db, live_server, personas, page):
    keyboard_login(page, live_server, personas.supervisor.username)
    page.keyboard.press("Tab")
    assert focused(page, "a.skip-link")
    assert page.locator("a.skip-link").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_a_supervisor_hears_a_call_and_works_the_player_by_keyboard_alone(
    transactional_db, live_server, personas, make_recording, page
):
    call = make_recording(personas.register, seconds=40.0)
    keyboard_login(page, live_server, personas.supervisor.username)

    tab_to(page, f"a[href='/registers/{personas.register.slug}/recordings/']")
    page.keyboard.press("Enter")
    page.wait_for_selector("table.recordings")
    tab_to(page, f"tr[data-recording='{call.public_id}'] a")
    page.keyboard.press("Enter")
    page.wait_for_selector("#listen")
    # The player's script (a module) runs before DOMContentLoaded; pressed sooner, Listen posts the plain form,
    # the fallback that shows the player on a new page without moving the keyboard to it.
    page.wait_for_load_state("domcontentloaded")
    tab_to(page, "#listen")
    page.keyboard.press("Enter")

    page.wait_for_selector("#player-area:not([hidden])")
    # After Listen the keyboard is on the player (waited for: a loaded machine may report the area first).
    page.wait_for_function("() => document.activeElement === document.getElementById('play-pause')", timeout=5000)
    page.wait_for_function("() => document.getElementById('player').currentTime > 0.5")
    page.wait_for_function("() => document.getElementById('play-pause').textContent === 'Keskeytä'")

    page.keyboard.press("Space")
    page.wait_for_function("() => document.getElementById('player').paused")
    # The button's name follows the player's state (its pause event comes just after).
    page.wait_for_function("() => document.getElementById('play-pause').textContent === 'Toista'")
    paused_at = page.evaluate("() => document.getElementById('player').currentTime")

    choose_by_arrows(page, "#speed", "1.5")
    assert page.evaluate("() => document.getElementById('player').playbackRate") == 1.5

    tab_to(page, "#waveform", backwards=True)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    moved = page.evaluate("() => document.getElementById('player').currentTime")
    assert moved == pytest.approx(paused_at + 10, abs=0.5)
    value = page.get_attribute("#waveform", "aria-valuetext")
    assert value.split(" / ")[0] == f"00:{int(moved):02d}" and value.endswith(" / 00:40")

    page.keyboard.press("Space")
    page.wait_for_function(f"() => document.getElementById('player').currentTime > {moved + 0.5}")


def test_a_dpo_takes_a_new_request_to_its_package_by_keyboard_alone(
    transactional_db, live_server, personas, make_recording, page
):
    make_recording(personas.register, seconds=3.0, caller=SUBJECT_TYPED)
    keyboard_login(page, live_server, personas.dpo.username)

    tab_to(page, "#home-requests")
    page.keyboard.press("Enter")
    page.wait_for_selector("#new-request")
    tab_to(page, "#new-request")
    page.keyboard.press("Enter")
    page.wait_for_selector("#save-request")

    tab_to(page, "input[name=rights][value=access]")
    page.keyboard.press("Space")
    tab_to(page, "#id_subject_name")
    page.keyboard.type("Maija Meikäläinen")
    tab_to(page, "#id_subject_email")
    page.keyboard.type("maija.meikalainen@example.fi")
    tab_to(page, "#id_phone_numbers")
    page.keyboard.type(SUBJECT_TYPED)
    tab_to(page, "#save-request")
    page.keyboard.press("Enter")
    page.wait_for_selector("#request-number")

    choose_by_arrows(page, "#id_method", "strong_electronic")
    tab_to(page, "#verify")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search")
    tab_to(page, "#search")
    page.keyboard.press("Enter")
    page.wait_for_selector("table.matches button.include")
    tab_to(page, "table.matches button.include")
    page.keyboard.press("Enter")
    page.wait_for_selector("#create-package")
    tab_to(page, "#create-package")
    page.keyboard.press("Enter")
    page.wait_for_selector("#confirm-package")
    tab_to(page, "#confirm-package")
    page.keyboard.press("Enter")
    page.wait_for_selector("#download-link")

    subject_request = SubjectRequest.objects.get()
    assert ExportPackage.objects.filter(request=subject_request).count() == 1
