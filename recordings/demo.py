"""Synthetic calls for the demo: real encoded audio in several telephony formats.

Calls are spread over each register's retention window so the list, the
player and the retention forecast all have something to show. Numbers are
random Finnish mobile numbers; no real person is behind any of them.
"""

from __future__ import annotations

import random
import tempfile
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from audio.synth import SUFFIX, write_sample
from registers.demo import DEMO_PREFIXES
from registers.models import Register

from .models import Recording
from .services import parse_call_metadata, recording_ingest, rendition_make

FORMATS = ["wav-gsm", "wav-mulaw", "wav-alaw", "mp3", "opus", "wav-pcm", "ogg-vorbis", "m4a-aac", "flac"]


def _window_days(register: Register) -> int:
    if register.is_event_based or not register.retention_value:
        return 365
    if register.retention_unit == "days":
        return register.retention_value
    return register.retention_value * 30


def demo_calls_load(*, per_register: int = 9, seed: int = 2026) -> int:
    """Add `per_register` synthetic calls to each seed register that has none yet. Returns how many were added."""
    rng = random.Random(seed)
    added = 0
    now = timezone.now().replace(microsecond=0)
    for register in Register.objects.filter(slug__in=DEMO_PREFIXES).order_by("pk"):
        prefix = DEMO_PREFIXES[register.slug]
        lines = list(register.service_lines.all())
        window = _window_days(register)
        for i in range(per_register):
            external_id = f"demo-{register.slug}-{i:03d}"
            if Recording.objects.filter(register=register, external_id=external_id).exists():
                continue
            fmt = FORMATS[i % len(FORMATS)]
            seconds = rng.choice([6.0, 8.0, 12.0, 20.0])
            channels = 2 if i % 4 == 3 and fmt not in ("wav-gsm",) else 1
            # Most calls well inside the window, one close to expiry.
            age_days = window - 3 if i == 1 else rng.uniform(0, window * 0.9)
            ended = now - timedelta(days=age_days)
            started = ended - timedelta(seconds=seconds)
            caller = f"+35840{rng.randrange(1000000, 9999999)}"
            line = lines[i % len(lines)] if lines else None
            data = {
                "external_id": external_id,
                "started_at": started.isoformat(),
                "ended_at": ended.isoformat(),
                "direction": "inbound" if i % 3 else "outbound",
                "caller": caller if i % 3 else (line.number if line and line.number else "+358103808000"),
                "callee": (line.number if line and line.number else "+358103808000") if i % 3 else caller,
                "service_number": line.number if line and line.number else "",
                "agent": f"{prefix}.agent" if i % 2 == 0 else "Asiakaspalvelija",
            }
            with tempfile.TemporaryDirectory(prefix="demo-call-") as tmp:
                path = Path(tmp) / f"call{SUFFIX[fmt]}"
                write_sample(path, fmt, seconds, channels=channels, seed=seed + i)
                recording, created = recording_ingest(
                    register=register, audio_path=path, metadata=parse_call_metadata(data), actor_label="load_demo"
                )
            if created:
                rendition_make(recording)
                added += 1
    return added
