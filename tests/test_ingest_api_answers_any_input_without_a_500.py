"""Property: whatever multipart fields and audio bytes a recorder sends, ingest answers 2xx or a 4xx naming the
field, never a 500 or a 503, and a refusal leaves no row, no blob and no temporary file.

Hypothesis draws call times across the whole calendar with every UTC offset
ISO 8601 allows (PostgreSQL stores only up to ±15:59), numbers and names of
any shape, and real telephony audio with flipped, dropped and inserted bytes,
cut ends and forged headers.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from audio.synth import write_sample
from recordings.models import IngestToken, Recording

from .test_hostile_uploads import OPS, _blob_count, _mutate

FIELDS = ("external_id", "started_at", "ended_at", "direction", "caller", "callee", "service_number", "agent")
# A refusal names what was wrong: a field, the audio, or the audio's duration against the call times.
NAMED = (*FIELDS, "audio", "duration")
SEED_SECONDS = 2.0
SEEDS: dict[str, bytes] = {}

OFFSETS = st.builds(
    lambda sign, h, m: timezone(sign * timedelta(hours=h, minutes=m)),
    st.sampled_from([1, -1]),
    st.integers(0, 23),
    st.integers(0, 59),
)


def _iso(moment: datetime, offset) -> str:
    try:
        return moment.astimezone(offset).isoformat()
    except OverflowError:
        return moment.replace(tzinfo=offset).isoformat()


def _call_times(ended: datetime, offset_start, offset_end, seconds: float) -> tuple[str, str]:
    return _iso(ended - timedelta(seconds=seconds), offset_start), _iso(ended, offset_end)


NOW_ISH = st.builds(
    lambda days, secs: datetime.now(UTC).replace(microsecond=0) - timedelta(days=days, seconds=secs),
    st.integers(-3, 400),
    st.integers(0, 86_400),
)
ANY_MOMENT = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC))
TIMES = st.builds(
    _call_times,
    st.one_of(NOW_ISH, NOW_ISH, ANY_MOMENT),
    OFFSETS,
    OFFSETS,
    st.sampled_from([SEED_SECONDS, SEED_SECONDS, 0.0, 30.0]),
)
WEIRD_TIME = st.one_of(
    st.text(max_size=45),
    st.sampled_from(["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "2026-02-30T10:00:00Z", "T", "Z"]),
)
PHONES = st.one_of(
    st.sampled_from(["040 123 4567", "+358401234567", "0103808000", "anonymous", "", "+358" + "9" * 30]),
    st.text(alphabet="+0123456789 -()", max_size=45),
    st.text(max_size=20),
)
TEXT = st.one_of(st.text(max_size=30), st.text(min_size=190, max_size=260), st.sampled_from(["", " ", "=cmd|x"]))


def _seed(tmp_path) -> bytes:
    if "wav-mulaw" not in SEEDS:
        path = tmp_path / "seed.wav"
        write_sample(path, "wav-mulaw", SEED_SECONDS)
        SEEDS["wav-mulaw"] = path.read_bytes()
    return SEEDS["wav-mulaw"]


class Uploader(tuple):
    def __new__(cls, *items):
        return super().__new__(cls, items)

    def __repr__(self) -> str:
        return "<uploader>"


@pytest.fixture
def uploader(personas, client, tmp_path, settings):
    _token, raw = IngestToken.issue(personas.register, name="property")
    settings.INGEST_RATE_PER_MINUTE = 0
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads)
    seed = _seed(tmp_path)
    counter = iter(range(10**9))

    def post(fields: dict, audio: bytes):
        before = (Recording.objects.count(), _blob_count(settings))
        fields = {"external_id": f"prop-{next(counter)}", **fields}
        started = time.monotonic()
        response = client.post(
            f"/api/v1/registers/{personas.register.slug}/recordings/",
            {**fields, "audio": SimpleUploadedFile("call.wav", audio)},
            HTTP_AUTHORIZATION=f"Token {raw}",
        )
        assert response.status_code < 500, (response.status_code, response.content)
        assert response["Content-Type"].startswith("application/json")
        assert time.monotonic() - started < 30
        assert os.listdir(uploads) == [], "a temporary upload file was left behind"
        if response.status_code >= 400:
            message = response.json()["error"]
            assert message.split(":")[0] in NAMED, message
            assert (Recording.objects.count(), _blob_count(settings)) == before, message
        return response

    return Uploader(post, seed)


@hsettings(max_examples=1200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    times=TIMES,
    weird=st.one_of(st.none(), st.tuples(st.sampled_from(["started_at", "ended_at"]), WEIRD_TIME)),
    direction=st.one_of(st.sampled_from(["inbound", "outbound", "internal", "INBOUND"]), st.text(max_size=25)),
    caller=PHONES,
    callee=PHONES,
    service_number=PHONES,
    agent=TEXT,
    external_id=st.one_of(st.none(), TEXT),
)
def test_any_metadata_is_stored_or_refused_by_field_name(
    uploader, times, weird, direction, caller, callee, service_number, agent, external_id
):
    post, seed = uploader
    started_at, ended_at = times
    fields = {
        "started_at": started_at,
        "ended_at": ended_at,
        "direction": direction,
        "caller": caller,
        "callee": callee,
        "service_number": service_number,
        "agent": agent,
    }
    if weird:
        fields[weird[0]] = weird[1]
    if external_id is not None:
        fields["external_id"] = external_id
    post(fields, seed)


@hsettings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS, times=TIMES)
def test_mutated_real_audio_with_any_call_times_is_stored_or_refused_cleanly(uploader, ops, times):
    post, seed = uploader
    started_at, ended_at = times
    fields = {"started_at": started_at, "ended_at": ended_at, "direction": "inbound", "caller": "040 123 4567"}
    post(fields, _mutate(seed, ops))
