"""The report's purge lateness is computed in the database on PostgreSQL, with the figures Python would give.

A busy register's month holds a few hundred thousand tombstones; reading
them all into Python on every view of the report grew with the register.
The facts are hashed and recomputed by verify, so the aggregate must agree
with the nearest-rank definition to the microsecond: early deletions count
as 0, ties and odd counts included.
"""

from __future__ import annotations

import math
import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accountability.selectors import _lateness
from retention.models import Tombstone, TombstoneReason

pytestmark = pytest.mark.django_db


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `fraction` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _python_figures(rows) -> tuple[int, float | None, float | None]:
    lateness = [max(0.0, (deleted - expires).total_seconds()) for deleted, expires in rows]
    return len(lateness), (max(lateness) if lateness else None), percentile(lateness, 0.99)


@pytest.mark.parametrize("count", [0, 1, 2, 99, 100, 101, 457])
def test_the_aggregate_gives_what_python_gives(personas, count):
    rng = random.Random(count)
    expires = datetime(2026, 10, 5, 1, 0, tzinfo=UTC)
    Tombstone.objects.bulk_create(
        [
            Tombstone(
                recording_public_id=uuid.uuid4(),
                register=personas.register,
                reason=TombstoneReason.RETENTION,
                expires_at=expires,
                # Early (counted as 0), on the hour, to the microsecond, and repeated values.
                deleted_at=expires
                + timedelta(seconds=rng.choice([-30, 0, 600, 600, 3600]) + rng.random() * rng.choice([0, 1, 86400])),
            )
            for _ in range(count)
        ]
    )
    tombstones = Tombstone.objects.filter(register=personas.register, expires_at__isnull=False)
    expected = _python_figures(tombstones.values_list("deleted_at", "expires_at"))
    with CaptureQueriesContext(connection) as queries:
        figures = _lateness(tombstones)
    assert figures == expected
    # One aggregate, no rows read into Python.
    [query] = queries.captured_queries
    assert "PERCENTILE_DISC(0.99)" in query["sql"]
