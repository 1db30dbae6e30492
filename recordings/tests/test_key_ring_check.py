"""A well-formed but wrong key ring is refused by the start-up check, before any playback."""

from __future__ import annotations

import base64
import os

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from testkit import make_stored_recording
from vault.keyring import get_keyring


def _ring(*kids: str) -> str:
    return ",".join(f"{kid}:{base64.b64encode(os.urandom(32)).decode()}" for kid in kids)


@pytest.fixture
def stored(personas, settings):
    settings.RECORDINGS_KEYS = _ring("k1")
    recording = make_stored_recording(personas.register)
    assert recording.key_id == "k1"
    return settings.RECORDINGS_KEYS


def test_the_right_key_ring_passes(stored):
    call_command("check", databases=["default"])


def test_a_key_ring_without_the_stored_key_id_fails_the_check(stored, settings):
    settings.RECORDINGS_KEYS = _ring("k2")
    with pytest.raises(SystemCheckError, match="recordings.E001.*key id 'k1' wrapped stored recordings"):
        call_command("check", databases=["default"])


def test_a_key_ring_with_the_wrong_bytes_under_the_same_id_fails_the_check(stored, settings):
    settings.RECORDINGS_KEYS = _ring("k1")
    with pytest.raises(SystemCheckError, match="recordings.E002.*failed authentication"):
        call_command("check", databases=["default"])


def test_after_rotation_both_keys_are_checked(stored, settings):
    old = stored
    settings.RECORDINGS_KEYS = _ring("k2") + "," + old
    call_command("rotate_keys")
    assert get_keyring().active_kid == "k2"
    call_command("check", databases=["default"])
    settings.RECORDINGS_KEYS = old
    with pytest.raises(SystemCheckError, match="key id 'k2'"):
        call_command("check", databases=["default"])
