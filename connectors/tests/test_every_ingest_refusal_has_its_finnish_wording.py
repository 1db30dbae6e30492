"""Each refusal ingest words today reads wholly in Finnish on the connector's page: a change of ingest's English
that the page's patterns no longer match shows here, before an IT admin meets it half in English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from audio.synth import write_sample
from connectors.wording import reason_in_page_language
from recordings.errors import RecordingError
from recordings.models import Recording
from recordings.services import (
    check_call_times,
    check_duration,
    parse_call_metadata,
    recording_ingest,
    recording_shred,
)
from recordings.tests.conftest import call_data

pytestmark = pytest.mark.django_db

BAD_METADATA = [
    {"external_id": ""},
    {"external_id": 5},
    {"external_id": "x" * 300},
    {"external_id": "a\x01b"},
    {"started_at": "yesterday"},
    {"started_at": "2026-01-01T10:00:00"},
    {"started_at": "2026-01-01T10:00:00+15:00"},
    {"ended_at": "2026-01-01T09:00:00+02:00"},
    {"direction": "sideways"},
    {"caller": "abc"},
    {"caller": "+12"},
    {"callee": "1" * 39},
]


def _refusal(call) -> str:
    with pytest.raises(RecordingError) as refused:
        call()
    return refused.value.message


def _refusals(personas, tmp_path) -> list[str]:
    messages = [_refusal(lambda bad=bad: parse_call_metadata({**call_data(3.0), **bad})) for bad in BAD_METADATA]
    meta = parse_call_metadata(call_data(3.0))
    messages.append(_refusal(lambda: check_duration(30.0, meta)))
    future = datetime.now(UTC) + timedelta(days=3)
    late = parse_call_metadata(call_data(3.0, ended=future))
    messages.append(_refusal(lambda: check_call_times(personas.register, late)))
    for name, content in (("empty.wav", b""), ("jpeg.wav", b"\xff\xd8\xff" + b"\0" * 2000), ("text.wav", b"x" * 999)):
        (tmp_path / name).write_bytes(content)
        messages.append(
            _refusal(
                lambda name=name: recording_ingest(
                    register=personas.register, audio_path=tmp_path / name, metadata=meta
                )
            )
        )
    write_sample(tmp_path / "a.wav", "wav-mulaw", 3.0)
    recording_ingest(register=personas.register, audio_path=tmp_path / "a.wav", metadata=meta)
    write_sample(tmp_path / "b.wav", "wav-mulaw", 3.2)
    messages.append(
        _refusal(lambda: recording_ingest(register=personas.register, audio_path=tmp_path / "b.wav", metadata=meta))
    )
    # A call the register deleted, sent again.
    recording_shred(Recording.objects.get(external_id=meta.external_id), reason="erasure", reference="SR-1")
    messages.append(
        _refusal(lambda: recording_ingest(register=personas.register, audio_path=tmp_path / "a.wav", metadata=meta))
    )
    return messages


def test_every_refusal_reads_wholly_in_finnish(personas, tmp_path):
    messages = _refusals(personas, tmp_path)
    assert len(messages) == len(BAD_METADATA) + 7
    with translation.override("fi"):
        half_english = [m for m in messages if m.partition(": ")[2] in reason_in_page_language(m)]
    assert half_english == []
    with translation.override("en"):
        assert "is not an ISO 8601 timestamp" in reason_in_page_language(messages[4])
