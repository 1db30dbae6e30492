"""A sized bench run loads callers as a contact centre sees them, and the table keeps its indexes."""

from __future__ import annotations

import argparse
from collections import Counter

import pytest
from django.db import connection


def test_sizes_read_as_people_write_them():
    from bench.__main__ import parse_count

    assert parse_count("10m") == 10_000_000
    assert parse_count("500k") == 500_000
    assert parse_count("2000") == 2000
    with pytest.raises(argparse.ArgumentTypeError):
        parse_count("ten")


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'recordings_recording'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_a_skewed_load_has_a_few_busy_numbers_and_most_seen_once_or_twice():
    from bench import data

    registers, _supervisor, _dpo = data.make_world()
    before = _indexes()
    data.copy_recordings(registers, 20_000, seed=3, skewed=True)

    assert _indexes() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT caller_number, register_id FROM recordings_recording")
        rows = cursor.fetchall()
    assert len(rows) == 20_000
    assert len({register for _number, register in rows}) == 5
    calls = Counter(number for number, _register in rows)
    busiest = calls.most_common(20)
    assert all(count >= 10 for _number, count in busiest)
    seen_once_or_twice = sum(1 for count in calls.values() if count <= 2)
    assert seen_once_or_twice / len(calls) > 0.8
