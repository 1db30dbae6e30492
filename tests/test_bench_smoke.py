"""Every benchmark still runs, at a tiny size. No time is asserted here: figures come from `python -m bench`."""

from __future__ import annotations

import pytest
from django.db import connection

from conftest import require_or_skip


@pytest.mark.s3
@pytest.mark.django_db(transaction=True)
def test_every_benchmark_runs_at_a_tiny_size(settings):
    require_or_skip(connection.vendor == "postgresql", "PostgreSQL")
    from tests.seaweedfs import weed_binary

    require_or_skip(weed_binary() is not None, "SeaweedFS (weed)")
    from bench.__main__ import run

    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    sizes = {
        "purge": 30,
        "browse": 300,
        "playback": 5,
        "ingest": 1,
        "search": 300,
        "s3playback": 5,
        "s3purge": 30,
        "browser": 5,
    }
    results = run(sizes)
    names = " ".join(r.name for r in results)
    for part in (
        "purge: time, median of 3",
        "browse",
        "subject search",
        "playback",
        "ingest: one-minute G.711 calls, 1 worker",
        "ingest: one-minute G.711 calls, 4 workers",
        "S3 playback",
        "S3 purge",
        "browser: Listen to first sound",
        "browser: seek to sound",
    ):
        assert part in names
    assert all(r.value is not None and r.value >= 0 for r in results)
