"""expires_at follows the register's rule: calendar months with end-of-month clamping, or days."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from registers.expiry import HELSINKI, add_months, expires_at_for
from registers.models import Register


def helsinki(*args) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ((2026, 8, 31), 6, (2027, 2, 28)),  # the example: end of February
        ((2027, 8, 31), 6, (2028, 2, 29)),  # into a leap year
        ((2024, 2, 29), 12, (2025, 2, 28)),  # leap day plus a year
        ((2024, 2, 29), 36, (2027, 2, 28)),
        ((2024, 2, 29), 48, (2028, 2, 29)),
        ((2026, 1, 31), 1, (2026, 2, 28)),
        ((2026, 3, 31), 1, (2026, 4, 30)),
        ((2026, 12, 15), 1, (2027, 1, 15)),
        ((2026, 11, 30), 3, (2027, 2, 28)),
    ],
)
def test_months_clamp_to_the_end_of_the_month(start, months, expected):
    assert add_months(datetime(*start, 12, 0), months).date() == datetime(*expected).date()


def _rule(value, unit, trigger="call_end") -> Register:
    return Register(retention_value=value, retention_unit=unit, retention_trigger=trigger)


@pytest.mark.parametrize(
    ("value", "unit", "ended", "expected"),
    [
        (36, "months", (2026, 5, 31, 14, 0), (2029, 5, 31, 14, 0)),  # ONNI hoiva
        (12, "months", (2024, 2, 29, 9, 30), (2025, 2, 28, 9, 30)),  # Pikkujätti
        (61, "days", (2026, 10, 1, 8, 0), (2026, 12, 1, 8, 0)),  # 2M-IT
        (6, "months", (2026, 8, 31, 23, 59), (2027, 2, 28, 23, 59)),  # PHM
    ],
)
def test_the_four_seed_periods(value, unit, ended, expected):
    expires = expires_at_for(_rule(value, unit), ended_at=helsinki(*ended).astimezone(UTC))
    assert expires.astimezone(HELSINKI).replace(tzinfo=None) == datetime(*expected)


def test_days_are_counted_in_helsinki_time_across_daylight_saving():
    # 61 days from 1 October 08:00 (summer time) is 1 December 08:00 (winter time), not 07:00.
    ended = helsinki(2026, 10, 1, 8, 0).astimezone(UTC)
    assert expires_at_for(_rule(61, "days"), ended_at=ended).astimezone(HELSINKI).hour == 8


def test_event_based_registers_have_no_date():
    assert expires_at_for(_rule(None, "months", "event"), ended_at=datetime(2026, 1, 1, tzinfo=UTC)) is None
