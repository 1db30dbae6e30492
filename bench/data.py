"""Fast synthetic data: COPY for rows, plain writes for small blobs."""

from __future__ import annotations

import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection

from registers.models import Role
from testkit import grant, make_controller, make_register, make_user

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


def skewed_number(rng: random.Random, count: int) -> str:
    """A caller as a contact centre sees them: a few busy numbers, most numbers seen once or twice.

    Two per cent of calls come from 20 busy numbers, eight per cent from a pool of
    count/50 regulars (about four calls each); the rest draw from count/0.9 numbers,
    so a typical number is seen once or twice and many never.
    """
    roll = rng.random()
    if roll < 0.02:
        return f"+358201{rng.randrange(20):06d}"
    if roll < 0.10:
        return f"+358300{rng.randrange(max(1, count // 50)):08d}"
    return f"+3584{rng.randrange(max(1, int(count / 0.9))):09d}"


def _secondary_indexes() -> list[tuple[str, str]]:
    """(name, definition) of the recording table's plain indexes: not the key or a constraint's index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'recordings_recording' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        )
        return cursor.fetchall()


def clear_recordings() -> None:
    """Empty the recording table and every table pointing at it (grants, finds, holds) between benchmarks."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint "
            "WHERE contype = 'f' AND confrelid = 'recordings_recording'::regclass"
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute("DELETE FROM retention_tombstone")
        cursor.execute("DELETE FROM recordings_recording")


def recording_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM recordings_recording")
        return cursor.fetchone()[0]


def make_world(registers: int = 5):
    """A controller with `registers` registers and a supervisor and DPO of all of them.

    In a database an earlier run kept (--reuse), the world it made is used again.
    """
    from django.contrib.auth import get_user_model

    from registers.models import Register

    kept = list(Register.objects.filter(slug__startswith="bench-").order_by("slug"))
    if kept:
        users = get_user_model().objects
        return kept, users.get(username="bench-supervisor"), users.get(username="bench-dpo")
    controller = make_controller()
    regs = [make_register(controller, slug=f"bench-{i}", name=f"Bench {i}") for i in range(registers)]
    supervisor = make_user("bench-supervisor")
    dpo = make_user("bench-dpo")
    for register in regs:
        grant(supervisor, register, Role.SUPERVISOR)
        grant(dpo, register, Role.DPO)
    return regs, supervisor, dpo


def copy_recordings(
    registers,
    count: int,
    *,
    expired: bool = False,
    with_blobs: bool = False,
    seed: int = 1,
    numbers: int = 200_000,
    skewed: bool = False,
) -> int:
    """Insert `count` recordings spread over the registers and two years, by COPY.

    `skewed` draws callers as `skewed_number` does and, because maintaining seven
    indexes row by row costs more than building them once, drops the table's plain
    indexes for the load and builds them after it.
    """
    rng = random.Random(seed)
    began = time.perf_counter()
    dropped = []
    if skewed:
        dropped = _secondary_indexes()
        with connection.cursor() as cursor:
            for name, _definition in dropped:
                cursor.execute(f'DROP INDEX "{name}"')
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
                public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
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
                        skewed_number(rng, count) if skewed else number(rng.randrange(numbers)),
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
        if dropped:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in dropped:
                cursor.execute(definition)
        # What autovacuum would have done by the time anyone browses: statistics and the visibility map.
        cursor.execute("VACUUM ANALYZE recordings_recording")
    if count >= 100_000:
        print(f"  loaded {count:,} recordings in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return count
