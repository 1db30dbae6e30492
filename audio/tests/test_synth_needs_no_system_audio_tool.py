"""Every demo and test format is written with what pip installs: no SoX or other system audio tool."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from audio.probe import probe
from audio.synth import FORMATS, SUFFIX

SCRIPT = """
import sys
from audio.synth import write_sample
for fmt in sys.argv[2:]:
    write_sample(f"{sys.argv[1]}/{fmt}", fmt, 3.0, channels=1, seed=4)
"""


def test_every_format_is_written_with_no_system_program_on_the_path(tmp_path):
    # Only the interpreter's own folder stays on PATH: /usr/bin (where sox lives) is gone.
    env = {"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), *FORMATS], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for fmt in FORMATS:
        info = probe(tmp_path / fmt)
        assert abs(info.duration_seconds - 3.0) < 0.1, fmt
    assert set(SUFFIX) == set(FORMATS)


def test_no_code_or_script_calls_sox():
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for pattern in ("**/*.py", "scripts/*", ".ci/*")
        for path in root.glob(pattern)
        if ".venv" not in path.parts
        and path.is_file()
        and path.name != Path(__file__).name
        and any(word in path.read_text(errors="ignore") for word in ('"sox"', "sox ", "libsox"))
    ]
    assert offenders == []
