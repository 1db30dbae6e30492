"""Synthetic calls for the demo: real encoded audio in several telephony formats.

Calls are spread over each register's retention window and over a working
day, last from one to eight minutes, and are taken by named agents, so the
list, the player and the retention forecast look like a real register's.
Callers' numbers come from ranges that Finnish operators do not give to
subscribers (050 555 xxxx, 044 0xx xxxx); no real person is behind any of them.
"""

from __future__ import annotations

import itertools
import random
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone

from audio.synth import SUFFIX, write_sample
from lib.timezones import HELSINKI
from registers.demo import DEMO_PREFIXES
from registers.models import Register

from .call_ids import was_deleted
from .models import Recording
from .services import parse_call_metadata, recording_ingest, rendition_make

FORMATS = ["wav-gsm", "wav-mulaw", "wav-alaw", "mp3", "opus", "wav-pcm", "ogg-vorbis", "m4a-aac", "flac"]
# Call lengths in seconds, from a quick question to a long complaint; each register gets them all, shuffled.
DURATIONS = [62, 71, 84, 97, 118, 146, 188, 264, 455]
# Colleagues of the demo agent account: the recorder knows them by name only.
AGENT_NAMES = [
    "Laura Mäkinen",
    "Mikko Korhonen",
    "Sanna Heikkinen",
    "Juha Nieminen",
    "Elina Järvinen",
    "Timo Lehtonen",
    "Hanna Laine",
    "Petri Hämäläinen",
]


def demo_caller_number(rng: random.Random) -> str:
    """A mobile number from a range no subscriber has."""
    if rng.random() < 0.5:
        return f"+35850555{rng.randrange(10000):04d}"
    return f"+358440{rng.randrange(10, 100):02d}{rng.randrange(10000):04d}"


def _window_days(register: Register) -> int:
    if register.is_event_based or not register.retention_value:
        return 365
    if register.retention_unit == "days":
        return register.retention_value
    return register.retention_value * 30


@dataclass(frozen=True)
class DemoCall:
    register: Register
    fmt: str
    seconds: float
    channels: int
    seed: int
    data: dict


def demo_call_plans(*, per_register: int = 9, seed: int = 2026) -> Iterator[DemoCall]:
    """What each synthetic call will be: format, length, channels and the metadata a recorder would send."""
    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    for register in Register.objects.filter(slug__in=DEMO_PREFIXES).order_by("pk"):
        prefix = DEMO_PREFIXES[register.slug]
        lines = list(register.service_lines.all())
        window = _window_days(register)
        durations = rng.sample(DURATIONS, len(DURATIONS))
        for i in range(per_register):
            fmt = FORMATS[i % len(FORMATS)]
            seconds = float(durations[i % len(durations)])
            # Most calls well inside the window, one close to expiry; all in office hours.
            age_days = window - 3 if i == 1 else rng.uniform(0, window * 0.9)
            day = (now - timedelta(days=age_days)).astimezone(HELSINKI)
            started = day.replace(hour=rng.randrange(8, 17), minute=rng.randrange(60), second=rng.randrange(60))
            if started > now - timedelta(hours=1):
                started -= timedelta(days=1)
            caller = demo_caller_number(rng)
            line = lines[i % len(lines)] if lines else None
            line_number = line.number if line and line.number else ""
            ours = line_number or "+358103808000"
            inbound = i % 3 != 0
            yield DemoCall(
                register=register,
                fmt=fmt,
                seconds=seconds,
                channels=2 if i % 2 == 1 and fmt != "wav-gsm" else 1,
                seed=rng.randrange(2**31),
                data={
                    "external_id": f"demo-{register.slug}-{i:03d}",
                    "started_at": started.isoformat(),
                    "ended_at": (started + timedelta(seconds=seconds)).isoformat(),
                    "direction": "inbound" if inbound else "outbound",
                    "caller": caller if inbound else ours,
                    "callee": ours if inbound else caller,
                    "service_number": line_number,
                    # Every third call is the demo agent account's own, so that account has calls to listen to.
                    "agent": f"{prefix}.agent" if i % 3 == 0 else rng.choice(AGENT_NAMES),
                },
            )


def in_the_order_pages_show_them(plans: Iterable[DemoCall]) -> list[DemoCall]:
    """Each register's newest call, then each one's next newest, and so on.

    Ingest asks for each call's rendition as it is stored, and the worker makes
    them in that order: this way the top of every register's call list (newest
    first) is playable after the worker's first few renditions, instead of one
    register's calls all being made before the next register's start.
    """
    by_register: dict[int, list[DemoCall]] = {}
    for plan in plans:
        by_register.setdefault(plan.register.pk, []).append(plan)
    queues = [
        sorted(calls, key=lambda c: datetime.fromisoformat(c.data["started_at"]), reverse=True)
        for calls in by_register.values()
    ]
    ordered = []
    for round_ in itertools.zip_longest(*queues):
        ordered.extend(call for call in round_ if call is not None)
    return ordered


def demo_calls_load(*, per_register: int = 9, seed: int = 2026, renditions: bool = True) -> int:
    """Add `per_register` synthetic calls to each seed register that has none yet. Returns how many were added.

    With `renditions` false the browser renditions are left to the Celery
    worker that ingest already asked, so the demo's web server starts at once.
    """
    added = 0
    for call in in_the_order_pages_show_them(demo_call_plans(per_register=per_register, seed=seed)):
        if Recording.objects.filter(register=call.register, external_id=call.data["external_id"]).exists():
            continue
        if was_deleted(call.register, call.data["external_id"]):
            continue  # erased or purged since an earlier start: it stays deleted
        with tempfile.TemporaryDirectory(prefix="demo-call-") as tmp:
            path = Path(tmp) / f"call{SUFFIX[call.fmt]}"
            write_sample(path, call.fmt, call.seconds, channels=call.channels, seed=call.seed)
            recording, created = recording_ingest(
                register=call.register,
                audio_path=path,
                metadata=parse_call_metadata(call.data),
                actor_label="load_demo",
            )
        if created:
            if renditions:
                rendition_make(recording)
            added += 1
    return added
