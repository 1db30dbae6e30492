"""While the focus is in the player, keys play, pause, skip, change speed and mute; typing in a field stays typing."""

from __future__ import annotations

import pytest

from recordings.tests.player import current_time, open_player
from tests.screens import screenshot_widths

pytestmark = pytest.mark.browser


def state(page, expression: str):
    return page.evaluate(f"() => {{ const a = document.getElementById('player'); return {expression}; }}")


def test_a_supervisor_works_the_player_with_its_keyboard_shortcuts(
    transactional_db, live_server, personas, make_recording, page
):
    call = make_recording(personas.register, seconds=40.0)
    open_player(page, live_server, personas.supervisor, call)
    page.evaluate("() => { document.getElementById('player').currentTime = 20; }")
    page.focus("#mute")

    page.keyboard.press("k")
    page.wait_for_function("() => !document.getElementById('player').paused")
    page.keyboard.press("k")
    page.wait_for_function("() => document.getElementById('player').paused")
    at = current_time(page)
    page.keyboard.press("l")
    assert current_time(page) == pytest.approx(at + 10, abs=0.3)
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert current_time(page) == pytest.approx(at - 10, abs=0.3)
    page.keyboard.press("ArrowRight")
    assert current_time(page) == pytest.approx(at - 5, abs=0.3)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert current_time(page) == pytest.approx(at - 15, abs=0.3)

    page.keyboard.press("+")
    assert state(page, "a.playbackRate") == 1.25
    assert page.input_value("#speed") == "1.25"
    page.wait_for_function("() => document.getElementById('player-status').textContent === 'Nopeus 1,25×'")
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert state(page, "a.playbackRate") == 0.75

    page.keyboard.press("m")
    assert state(page, "a.muted") is True
    assert page.get_attribute("#mute", "aria-pressed") == "true"
    page.wait_for_function("() => document.getElementById('player-status').textContent === 'Mykistetty'")
    page.keyboard.press("m")
    assert state(page, "a.muted") is False

    page.keyboard.press("s")
    assert page.is_checked("#skip-silence")
    page.keyboard.press("s")
    assert not page.is_checked("#skip-silence")

    # Space on the focused play button plays once (the button's own click), not twice.
    page.focus("#play-pause")
    page.keyboard.press("Space")
    page.wait_for_function("() => !document.getElementById('player').paused")
    page.wait_for_timeout(300)
    assert state(page, "a.paused") is False
    page.keyboard.press("Space")
    page.wait_for_function("() => document.getElementById('player').paused")


def test_the_shortcuts_are_listed_on_the_page_and_named_on_their_controls(
    transactional_db, live_server, personas, make_recording, page
):
    call = make_recording(personas.register, seconds=5.0)
    open_player(page, live_server, personas.supervisor, call)
    region = page.get_by_role("region", name="Soitin")
    assert region.get_attribute("aria-describedby") == "player-shortcuts-note"
    assert page.text_content("#player-shortcuts-note") == "Pikanäppäimet toimivat, kun kohdistus on soittimessa."
    assert page.get_attribute("#play-pause", "aria-keyshortcuts") == "K"
    assert page.get_attribute("#mute", "aria-keyshortcuts") == "M"

    help_list = page.locator("#shortcuts dl")
    assert not help_list.is_visible()
    page.focus("#play-pause")
    page.keyboard.press("?")
    assert help_list.is_visible()
    assert "Toista tai keskeytä" in help_list.inner_text()
    screenshot_widths(page, "player-keyboard-shortcuts")


def test_typing_in_a_field_does_not_work_the_player_but_the_same_key_in_the_player_does(
    transactional_db, live_server, personas, make_recording, page
):
    call = make_recording(personas.register, seconds=20.0)
    open_player(page, live_server, personas.supervisor, call)
    page.click("details.place-hold summary")
    page.fill("#id_reason", "")
    page.type("#id_reason", "kml jlm +")
    assert page.input_value("#id_reason") == "kml jlm +"
    assert state(page, "a.paused") is True
    assert state(page, "a.muted") is False
    assert state(page, "a.playbackRate") == 1
    assert current_time(page) < 0.5
    page.focus("#mute")
    page.keyboard.press("l")
    assert current_time(page) == pytest.approx(10, abs=0.5)
