"""Import a folder of recordings with their call metadata.

Each audio file has a JSON sidecar with the same name plus `.json`
(`call-001.wav` + `call-001.wav.json`, or `call-001.json`), holding the same
fields as the upload API; or the folder has one `manifest.csv` whose `file`
column names the audio file and whose other columns are those fields.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from recordings.errors import RecordingError
from recordings.services import parse_call_metadata, recording_ingest, stored_copy
from registers.models import Register

MANIFEST = "manifest.csv"


def _sidecar(audio: Path) -> Path | None:
    for candidate in (audio.with_name(audio.name + ".json"), audio.with_suffix(".json")):
        if candidate.exists() and candidate != audio:
            return candidate
    return None


def collect(folder: Path) -> list[tuple[Path, dict | None, str | None]]:
    """(audio path, metadata or None, problem or None) for every file to import."""
    manifest = folder / MANIFEST
    items: list[tuple[Path, dict | None, str | None]] = []
    if manifest.exists():
        with manifest.open(newline="", encoding="utf-8-sig") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                name = (row.pop("file", "") or "").strip()
                path = (folder / name).resolve()
                if not name or folder.resolve() not in path.parents:
                    items.append(
                        (folder / f"{MANIFEST}:{line}", None, "manifest: `file` is empty or outside the folder")
                    )
                elif not path.is_file():
                    items.append((path, None, "file named in the manifest does not exist"))
                else:
                    items.append((path, {k: (v or "").strip() for k, v in row.items() if k}, None))
        return items
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() != ".json"):
        sidecar = _sidecar(path)
        if sidecar is None:
            items.append((path, None, "no JSON sidecar with the call metadata"))
            continue
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            items.append((path, None, f"sidecar is not valid JSON ({exc.__class__.__name__})"))
            continue
        if not isinstance(data, dict):
            items.append((path, None, "sidecar must hold a JSON object"))
            continue
        items.append((path, {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}, None))
    return items


class Command(BaseCommand):
    help = "Import a folder of audio files with JSON sidecars (or a manifest.csv) into a register."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("folder")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, slug, folder, no_progress=False, **options):
        register = Register.objects.filter(slug=slug).first()
        if register is None:
            raise CommandError(f"no register with slug “{slug}”")
        root = Path(folder)
        if not root.is_dir():
            raise CommandError(f"“{folder}” is not a folder")
        items = collect(root)
        if not items:
            raise CommandError(f"“{folder}” holds no audio files")
        accepted, existing, rejected = 0, 0, []
        for path, data, problem in tqdm(items, disable=no_progress, unit="file", desc="importing"):
            if problem is None:
                try:
                    metadata = parse_call_metadata(data)
                    # A rerun of an interrupted import meets many stored calls: each is answered without its work.
                    created = False
                    if stored_copy(register, metadata.external_id, path) is None:
                        _recording, created = recording_ingest(
                            register=register, audio_path=path, metadata=metadata, actor_label="import_recordings"
                        )
                except RecordingError as exc:
                    problem = exc.message
                else:
                    accepted += created
                    existing += not created
            if problem:
                rejected.append((path.name, problem))
        self.stdout.write(f"accepted: {accepted}, already stored: {existing}, rejected: {len(rejected)}")
        for name, problem in rejected:
            self.stdout.write(f"  rejected {name}: {problem}")
        if rejected:
            raise CommandError(f"{len(rejected)} file(s) rejected", returncode=1)
