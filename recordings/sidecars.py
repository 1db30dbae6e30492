"""The call metadata that travels beside audio files: a JSON sidecar per file, or one manifest.csv per folder.

Each audio file has a JSON sidecar with the same name plus `.json`
(`call-001.wav` + `call-001.wav.json`, or `call-001.json`), holding the same
fields as the upload API; or the folder has one `manifest.csv` whose `file`
column names the audio file and whose other columns are those fields.

The import command reads a folder with these; the drop-folder and S3 connectors
read the same formats from wherever their files are, so both take bytes and names,
not paths.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

MANIFEST = "manifest.csv"
SIDECAR_SUFFIX = ".json"


def sidecar_names(audio_name: str) -> list[str]:
    """The names a sidecar of `audio_name` may have, the preferred first."""
    stem = audio_name.rsplit(".", 1)[0] if "." in audio_name else audio_name
    names = [audio_name + SIDECAR_SUFFIX, stem + SIDECAR_SUFFIX]
    return [name for name in dict.fromkeys(names) if name != audio_name]


def is_metadata_name(name: str) -> bool:
    return name.lower().endswith(SIDECAR_SUFFIX) or name == MANIFEST


def parse_sidecar(raw: bytes) -> tuple[dict | None, str | None]:
    """(metadata, None) or (None, the problem)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return None, f"sidecar is not valid JSON ({exc.__class__.__name__})"
    if not isinstance(data, dict):
        return None, "sidecar must hold a JSON object"
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}, None


def parse_manifest(text: str) -> list[tuple[int, str, dict]]:
    """(line number, the `file` column, the other columns) for each row of a manifest."""
    rows = []
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        name = (row.pop("file", "") or "").strip()
        rows.append((line, name, {k: (v or "").strip() for k, v in row.items() if k}))
    return rows


def _sidecar(audio: Path) -> Path | None:
    for name in sidecar_names(audio.name):
        candidate = audio.with_name(name)
        if candidate.exists():
            return candidate
    return None


def collect(folder: Path) -> list[tuple[Path, dict | None, str | None]]:
    """(audio path, metadata or None, problem or None) for every file of a folder to import."""
    manifest = folder / MANIFEST
    items: list[tuple[Path, dict | None, str | None]] = []
    if manifest.exists():
        text = manifest.read_text(encoding="utf-8-sig")
        for line, name, data in parse_manifest(text):
            path = (folder / name).resolve()
            if not name or folder.resolve() not in path.parents:
                items.append((folder / f"{MANIFEST}:{line}", None, "manifest: `file` is empty or outside the folder"))
            elif not path.is_file():
                items.append((path, None, "file named in the manifest does not exist"))
            else:
                items.append((path, data, None))
        return items
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() != SIDECAR_SUFFIX):
        sidecar = _sidecar(path)
        if sidecar is None:
            items.append((path, None, "no JSON sidecar with the call metadata"))
            continue
        data, problem = parse_sidecar(sidecar.read_bytes())
        items.append((path, data, problem))
    return items
