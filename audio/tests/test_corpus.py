"""Over the shared corpus of real and broken files (mutagen's test data), probe gives the verdict and the
duration the corpus manifest states, never raises anything but AudioError, and never hangs.

The expected values come from `corpus_manifest.csv`, written from facts
outside the code under test (mutagen's own test assertions, SoX decodes,
the formats' headers read by a separate reader, the README's format policy);
its header says which. Where the code disagrees with those facts, the code is
wrong or the manifest must say why the facts were misread.
"""

from __future__ import annotations

import csv
import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from audio.errors import AudioError
from audio.probe import probe
from audio.rendition import make_rendition
from conftest import require_or_skip

CORPUS_ROOT = Path(os.environ.get("AUDIO_CORPUS_DIR", Path(__file__).resolve().parents[2].parent / "shared" / "corpus"))
CORPUS = CORPUS_ROOT / "mutagen-tests-data"
FILES = sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []
MANIFEST_PATH = Path(__file__).with_name("corpus_manifest.csv")
PER_FILE_SECONDS = 10


@dataclass(frozen=True)
class Expected:
    file: str
    accept: bool
    min_seconds: float | None
    max_seconds: float | None
    channels: int | None
    error_mentions: str
    facts: str


def load_manifest() -> dict[str, Expected]:
    with MANIFEST_PATH.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        manifest = {}
        for row in rows:
            assert row["verdict"] in ("accept", "reject"), row
            accept = row["verdict"] == "accept"
            assert not accept or (row["min_seconds"] and row["max_seconds"]), row
            assert row["facts"], row
            manifest[row["file"]] = Expected(
                file=row["file"],
                accept=accept,
                min_seconds=float(row["min_seconds"]) if row["min_seconds"] else None,
                max_seconds=float(row["max_seconds"]) if row["max_seconds"] else None,
                channels=int(row["channels"]) if row["channels"] else None,
                error_mentions=row["error_mentions"],
                facts=row["facts"],
            )
    return manifest


MANIFEST = load_manifest()


def _require_corpus() -> None:
    require_or_skip(len(FILES) >= 100, f"the audio corpus (100 files) at {CORPUS}")


def test_the_manifest_names_every_corpus_file_and_nothing_else():
    _require_corpus()
    assert set(MANIFEST) == {p.name for p in FILES}
    verdicts = [e.accept for e in MANIFEST.values()]
    assert verdicts.count(True) >= 30 and verdicts.count(False) >= 30


def _probe(path: Path):
    started = time.monotonic()
    try:
        return probe(path)
    except AudioError as exc:
        assert len(str(exc)) > 10, path.name
        return exc
    finally:
        assert time.monotonic() - started < PER_FILE_SECONDS, f"{path.name} took too long"


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_probe_gives_the_manifests_verdict_and_duration(name):
    _require_corpus()
    expected = MANIFEST[name]
    outcome = _probe(CORPUS / name)
    if not expected.accept:
        assert isinstance(outcome, AudioError), f"{name} should be refused: {expected.facts}"
        assert expected.error_mentions in str(outcome), (name, str(outcome))
        return
    assert not isinstance(outcome, AudioError), f"{name} should be accepted ({expected.facts}): {outcome}"
    assert expected.min_seconds <= outcome.duration_seconds <= expected.max_seconds, (
        f"{name}: {outcome.duration_seconds:.4f} s, the facts say {expected.min_seconds}..{expected.max_seconds} s "
        f"({expected.facts})"
    )
    if expected.channels is not None:
        assert outcome.channels == expected.channels, name
    assert outcome.sample_rate > 0 and outcome.codec and outcome.container and outcome.format_label


def test_every_accepted_corpus_file_renders_at_the_manifests_length(tmp_path):
    _require_corpus()
    rendered = 0
    for name, expected in sorted(MANIFEST.items()):
        if not expected.accept:
            continue
        result = make_rendition(CORPUS / name, tmp_path / "out.ogg")
        # Opus frames are 20 ms; the rendition may end up to one frame either side of the source.
        assert expected.min_seconds - 0.03 <= result.duration_seconds <= expected.max_seconds + 0.03, (
            name,
            result.duration_seconds,
        )
        assert probe(tmp_path / "out.ogg").channels == min(2, expected.channels or 2), name
        rendered += 1
    assert rendered >= 30
