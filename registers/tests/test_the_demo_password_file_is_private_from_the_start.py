"""The demo password file is the owner's alone from the moment it has its name, and one password is made.

Written and then made private, it was readable by everyone on the machine in
between, and stayed so if the process died there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from registers.demo import demo_password


def test_a_death_right_after_writing_leaves_no_readable_password(tmp_path, monkeypatch):
    path = tmp_path / "data" / "demo-password.txt"
    previous = os.umask(0o022)

    def killed(self, *args, **kwargs):
        raise KeyboardInterrupt("the process is stopped here")

    monkeypatch.setattr(Path, "chmod", killed)
    try:
        demo_password(path)
    except KeyboardInterrupt:
        pass
    finally:
        os.umask(previous)
    if path.exists():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_password_is_made_once_and_read_back(tmp_path):
    path = tmp_path / "demo-password.txt"
    first = demo_password(path)
    assert first.startswith("demo-") and demo_password(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["demo-password.txt"]
