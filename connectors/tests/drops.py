"""Calls as a script or a PBX leaves them in a drop folder or S3 prefix: audio with the import command's sidecar."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from audio.synth import write_sample

_ids = itertools.count(1)


def sidecar(seconds: float, **overrides) -> dict:
    ended = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    data = {
        "external_id": f"drop-{next(_ids)}",
        "started_at": (ended - timedelta(seconds=seconds)).isoformat(),
        "ended_at": ended.isoformat(),
        "direction": "inbound",
        "caller": "040 123 4567",
        "callee": "010 380 8000",
        "service_number": "010 380 8000",
        "agent": "",
    }
    data.update(overrides)
    return data


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
