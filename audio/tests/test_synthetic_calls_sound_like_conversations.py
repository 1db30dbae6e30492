"""Synthetic calls sound like two people talking: syllables, pauses between words and turns, a voice per channel."""

from __future__ import annotations

import numpy as np

from audio.synth import VOICE_RATE, speech


def _talking(channel: np.ndarray, window: float = 0.05) -> np.ndarray:
    """Per 50 ms: is this party audible?"""
    size = int(VOICE_RATE * window)
    blocks = channel[: len(channel) // size * size].astype(np.float32).reshape(-1, size)
    return np.sqrt((blocks**2).mean(axis=1)) > 300


def test_each_party_talks_part_of_the_time_and_they_take_turns():
    samples = speech(120.0, channels=2, seed=11)
    first, second = _talking(samples[:, 0]), _talking(samples[:, 1])
    assert 0.2 < first.mean() < 0.6 and 0.2 < second.mean() < 0.6
    # Turn-taking: both talk at once only now and then (an acknowledgement in a long turn).
    assert (first & second).mean() < 0.08
    # Long silences of both parties are rare, as on a real call; short gaps between words are many.
    assert (~first & ~second).mean() < 0.5


def test_speech_comes_in_syllables_and_words_not_a_steady_tone():
    samples = speech(60.0, channels=1, seed=3)[:, 0]
    talking = _talking(samples, window=0.02)
    onsets = np.flatnonzero(talking[1:] & ~talking[:-1])
    # Finnish runs at about four to seven syllables a second when someone speaks; with pauses, well over one a second.
    assert 60 < len(onsets) < 60 * 8
    # Voices sit in the telephone band, with energy where vowel formants are (300–3400 Hz), not a single beep.
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float32)))
    freqs = np.fft.rfftfreq(len(samples), 1 / VOICE_RATE)
    band = spectrum[(freqs > 300) & (freqs < 3400)].sum() / spectrum.sum()
    assert band > 0.5
    strongest = spectrum.argsort()[-200:]
    assert np.ptp(freqs[strongest]) > 200


def test_calls_are_deterministic_from_the_seed_and_differ_between_seeds():
    assert np.array_equal(speech(5.0, 2, seed=1), speech(5.0, 2, seed=1))
    assert not np.array_equal(speech(5.0, 2, seed=1), speech(5.0, 2, seed=2))
