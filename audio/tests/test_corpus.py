"""Over the shared corpus of real and broken files (mutagen's test data), probe answers or refuses: it never
raises anything but AudioError, never hangs, and measures the files whose names state their length."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from audio.errors import AudioError
from audio.probe import probe
from audio.rendition import make_rendition
from conftest import require_or_skip

CORPUS_ROOT = Path(os.environ.get("AUDIO_CORPUS_DIR", Path(__file__).resolve().parents[2].parent / "shared" / "corpus"))
CORPUS = CORPUS_ROOT / "mutagen-tests-data"
FILES = sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []
PER_FILE_SECONDS = 10

# Names such as "8k-1ch-3.5s-silence.aif" or "silence-2s-PCM-16000-08-notags.wav" state the length.
STATED_LENGTH = re.compile(r"(?:^|-)(\d+(?:\.\d+)?)s-")
STATED_CHANNELS = re.compile(r"(?:^|-)(\d)ch-")
RATES = {"8k": 8000, "11k": 11025, "48k": 48000}
# Files that must be refused, and the word that says why.
MUST_REFUSE = {
    "emptyfile.mp3": "empty",
    "image.jpg": "JPEG",
    "sample.oggtheora": "no audio stream",
    "silence-1.wma": "unsupported audio format",
    "mac-399.ape": "unsupported audio format",
    "vbri.mp3": "truncated",
    "variable-block.flac": "truncated",
}
# Telephony-relevant containers holding plain PCM: these must be accepted.
MUST_ACCEPT = {".wav", ".aif"}


def _require_corpus() -> None:
    require_or_skip(len(FILES) >= 100, f"the audio corpus (100 files) at {CORPUS}")


def _probe(path: Path):
    started = time.monotonic()
    try:
        return probe(path)
    except AudioError as exc:
        assert len(str(exc)) > 10, path.name
        return exc
    finally:
        assert time.monotonic() - started < PER_FILE_SECONDS, f"{path.name} took too long"


@pytest.mark.parametrize("path", FILES or [None], ids=[p.name for p in FILES] or ["corpus-missing"])
def test_probe_answers_or_refuses(path):
    _require_corpus()
    outcome = _probe(path)
    if path.name in MUST_REFUSE:
        assert isinstance(outcome, AudioError), path.name
        assert MUST_REFUSE[path.name] in str(outcome)
    elif path.suffix in MUST_ACCEPT:
        assert not isinstance(outcome, AudioError), f"{path.name}: {outcome}"
    if isinstance(outcome, AudioError):
        return
    assert outcome.duration_seconds > 0 and outcome.sample_rate > 0 and outcome.channels > 0
    assert outcome.codec and outcome.container and outcome.format_label
    stated = STATED_LENGTH.search(path.name)
    if stated:
        assert outcome.duration_seconds == pytest.approx(float(stated.group(1)), abs=0.01)
    channels = STATED_CHANNELS.search(path.name)
    if channels:
        assert outcome.channels == int(channels.group(1))
    rate = RATES.get(path.name.split("-")[0])
    if rate:
        assert outcome.sample_rate == rate
    if path.name.startswith("silence-44-s"):
        assert outcome.duration_seconds == pytest.approx(3.7, abs=0.1)  # mutagen's own tests say ~3.7 s


def test_every_accepted_corpus_file_renders_at_its_length(tmp_path):
    _require_corpus()
    accepted = refused = 0
    for path in FILES:
        try:
            info = probe(path)
        except AudioError:
            refused += 1
            continue
        accepted += 1
        result = make_rendition(path, tmp_path / "out.ogg")
        assert result.duration_seconds == pytest.approx(info.duration_seconds, abs=0.1), path.name
        assert probe(tmp_path / "out.ogg").channels == min(2, info.channels), path.name
    assert accepted >= 30 and refused >= 30, (accepted, refused)
