"""The two parties of a stereo call play on two lanes that can be muted or soloed; a mono call has one lane."""

from __future__ import annotations

import pytest

from recordings.tests.player import open_player
from recordings.tests.tones import ingest_call, silence, tone, write_call
from tests.screens import screenshot_widths

pytestmark = pytest.mark.browser

AGENT = "Asiakaspalvelija (vasen kanava)"
CUSTOMER = "Asiakas (oikea kanava)"


def levels(page) -> dict[str, float]:
    """What the analysers hear now: each lane after its mute/solo, and the output."""
    return page.evaluate(
        """() => ({
            agent: Number(document.querySelector('.lane[data-channel="0"] .lane-level').dataset.level),
            customer: Number(document.querySelector('.lane[data-channel="1"] .lane-level').dataset.level),
            output: Number(document.getElementById('lanes').dataset.level),
        })"""
    )


def settled(page) -> dict[str, float]:
    # Gains change at once; the analysers hold about 40 ms of audio and are read every 100 ms.
    page.wait_for_timeout(400)
    return levels(page)


@pytest.fixture
def stereo_call(personas, tmp_path):
    """The agent (left) is a loud 440 Hz tone, the customer (right) a quiet 1 kHz tone, for 20 seconds."""
    path = tmp_path / "stereo.wav"
    seconds = write_call(path, tone(20, 440, level=0.5), tone(20, 1000, level=0.1))
    recording = ingest_call(personas.register, path, seconds)
    assert recording.channels == 2
    return recording


def test_muting_a_lane_silences_that_party_and_solo_keeps_only_one(
    transactional_db, live_server, personas, stereo_call, page
):
    open_player(page, live_server, personas.supervisor, stereo_call, paused=False)
    page.wait_for_function("() => Number(document.getElementById('lanes').dataset.level) > 0.05")
    both = levels(page)
    assert both["agent"] > 0.2 and 0.03 < both["customer"] < 0.12, both

    mute_agent = page.get_by_role("button", name=f"Mykistä {AGENT}", exact=True)
    mute_agent.click()
    assert mute_agent.get_attribute("aria-pressed") == "true"
    muted = settled(page)
    assert muted["agent"] < 0.001, muted
    assert 0.03 < muted["customer"] < 0.12, muted
    assert muted["output"] < both["output"] / 2, (muted, both)
    page.wait_for_function(
        "(name) => document.getElementById('player-status').textContent === name + ' mykistetty'", arg=AGENT
    )
    screenshot_widths(page, "player-stereo-lanes")

    mute_agent.click()
    assert settled(page)["agent"] > 0.2

    page.get_by_role("button", name=f"Soolo {CUSTOMER}", exact=True).click()
    solo = settled(page)
    assert solo["agent"] < 0.001 and solo["customer"] > 0.03, solo

    page.get_by_role("button", name=f"Soolo {AGENT}", exact=True).click()
    both_soloed = settled(page)
    assert both_soloed["agent"] > 0.2 and both_soloed["customer"] > 0.03, both_soloed

    page.get_by_role("button", name=f"Soolo {CUSTOMER}", exact=True).click()
    agent_only = settled(page)
    assert agent_only["agent"] > 0.2 and agent_only["customer"] < 0.001, agent_only


def test_a_mono_call_has_one_lane_without_mute_or_solo(transactional_db, live_server, personas, tmp_path, page):
    path = tmp_path / "mono.wav"
    seconds = write_call(path, tone(4, 440))
    call = ingest_call(personas.register, path, seconds)
    open_player(page, live_server, personas.supervisor, call, paused=False)
    assert page.locator(".lane").count() == 1
    assert page.locator(".lane-mute, .lane-solo").count() == 0
    assert page.text_content(".lane-name") == "Molemmat osapuolet (monotallenne)"
    page.wait_for_function("() => Number(document.getElementById('lanes').dataset.level) > 0.05")


def test_the_rendition_of_a_stereo_call_keeps_both_parties_apart(personas, tmp_path):
    import av
    import numpy as np

    from recordings.services import open_audio

    path = tmp_path / "one-sided.wav"
    seconds = write_call(path, tone(3, 440), silence(3))
    call = ingest_call(personas.register, path, seconds)
    reader = open_audio(call)
    ogg = tmp_path / "rendition.ogg"
    ogg.write_bytes(b"".join(reader.read_all()))
    reader.close()
    with av.open(str(ogg)) as container:
        frames = [f.to_ndarray() for f in container.decode(audio=0)]
    samples = np.concatenate(frames, axis=1)
    assert samples.shape[0] == 2
    left, right = np.abs(samples[0]).mean(), np.abs(samples[1]).mean()
    assert left > 0.1 and right < left / 100, (left, right)
