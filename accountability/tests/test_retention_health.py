"""The retention health view: what the purge deletes each coming day per register, and what is overdue and why."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accountability.selectors import retention_health
from recordings.models import Recording
from retention.models import Hold
from testkit import make_stored_recording

from .month import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 11, 10, 12)


@pytest.fixture
def register_state(personas):
    register, dpo = personas.register, personas.dpo
    with time_machine.travel(NOW, tick=False):
        for days, count in ((1, 2), (3, 1), (9, 4)):
            for _ in range(count):
                make_stored_recording(register, expires_at=NOW + timedelta(days=days) - timedelta(hours=1))
        held = make_stored_recording(register, expires_at=NOW - timedelta(days=3))
        hold = Hold.objects.create(
            register=register, kind="complaint", reason="Reklamaatio", placed_by=dpo, review_on=NOW.date()
        )
        hold.recordings.add(held)
        # A held recording that also expires tomorrow is not in the forecast.
        hold.recordings.add(make_stored_recording(register, expires_at=NOW + timedelta(hours=3)))
        make_stored_recording(register, expires_at=NOW - timedelta(days=1), restricted=True)
        broken = make_stored_recording(register, expires_at=NOW - timedelta(days=5))
        Recording.objects.filter(pk=broken.pk).update(wrapped_key=None)
        make_stored_recording(register, expires_at=NOW - timedelta(hours=2))
        make_stored_recording(register, expires_at=NOW - timedelta(hours=1))
    return register


def test_forecast_counts_each_coming_day_and_overdue_gives_reasons(personas, register_state):
    with time_machine.travel(NOW, tick=False):
        (row,) = retention_health([register_state], now=timezone.now())
    assert [day["count"] for day in row["forecast"]] == [2, 0, 1, 0, 0, 0, 0]
    assert row["forecast"][0]["day"].isoformat() == "2026-11-11"
    assert row["forecast_total"] == 3
    assert (row["overdue"], row["held"], row["restricted"], row["storage_errors"], row["purge_not_run"]) == (
        5,
        1,
        1,
        1,
        2,
    )


def test_index_page_shows_the_health_to_the_dpo(client, personas, register_state):
    client.force_login(personas.dpo)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/accountability/?lang=en")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-figure="purge_not_run">2<' in html and 'data-figure="forecast_total">3<' in html
