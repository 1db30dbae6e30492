"""Call times a recorder could not mean are a 400 naming the field, with nothing stored.

A recorder with a wrong clock sends calls dated years ahead (stored, they would
never be purged) or long past (stored, they would be purged within the hour);
timestamps at the edge of the calendar or with offsets PostgreSQL refuses must
not turn into a 500 or a "try again" 503.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from recordings.models import Recording

from .conftest import call_data
from .test_ingest_api import stored_blobs, upload


@pytest.fixture
def upload_tmp(settings, tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


def refused(response, field: str, settings, upload_tmp) -> str:
    assert response.status_code == 400, response.content
    message = response.json()["error"]
    assert message.startswith(f"{field}:"), message
    assert Recording.objects.count() == 0
    assert stored_blobs(settings) == []
    assert list(upload_tmp.iterdir()) == []
    return message


@pytest.mark.parametrize(
    "started_at, ended_at, field",
    [
        ("9999-12-31T23:59:57+00:00", "9999-12-31T23:59:59+00:00", "ended_at"),
        ("9999-12-31T23:59:57-05:00", "9999-12-31T23:59:59-05:00", "started_at"),
        ("0001-01-01T00:00:00+05:00", "0001-01-01T00:00:03+05:00", "started_at"),
    ],
)
def test_timestamps_at_the_edge_of_the_calendar_are_refused_by_name(
    personas, client, ingest_token, audio_file, settings, upload_tmp, started_at, ended_at, field
):
    data = call_data(3.0, started_at=started_at, ended_at=ended_at)
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), data)
    refused(response, field, settings, upload_tmp)


@pytest.mark.parametrize(
    "started, ended, field",
    [
        ((23, 59), (0, 0), "started_at"),
        ((0, 0), (-23, -59), "ended_at"),
        ((14, 1), (0, 0), "started_at"),
        ((0, 0), (-12, -1), "ended_at"),
    ],
)
def test_an_offset_no_clock_uses_is_refused_by_name(
    personas, client, ingest_token, audio_file, settings, upload_tmp, started, ended, field
):
    """Clocks run from UTC-12:00 to UTC+14:00; ISO 8601 allows up to ±23:59, which only a broken recorder sends."""
    end = (datetime.now(UTC) - timedelta(days=2)).replace(microsecond=0)
    data = call_data(
        3.0,
        started_at=(end - timedelta(seconds=3)).astimezone(_offset(*started)).isoformat(),
        ended_at=end.astimezone(_offset(*ended)).isoformat(),
    )
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), data)
    message = refused(response, field, settings, upload_tmp)
    assert "-12:00" in message and "+14:00" in message


def test_the_furthest_offsets_clocks_use_are_stored_in_utc(personas, client, ingest_token, audio_file):
    ended = (datetime.now(UTC) - timedelta(days=2)).replace(microsecond=0)
    data = call_data(
        3.0,
        external_id="kiribati",
        started_at=(ended - timedelta(seconds=3)).astimezone(_offset(14, 0)).isoformat(),
        ended_at=ended.astimezone(_offset(-12, 0)).isoformat(),
    )
    assert "+14:00" in data["started_at"] and "-12:00" in data["ended_at"]
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), data)
    assert response.status_code == 201, response.content
    recording = Recording.objects.get(external_id="kiribati")
    assert recording.ended_at == ended
    assert recording.started_at == ended - timedelta(seconds=3)


def _offset(hours: int, minutes: int):
    from datetime import timezone

    return timezone(timedelta(hours=hours, minutes=minutes))


def test_a_call_dated_more_than_a_day_ahead_is_refused_as_a_wrong_clock(
    personas, client, ingest_token, audio_file, settings, upload_tmp
):
    ended = datetime.now(UTC) + timedelta(days=1, hours=1)
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), call_data(3.0, ended=ended))
    message = refused(response, "ended_at", settings, upload_tmp)
    assert "future" in message and "clock" in message


def test_a_call_a_few_hours_ahead_is_accepted(personas, client, ingest_token, audio_file):
    """Recorders in other time zones that send local time with the wrong offset are off by hours, not days."""
    ended = datetime.now(UTC) + timedelta(hours=20)
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), call_data(3.0, ended=ended))
    assert response.status_code == 201, response.content


def test_a_call_already_past_its_registers_retention_is_refused_saying_so(
    personas, client, ingest_token, audio_file, settings, upload_tmp
):
    register = personas.register
    register.retention_value, register.retention_unit = 61, "days"
    register.save()
    ended = datetime.now(UTC) - timedelta(days=62)
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), call_data(3.0, ended=ended))
    message = refused(response, "ended_at", settings, upload_tmp)
    assert "retention" in message and "61 days" in message


def test_a_call_inside_its_retention_is_accepted(personas, client, ingest_token, audio_file):
    register = personas.register
    register.retention_value, register.retention_unit = 61, "days"
    register.save()
    ended = datetime.now(UTC) - timedelta(days=60)
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), call_data(3.0, ended=ended))
    assert response.status_code == 201, response.content


def test_an_event_based_register_accepts_old_calls(personas, client, ingest_token, audio_file):
    register = personas.register
    register.retention_trigger = "event"
    register.save()
    ended = datetime(2015, 6, 1, 9, 0, tzinfo=UTC)
    response = upload(client, ingest_token, audio_file("wav-mulaw", 3.0), call_data(3.0, ended=ended))
    assert response.status_code == 201, response.content
