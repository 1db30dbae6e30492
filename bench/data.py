"""Fast synthetic data: COPY for rows, plain writes for small blobs."""

from __future__ import annotations

import os
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection

from recordings_admin.testing import grant, make_controller, make_register, make_user
from registers.models import Role

COLUMNS = [
    "public_id",
    "register_id",
    "external_id",
    "started_at",
    "ended_at",
    "duration_seconds",
    "direction",
    "caller_number",
    "callee_number",
    "service_number",
    "agent_name",
    "original_format",
    "codec",
    "container",
    "sample_rate",
    "channels",
    "original_size",
    "sha256",
    "original_blob",
    "key_id",
    "wrapped_key",
    "rendition_status",
    "rendition_error",
    "rendition_blob",
    "rendition_mime",
    "waveform",
    "expires_at",
    "restricted",
    "created_at",
]
BASE = datetime(2024, 1, 1, tzinfo=UTC)


def number(i: int) -> str:
    return f"+35840{1000000 + (i * 7919) % 9000000:07d}"


def make_world(registers: int = 5):
    """A controller with `registers` registers and a supervisor and DPO of all of them."""
    controller = make_controller()
    regs = [make_register(controller, slug=f"bench-{i}", name=f"Bench {i}") for i in range(registers)]
    supervisor = make_user("bench-supervisor")
    dpo = make_user("bench-dpo")
    for register in regs:
        grant(supervisor, register, Role.SUPERVISOR)
        grant(dpo, register, Role.DPO)
    return regs, supervisor, dpo


def copy_recordings(
    registers, count: int, *, expired: bool = False, with_blobs: bool = False, seed: int = 1, numbers: int = 200_000
) -> int:
    """Insert `count` recordings spread over the registers and two years, by COPY."""
    rng = random.Random(seed)
    media = Path(settings.MEDIA_ROOT)
    now = datetime.now(UTC)
    blob = os.urandom(600)
    with connection.cursor() as cursor:
        raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
        with raw.copy(f"COPY recordings_recording ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for i in range(count):
                register = registers[i % len(registers)]
                started = BASE + timedelta(seconds=rng.randrange(0, 2 * 365 * 86400))
                seconds = rng.randrange(20, 900)
                public_id = uuid.uuid4()
                blob_name = ""
                if with_blobs:
                    blob_name = f"vault/{public_id.hex[:2]}/{public_id.hex}"
                    path = media / blob_name
                    path.parent.mkdir(parents=True, exist_ok=True)
                    with open(path, "wb") as fh:
                        fh.write(blob)
                copy.write_row(
                    (
                        public_id,
                        register.pk,
                        f"b{seed}-{i}",
                        started,
                        started + timedelta(seconds=seconds),
                        float(seconds),
                        "inbound" if i % 3 else "outbound",
                        number(rng.randrange(numbers)),
                        "+358103808000",
                        "+358103808000",
                        "",
                        "WAV G.711 µ-law",
                        "pcm_mulaw",
                        "wav",
                        8000,
                        1,
                        seconds * 8000,
                        f"{i:064x}",
                        blob_name,
                        "k1",
                        b"\0" * 60,
                        "ready",
                        "",
                        "",
                        "audio/ogg; codecs=opus",
                        "[]",
                        (now - timedelta(hours=1)) if expired else started + timedelta(days=3 * 365),
                        False,
                        now,
                    )
                )
    with connection.cursor() as cursor:
        # What autovacuum would have done by the time anyone browses: statistics and the visibility map.
        cursor.execute("VACUUM ANALYZE recordings_recording")
    return count
