"""Without RECORDINGS_KEYS the first use makes a key file; processes starting together agree on one key,
and the file's name never shows a key that is empty, half written or not yet on the disk.

The embedded default serves the demo and small installs: the web workers and
the Celery worker start together on a fresh data folder and each reaches for
the key on its first upload or rendition. Two of them making keys at once
crashed the second (the name was taken), and one reading while the other
wrote saw an empty key ring. A power cut after the name appeared but before
the key reached the disk would leave recordings encrypted under a key that is
gone.
"""

from __future__ import annotations

import os

import pytest

from testkit import at_once
from vault import keyring
from vault.errors import KeyRingError

WRITERS = 6


@pytest.fixture
def key_file(settings, tmp_path):
    settings.RECORDINGS_KEYS = ""
    settings.RECORDINGS_KEYS_FILE = str(tmp_path / "keys" / "recordings.keys")
    return tmp_path / "keys" / "recordings.keys"


def test_writers_racing_on_a_fresh_install_agree_on_one_key(key_file):
    # Every writer has decided the file is missing and made its key before any of them writes.
    results = at_once(
        WRITERS, lambda _i: keyring._embedded_spec(key_file), meeting_after=(keyring, "generate_key_spec")
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1 and results[0] == key_file.read_text().strip()
    assert keyring.parse_keys(results[0])
    assert oct(os.stat(key_file).st_mode & 0o777) == "0o600"
    assert os.listdir(key_file.parent) == [key_file.name]


def test_the_key_is_on_the_disk_before_the_file_has_its_name(key_file, monkeypatch):
    flushed = []
    real_fsync = os.fsync

    def watching_fsync(fd):
        real_fsync(fd)
        # What was flushed, and whether the key file's name existed yet when it was.
        flushed.append((os.fstat(fd).st_size, key_file.exists()))

    monkeypatch.setattr(os, "fsync", watching_fsync)
    spec = keyring._embedded_spec(key_file)
    size = len((spec + "\n").encode())
    assert (size, False) in flushed, flushed
    # The folder is flushed after the name appears, so the name survives a power cut too.
    assert flushed[-1][1] is True


def test_a_write_that_fails_leaves_no_key_file_and_the_next_use_makes_one(key_file, monkeypatch):
    def full_disk(fd):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as failing:
        failing.setattr(os, "fsync", full_disk)
        with pytest.raises(OSError):
            keyring._embedded_spec(key_file)
    assert not key_file.exists()
    assert os.listdir(key_file.parent) == []
    assert keyring.parse_keys(keyring._embedded_spec(key_file))


def test_an_empty_key_file_is_refused_naming_the_file(key_file):
    key_file.parent.mkdir(parents=True)
    key_file.write_text("")
    with pytest.raises(KeyRingError, match="recordings.keys is empty"):
        keyring._embedded_spec(key_file)
