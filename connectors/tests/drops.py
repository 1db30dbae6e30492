"""Calls as a script or a PBX leaves them in a drop folder or S3 prefix: audio with the import command's sidecar."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from audio.synth import write_sample
from recordings.tests.conftest import call_data

_ids = itertools.count(1)


def sidecar(seconds: float, **overrides) -> dict:
    """The import command's sidecar for a call that ended two hours ago: the recorder's call data."""
    ended = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    return call_data(seconds, ended=ended, **{"external_id": f"drop-{next(_ids)}", **overrides})


def write_call(folder: Path, name: str, *, seconds: float = 3.0, audio: bytes | None = None, **overrides) -> dict:
    """`name` with its `name.json`; returns the sidecar's fields."""
    path = folder / name
    if audio is None:
        write_sample(path, "wav-mulaw", seconds)
    else:
        path.write_bytes(audio)
    data = sidecar(seconds, **overrides)
    (folder / f"{name}.json").write_text(json.dumps(data))
    return data
