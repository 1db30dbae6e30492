"""Over the shared corpus of real and broken files, probe answers or refuses; it never crashes or hangs."""

from __future__ import annotations

import os
import time
from pathlib import Path

from audio.errors import AudioError
from audio.probe import probe
from conftest import require_or_skip

CORPUS = (
    Path(os.environ.get("AUDIO_CORPUS_DIR", Path(__file__).resolve().parents[3] / "shared" / "corpus"))
    / "mutagen-tests-data"
)


def test_probe_answers_or_refuses_every_corpus_file():
    require_or_skip(CORPUS.is_dir(), f"the audio corpus at {CORPUS}")
    accepted, refused = 0, 0
    for path in sorted(CORPUS.iterdir()):
        started = time.monotonic()
        try:
            info = probe(path)
        except AudioError as exc:
            assert str(exc), path.name
            refused += 1
        else:
            assert info.duration_seconds > 0, path.name
            accepted += 1
        assert time.monotonic() - started < 10, path.name
    assert accepted >= 30 and refused >= 20, (accepted, refused)
