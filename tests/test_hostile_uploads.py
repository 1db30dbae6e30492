"""Hostile and broken uploads through the real ingest API never cause a 500, never hang, never leave anything.

Hypothesis generates random bytes and mutates real telephony files (flipped,
dropped and inserted bytes, truncations, forged headers); each upload must
be answered 201/200 or 4xx with a JSON error, within a bounded time, and
leave no row, no blob and no temporary file behind when refused.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from audio.synth import write_sample
from recordings.models import IngestToken, Recording
from recordings.tests.conftest import recent_call_end

SEEDS = {}
CASES = {"run": 0}


def _seed_files(tmp_dir) -> dict[str, bytes]:
    if not SEEDS:
        for fmt in ("wav-mulaw", "wav-gsm", "mp3", "opus", "flac", "m4a-aac"):
            path = os.path.join(tmp_dir, f"seed-{fmt}")
            write_sample(path, fmt, 2.0)
            SEEDS[fmt] = open(path, "rb").read()
    return SEEDS


def _mutate(data: bytes, ops) -> bytes:
    buf = bytearray(data)
    for kind, pos, value in ops:
        if not buf:
            break
        i = pos % len(buf)
        if kind == "flip":
            buf[i] ^= 1 << (value % 8)
        elif kind == "drop":
            del buf[i : i + 1 + value % 512]
        elif kind == "insert":
            buf[i:i] = bytes([value % 256]) * (1 + value % 64)
        elif kind == "truncate":
            del buf[i:]
        elif kind == "header":
            buf[: min(len(buf), 4 + value % 60)] = os.urandom(min(len(buf), 4 + value % 60))
    return bytes(buf)


OPS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "drop", "insert", "truncate", "header"]), st.integers(0, 10**6), st.integers(0, 10**6)
    ),
    min_size=1,
    max_size=6,
)


class Hostile(tuple):
    """(post, seeds, settings) with a short repr, so a failing example prints readably."""

    def __new__(cls, *items):
        return super().__new__(cls, items)

    def __repr__(self) -> str:
        return "<hostile uploader>"


@pytest.fixture
def hostile(personas, client, tmp_path, settings):
    _token, raw = IngestToken.issue(personas.register, name="fuzz")
    settings.INGEST_RATE_PER_MINUTE = 0
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads)
    seeds = _seed_files(str(tmp_path))

    def post(data: bytes, name: str = "call.wav"):
        CASES["run"] += 1
        ended = recent_call_end()
        started = time.monotonic()
        response = client.post(
            f"/api/v1/registers/{personas.register.slug}/recordings/",
            {
                "external_id": f"fuzz-{CASES['run']}",
                "started_at": (ended - timedelta(seconds=2)).isoformat(),
                "ended_at": ended.isoformat(),
                "direction": "inbound",
                "caller": "040 123 4567",
                "callee": "010 380 8000",
                "audio": SimpleUploadedFile(name, data),
            },
            HTTP_AUTHORIZATION=f"Token {raw}",
        )
        elapsed = time.monotonic() - started
        assert response.status_code < 500, response.content
        assert response["Content-Type"].startswith("application/json")
        assert elapsed < 30, f"upload took {elapsed:.1f} s"
        assert os.listdir(uploads) == [], "a temporary upload file was left behind"
        if response.status_code >= 400:
            assert response.json()["error"]
        return response

    return Hostile(post, seeds, settings)


def _blob_count(settings) -> int:
    root = settings.MEDIA_ROOT
    return sum(len(files) for _d, _s, files in os.walk(root)) if os.path.exists(root) else 0


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=0, max_size=4096))
def test_random_bytes_are_refused_cleanly(hostile, data):
    post, _seeds, settings = hostile
    before = (Recording.objects.count(), _blob_count(settings))
    response = post(data)
    assert response.status_code == 400
    assert (Recording.objects.count(), _blob_count(settings)) == before


@hsettings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fmt=st.sampled_from(["wav-mulaw", "wav-gsm", "mp3", "opus", "flac", "m4a-aac"]), ops=OPS)
def test_mutated_real_audio_is_stored_or_refused_cleanly(hostile, fmt, ops):
    post, seeds, settings = hostile
    before_rows, before_blobs = Recording.objects.count(), _blob_count(settings)
    response = post(_mutate(seeds[fmt], ops), name=f"call.{fmt.split('-')[0]}")
    if response.status_code in (200, 201):
        recording = Recording.objects.get(public_id=response.json()["id"])
        assert recording.duration_seconds > 0
    else:
        assert (Recording.objects.count(), _blob_count(settings)) == (before_rows, before_blobs)


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "..\\..\\boot.ini",
        "a" * 300 + ".wav",
        "call\x00.wav",
        "=cmd|' /C calc'!A0.wav",
        "ääni 🎧.wav",
    ],
)
def test_path_tricks_and_odd_names_do_not_reach_storage(hostile, name):
    post, seeds, settings = hostile
    response = post(seeds["wav-mulaw"], name=name)
    assert response.status_code in (201, 400)
    for _folder, _dirs, files in os.walk(settings.MEDIA_ROOT):
        for file in files:
            assert "passwd" not in file and ".." not in file and "calc" not in file


@pytest.mark.parametrize(
    ("field", "value", "word"),
    [
        ("external_id", "x" * 5000, "external_id"),
        ("started_at", "yesterday", "started_at"),
        ("direction", "sideways", "direction"),
        ("caller", "040-ABC-DEFG", "caller"),
        ("caller", "0" * 100, "caller"),
        ("agent", "\u202e" + "a" * 1000, "agent"),
    ],
)
def test_overlong_and_wrong_metadata_is_refused_by_name(personas, client, field, value, word, tmp_path, settings):
    _token, raw = IngestToken.issue(personas.register, name="fields")
    settings.INGEST_RATE_PER_MINUTE = 0
    path = tmp_path / "call.wav"
    write_sample(path, "wav-mulaw", 2.0)
    ended = recent_call_end()
    data = {
        "external_id": "f-1",
        "started_at": (ended - timedelta(seconds=2)).isoformat(),
        "ended_at": ended.isoformat(),
        "direction": "inbound",
        "caller": "040 123 4567",
        "callee": "0103808000",
    }
    data[field] = value
    with open(path, "rb") as fh:
        response = client.post(
            f"/api/v1/registers/{personas.register.slug}/recordings/",
            {**data, "audio": fh},
            HTTP_AUTHORIZATION=f"Token {raw}",
        )
    assert response.status_code == 400, response.content
    assert word in response.json()["error"]
    assert not Recording.objects.exists()
