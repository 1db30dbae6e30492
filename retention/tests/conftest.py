from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from testkit import make_stored_recording


@pytest.fixture
def stored(personas):
    """Make a recording of register A with a real encrypted blob; `expired=True` puts it past its date."""

    def make(register=None, *, expired: bool = True, **overrides):
        register = register or personas.register
        if expired:
            overrides.setdefault("expires_at", timezone.now() - timedelta(hours=1))
        return make_stored_recording(register, **overrides)

    return make


def blob_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    found = set()
    for folder, _dirs, files in __import__("os").walk(root):
        for name in files:
            path = __import__("os").path.join(folder, name)
            if "/vault/" in path:
                found.add(path)
    return found
