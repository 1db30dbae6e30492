"""The key ring wraps data keys, rotates, and refuses malformed configuration clearly."""

from __future__ import annotations

import base64
import os

import pytest
from django.core import checks

from vault.errors import KeyRingError, VaultIntegrityError
from vault.keyring import get_keyring, parse_keys


def _spec(kid: str) -> str:
    return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


def test_embedded_default_creates_a_private_key_file(settings, tmp_path):
    settings.RECORDINGS_KEYS = ""
    ring = get_keyring()
    assert ring.active_kid == "k1"
    assert oct(os.stat(settings.RECORDINGS_KEYS_FILE).st_mode & 0o777) == "0o600"


def test_wrapped_key_is_bound_to_its_recording(settings):
    settings.RECORDINGS_KEYS = _spec("a")
    ring = get_keyring()
    kid, wrapped = ring.wrap(b"k" * 32, context=b"recording:1")
    assert ring.unwrap(kid, wrapped, context=b"recording:1") == b"k" * 32
    with pytest.raises(VaultIntegrityError):
        ring.unwrap(kid, wrapped, context=b"recording:2")


def test_rewrap_moves_to_the_active_key(settings):
    old = _spec("old")
    settings.RECORDINGS_KEYS = old
    kid, wrapped = get_keyring().wrap(b"d" * 32, context=b"c")
    settings.RECORDINGS_KEYS = _spec("new") + "," + old
    new_kid, rewrapped = get_keyring().rewrap(kid, wrapped, context=b"c")
    assert new_kid == "new"
    settings.RECORDINGS_KEYS = settings.RECORDINGS_KEYS.split(",")[0]
    assert get_keyring().unwrap(new_kid, rewrapped, context=b"c") == b"d" * 32
    with pytest.raises(KeyRingError, match="'old' is not in the key ring"):
        get_keyring().unwrap(kid, wrapped, context=b"c")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nokey", "expected 'kid:base64key'"),
        ("a:!!!", "not valid base64"),
        ("a:" + base64.b64encode(b"short").decode(), "must be 32 bytes"),
        (_spec("a") + "," + _spec("a"), "appears twice"),
    ],
)
def test_malformed_key_rings_are_refused_with_a_reason(spec, message):
    with pytest.raises(KeyRingError, match=message):
        parse_keys(spec)


def test_system_check_reports_a_malformed_key_ring(settings):
    settings.RECORDINGS_KEYS = "a:notbase64!"
    errors = checks.run_checks(tags=[checks.Tags.security])
    assert any(e.id == "vault.E001" for e in errors)
